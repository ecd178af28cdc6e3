"""Screening rules as data: one YAML file per language, validated and compiled once.

A rule file holds the language's stopwords (to detect it); its cues: negations (before a hit, or after it:
"is prohibited"), hedges (a hedged hit is partial),
operative words (a short phrase without one is a heading: partial), recitals and definitions (a hit in a preamble
recital or a definition is partial) and information lists (what authorities tell each other is no commitment);
and per provision the patterns that make it present, partial or contrary.

A pattern is a regular expression matched without regard to case from the start of a word; a space in it matches
any run of whitespace (PDF text breaks lines anywhere; ` ?` any or none), and ` ~ ` a gap of up to six words. A
list of patterns matches when every one of them matches in the same sentence, near each other, and none of its
parts written `!…` matches near them (an exception: `["consent of the employer", "change", "!without"]`). Kinds:

- `present`: wording that commits the parties to the provision; a hedge in the sentence makes it partial;
- `partial`: wording that touches it only weakly (only some workers, only a part of it);
- `contrary`: wording that says the opposite;
- `rights`: a right of the worker: affirmed it is present, negated ("shall not change employer") contrary;
- `practices`: a harmful practice: negated ("shall not retain the passport") it is present, allowed contrary.
"""

from __future__ import annotations

import re
import re._parser as regex_parser  # reads a pattern's first letters, to look patterns up by word, not scan for them
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from re._constants import ASSERT, ASSERT_NOT, AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from grmg.core.framework import FrameworkError, Text, _validate
from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem

RULES_SCHEMA = "grmg-screening-rules/1"
RULES_DIR = Path(__file__).resolve().parent / "rules"
KINDS = ("present", "partial", "contrary", "rights", "practices")
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
SourcePattern = Annotated[str, StringConstraints(min_length=1)] | Annotated[list[str], Field(min_length=1)]
GAP = r"\W+(?:\w+\W+){0,6}?"  # what ` ~ ` stands for: up to six words in between
MAX_PREFIXES = 400  # a pattern that can start in more ways than this is scanned for, not looked up by its words


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProvisionRuleFile(_Strict):
    """The patterns of one provision as a rule file writes them."""

    in_information_lists: bool = False  # whether a hit counts inside a list of information to exchange
    present: list[SourcePattern] = []
    partial: list[SourcePattern] = []
    contrary: list[SourcePattern] = []
    rights: list[SourcePattern] = []
    practices: list[SourcePattern] = []


class RuleFile(_Strict):
    """A rule file: one language's cues and provision patterns."""

    rules_schema: Literal["grmg-screening-rules/1"] = Field(alias="schema")
    language: LanguageCode
    name: Text
    extends: LanguageCode | None = None
    stopwords: str | list[str] = []
    negations: list[str] = []
    negations_after: list[str] = []
    hedges: list[str] = []
    operative: list[str] = []
    recitals: list[str] = []
    definitions: list[str] = []
    information_lists: list[str] = []
    provisions: dict[str, ProvisionRuleFile] = {}


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern: its parts must all match in one sentence, its exceptions not; `source` as written."""

    source: str
    parts: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class ProvisionRules:
    """The compiled patterns of one provision, by kind."""

    in_information_lists: bool = False
    present: tuple[Pattern, ...] = ()
    partial: tuple[Pattern, ...] = ()
    contrary: tuple[Pattern, ...] = ()
    rights: tuple[Pattern, ...] = ()
    practices: tuple[Pattern, ...] = ()

    def kinds(self) -> Iterator[tuple[str, tuple[Pattern, ...]]]:
        """Each kind with its patterns."""
        return ((kind, getattr(self, kind)) for kind in KINDS)

    @cached_property
    def numbered(self) -> tuple[tuple[str, Pattern], ...]:
        """Every pattern with its kind, in kind order: a pattern's position is its number in the word index."""
        return tuple((kind, pattern) for kind, group in self.kinds() for pattern in group)

    def merged(self, other: ProvisionRules) -> ProvisionRules:
        """These patterns and another file's, kind by kind."""
        return ProvisionRules(self.in_information_lists or other.in_information_lists,
                              **{kind: getattr(self, kind) + getattr(other, kind) for kind in KINDS})


@dataclass(frozen=True)
class LanguageRules:
    """The compiled rules of one language."""

    language: str
    name: str
    stopwords: frozenset[str]
    negation: re.Pattern[str] | None
    negation_after: re.Pattern[str] | None
    hedge: re.Pattern[str] | None
    operative: re.Pattern[str] | None
    recital: re.Pattern[str] | None
    definition: re.Pattern[str] | None
    information_list: re.Pattern[str] | None
    provisions: Mapping[str, ProvisionRules]
    source: str = ""

    @cached_property
    def word_index(self) -> WordIndex:
        """The provisions each word start may open a hit for, built once: one pass over a text finds candidates."""
        return WordIndex.of(self.provisions)

    def merged(self, other: LanguageRules) -> LanguageRules:
        """These rules with another file's added (cues and patterns)."""
        provisions = dict(self.provisions)
        for key, rules in other.provisions.items():
            provisions[key] = provisions[key].merged(rules) if key in provisions else rules
        return replace(self, stopwords=self.stopwords | other.stopwords,
                       negation=_either(self.negation, other.negation), hedge=_either(self.hedge, other.hedge),
                       negation_after=_either(self.negation_after, other.negation_after),
                       operative=_either(self.operative, other.operative),
                       recital=_either(self.recital, other.recital),
                       definition=_either(self.definition, other.definition),
                       information_list=_either(self.information_list, other.information_list),
                       provisions=provisions, source=f"{self.source}, {other.source}")


@dataclass(frozen=True)
class WordIndex:
    """The patterns (provision, number) a word's first letters may start, and those no word tells (scanned)."""

    prefixes: Mapping[str, frozenset[tuple[str, int]]]
    lengths: tuple[int, ...]
    scanned: Mapping[tuple[str, int], re.Pattern[str]]

    @classmethod
    def of(cls, provisions: Mapping[str, ProvisionRules]) -> WordIndex:
        """The index of a language's provision patterns."""
        prefixes: dict[str, set[tuple[str, int]]] = {}
        scanned: dict[tuple[str, int], re.Pattern[str]] = {}
        for key, rules in provisions.items():
            for number, (_kind, pattern) in enumerate(rules.numbered):
                # Every part must match for a hit, so the words of any one part find every sentence that may hold it.
                known = (word_prefixes(part.pattern) for part in pattern.parts)
                starts = next((found for found in known if found is not None), None)
                if starts is None and pattern.parts:
                    scanned[(key, number)] = pattern.parts[0]
                for start in starts or ():
                    prefixes.setdefault(start, set()).add((key, number))
        return cls({start: frozenset(keys) for start, keys in prefixes.items()},
                   tuple(sorted({len(start) for start in prefixes})), scanned)


def word_prefixes(pattern: str) -> frozenset[str] | None:
    """The lower-case letters every match of a pattern starts with (from its first word), or None if unknown."""
    try:
        found = _prefixes(list(regex_parser.parse(pattern, re.IGNORECASE)))
    except (re.error, RecursionError):
        return None
    return frozenset(found) if found and all(found) and len(found) <= MAX_PREFIXES else None


def _prefixes(items: Any) -> set[str]:
    """The letters a run of parsed regex items (untyped, from re._parser) starts with, up to the first non-letter."""
    found = {""}
    for n, (op, value) in enumerate(items):
        if op in (AT, ASSERT, ASSERT_NOT) and found == {""}:
            continue  # the word-start guard and other zero-width tests match no letter
        letters = _letters(op, value)
        if letters:
            found = {start + letter for start in found for letter in letters}
            continue
        if op is BRANCH:
            return {start + more for start in found for branch in value[1] for more in _prefixes(branch)}
        if op is SUBPATTERN:
            return {start + more for start in found for more in _prefixes(value[-1])}
        if op in (MAX_REPEAT, MIN_REPEAT):
            least, inner = value[0], value[2]
            taken = {start + more for start in found for more in _prefixes(inner)}
            skipped = {start + more for start in found for more in _prefixes(items[n + 1:])} if least == 0 else set()
            return taken | skipped
        return found
    return found


def _letters(op: Any, value: Any) -> list[str]:
    """The lower-case letters one parsed item matches (a letter, or a class of a few letters), else none."""
    if op is LITERAL and chr(value).isalpha():
        return [chr(value).lower()]
    if op is IN and all(kind is LITERAL and chr(code).isalpha() for kind, code in value):
        return [chr(code).lower() for _kind, code in value]
    return []


@dataclass(frozen=True)
class RuleSet:
    """The rules of every language available, by language code."""

    languages: Mapping[str, LanguageRules] = field(default_factory=dict)

    def with_rules(self, rules: LanguageRules, extends: bool) -> RuleSet:
        """A rule set with one more language, or with a language's rules added to (extends) or replaced."""
        current = self.languages.get(rules.language)
        added = current.merged(rules) if extends and current is not None else rules
        return RuleSet({**self.languages, rules.language: added})


class RuleError(InputError):
    """A rule file that cannot be used; lists every problem found."""


@lru_cache(maxsize=1)
def shipped_rules() -> RuleSet:
    """The rules shipped with grmg: every `rules/xx.yaml`, compiled once."""
    rules = RuleSet()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        rules = load_rules(path, rules)
    return rules


def load_rules(path: Path, base: RuleSet | None = None) -> RuleSet:
    """Read a rule file and add it to `base` (a file with `extends: xx` adds to that language's rules)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), [Problem("", _("cannot read the file: %s") % exc)]) from None
    return parse_rules(text, str(path), base)


def parse_rules(text: str, source: str, base: RuleSet | None = None) -> RuleSet:
    """Validate and compile rule text (YAML or JSON) and add it to `base`."""
    try:
        data = _validate(RuleFile, _read_rule_yaml(text, source), source)
    except FrameworkError as exc:  # the same YAML reading and path-named problems as framework files
        raise RuleError(exc.source, exc.problems) from None
    base = base or RuleSet()
    if data.extends is not None and data.extends != data.language:
        raise RuleError(source, [Problem("extends", _("a rule file can only extend the rules of its own language "
                                                      "(%s)") % data.language)])
    if data.extends is not None and data.extends not in base.languages:
        raise RuleError(source, [Problem("extends", _("no rules for language %s to extend") % data.extends)])
    return base.with_rules(compile_rules(data, source), extends=data.extends is not None)


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: 10× faster


class _RuleLoader(_BaseLoader):
    """A YAML loader that notes keys given twice in one mapping (YAML silently keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """The mapping, after noting each key that repeats an earlier one."""
        seen: set[str] = set()
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    self.repeated.append(Problem(f"line {key.start_mark.line + 1}", _(
                        "%r is given twice in the same mapping") % key.value))
                seen.add(key.value)
        return dict(super().construct_mapping(node, deep))


def _read_rule_yaml(text: str, source: str) -> dict[str, Any]:
    """The mapping a rule file holds; RuleError for invalid YAML, another top level, or a key given twice."""
    loader = _RuleLoader(text)
    loader.repeated = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(source, [Problem(where, _("not valid YAML: %s") % problem)]) from None
    finally:
        loader.dispose()
    if loader.repeated:
        raise RuleError(source, loader.repeated)
    if not isinstance(data, dict):
        raise RuleError(source, [Problem("", _("the file must hold a mapping at the top level"))])
    return data


def compile_rules(data: RuleFile, source: str) -> LanguageRules:
    """Compile a validated rule file; RuleError names every pattern that is not a valid regular expression."""
    problems: list[Problem] = []
    cues = {name: _alternation(getattr(data, name), name, problems)
            for name in ("negations", "negations_after", "hedges", "operative", "recitals", "definitions",
                         "information_lists")}
    provisions = {key: _provision(rules, f"provisions.{key}", problems) for key, rules in data.provisions.items()}
    if problems:
        raise RuleError(source, problems)
    words = data.stopwords.split() if isinstance(data.stopwords, str) else data.stopwords
    return LanguageRules(language=data.language, name=data.name, stopwords=frozenset(w.lower() for w in words),
                         negation=cues["negations"], negation_after=cues["negations_after"], hedge=cues["hedges"],
                         operative=cues["operative"],
                         recital=cues["recitals"], definition=cues["definitions"],
                         information_list=cues["information_lists"], provisions=provisions, source=source)


def _provision(rules: ProvisionRuleFile, path: str, problems: list[Problem]) -> ProvisionRules:
    compiled = {kind: tuple(_pattern(written, f"{path}.{kind}[{n}]", problems)
                            for n, written in enumerate(getattr(rules, kind))) for kind in KINDS}
    return ProvisionRules(rules.in_information_lists, **compiled)


def _pattern(written: str | list[str], path: str, problems: list[Problem]) -> Pattern:
    parts = [written] if isinstance(written, str) else written
    paths = [f"{path}[{k}]" if len(parts) > 1 else path for k in range(len(parts))]
    if all(part.startswith("!") for part in parts):
        problems.append(Problem(path, _("a pattern needs at least one part that is not an exception (!…)")))
    matching = [_compile(part, where, problems) for part, where in zip(parts, paths, strict=True)
                if not part.startswith("!")]
    exceptions = [_compile(part[1:], where, problems) for part, where in zip(parts, paths, strict=True)
                  if part.startswith("!")]
    return Pattern(" + ".join(parts), tuple(r for r in matching if r is not None),
                   tuple(r for r in exceptions if r is not None))


def _alternation(cues: list[str], path: str, problems: list[Problem]) -> re.Pattern[str] | None:
    regexes = [_compile(cue, f"{path}[{n}]", problems) for n, cue in enumerate(cues)]
    valid = [regex.pattern for regex in regexes if regex is not None]
    return re.compile("|".join(f"(?:{p})" for p in valid), re.IGNORECASE) if valid else None


def _either(one: re.Pattern[str] | None, other: re.Pattern[str] | None) -> re.Pattern[str] | None:
    if one is None or other is None:
        return one or other
    return re.compile(f"(?:{one.pattern})|(?:{other.pattern})", re.IGNORECASE)


def _compile(written: str, path: str, problems: list[Problem]) -> re.Pattern[str] | None:
    try:
        regex = re.compile(expand(written), re.IGNORECASE)
    except re.error as exc:
        problems.append(Problem(path, _("not a valid regular expression: %s") % exc.msg))
        return None
    if regex.search(""):
        problems.append(Problem(path, _("the pattern matches empty text")))
        return None
    return regex


def expand(written: str) -> str:
    """The regular expression a written pattern stands for (word start, flexible spaces, ` ~ ` gaps)."""
    body = written.strip().replace(" ~ ", "\x00").replace(" ?", r"\s*").replace(" ", r"\s+").replace("\x00", GAP)
    return rf"(?<!\w)(?:{body})"
