"""The rule and lexicon screener: clauses in, one finding per checklist provision out, optionally with semantics.

Rules fire per sentence (a pattern's parts must all match in one sentence, near each other); the evidence of a
provision is the clauses its winning hits fall in. Status order: contrary > present > partial > absent, because
an analyst must see a restriction even when another clause protects. A semantic matcher adds evidence but
never makes a provision contrary.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from grmg.core.i18n import _
from grmg.core.screening import ChecklistItem, Clause, Finding, Screening, Span, Status
from grmg.core.screening.rules import LanguageRules, Pattern, ProvisionRules, RuleSet, shipped_rules
from grmg.core.screening.segment import segment

UNDETERMINED = "und"  # ISO 639-2 for a language that cannot be told
OTHER_LANGUAGES = Path(__file__).resolve().parent / "languages.yaml"
DETECT_CHARACTERS = 40_000  # enough to tell a language; the rest of a long text adds nothing
MIN_STOPWORD_SHARE = 0.08  # below this share of stopwords the text is in none of the known languages
SECOND_LANGUAGE_SHARE = 0.4  # a language this close to the best also gets screened (bilingual agreements)
NEAR = 200  # characters: the parts of a pattern must lie this close to each other
NEGATION_BEFORE, NEGATION_AFTER = 100, 80  # how far from a hit a negation cue still governs it
LIST_REACH = 1500  # how far back a list of information to exchange still governs a list item
HEADING_WORDS = 8  # a phrase this short without an operative word only names a topic
LONG_CLAUSE = 600  # evidence from a longer clause is narrowed to the sentence, so analysts read what fired
MAX_EVIDENCE = 5
SEMANTIC_LIFT = 0.7  # a semantic match this close, with no rule hit, suggests `partial`
SEMANTIC_AGREE = 0.5  # a semantic match this close on a clause the rules also hit counts as agreement

# A full stop after one of these (or after a number or a single letter) does not end the sentence.
ABBREVIATIONS = frozenset({"no", "nr", "art", "arts", "para", "paras", "abs", "bzw", "vgl", "cf", "ca", "co", "ltd",
                           "inc", "st", "mr", "mrs", "ms", "dr", "hlm", "dll", "dsb", "ecc", "pag", "e.g", "i.e",
                           "etc", "lit", "ziff"})
SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'“(\[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n")
LAST_WORD = re.compile(r"([\w.]*)$")
LIST_ITEM = re.compile(r"\s*(?:\(\w{1,4}\)|\w{1,3}\)|[-–•*·]\s)")
HEADING_LINE = re.compile(r"\s*(?:Art(?:icle|ikel|icolo|\.)?|Pasal|Paragraph|Section|Chapter|Kapitel|Bab|Annex|§)"
                          r"\s*[\dIVXLC]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"\w+")
CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|or|whereas|while|und|aber|oder|dan|tetapi|atau|serta|e|ma|o)\s",
                          re.IGNORECASE)
RECITAL_OPENING = re.compile(r"[\s\-–•*,]*(?:and,?\s+)?")  # what may come before a recital's first word
CONTRARY_WHY = {"contrary": _("contrary: %s"), "rights": _("contrary (right denied): %s"),
                "practices": _("contrary (practice allowed): %s")}
PRESENT_WHY = {"present": _("present: %s"), "rights": _("right: %s"), "practices": _("practice banned: %s")}


class Matcher(Protocol):
    """A semantic matcher (see grmg.core.screening.semantic): clauses close in meaning to each provision."""

    def match(self, clauses: Sequence[Clause], items: Sequence[ChecklistItem],
              language: str) -> dict[str, list[tuple[int, float]]]:
        """For each provision id, (clause index, similarity in [0,1]) of the clauses that match it, best first."""
        ...


@dataclass(frozen=True)
class Sentence:
    """A sentence of a clause: [start, end) in the text."""

    start: int
    end: int
    clause: int


@dataclass(frozen=True)
class Hit:
    """A pattern that fired in one sentence: its kind, the status it suggests and why."""

    kind: str
    status: Status
    sentence: Sentence
    start: int
    end: int
    why: str


@dataclass(frozen=True)
class Document:
    """A text cut into clauses and sentences, with what the rules need to look around a hit."""

    text: str
    clauses: tuple[Clause, ...]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences of every clause, in text order."""
        found = []
        for clause in self.clauses:
            start = clause.start
            for end in SENTENCE_END.finditer(self.text, clause.start, clause.end):
                if _ends_sentence(self.text, end.start()):
                    found.append(Sentence(start, end.end(), clause.index))
                    start = end.end()
            found.append(Sentence(start, clause.end, clause.index))
        return tuple(s for s in found if self.text[s.start:s.end].strip())

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, to find a position's sentence by bisection."""
        return [s.start for s in self.sentences]

    @cached_property
    def words(self) -> list[tuple[int, str]]:
        """Where each word starts, and the word in lower case."""
        return [(match.start(), match.group().lower()) for match in TOKEN.finditer(self.text)]

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence holding the character at offset, or None between clauses."""
        i = bisect_right(self.sentence_starts, offset) - 1
        return i if i >= 0 and offset < self.sentences[i].end else None

    def candidates(self, rules: LanguageRules) -> dict[str, dict[int, set[int]]]:
        """For each provision: the sentences where its patterns may match, and which: one pass over the words."""
        if rules.language not in self._candidates:
            self._candidates[rules.language] = self._find_candidates(rules)
        return self._candidates[rules.language]

    def _find_candidates(self, rules: LanguageRules) -> dict[str, dict[int, set[int]]]:
        index = rules.word_index
        found: dict[str, dict[int, set[int]]] = {}
        for offset, word in self.words:
            for length in index.lengths:
                if length > len(word):
                    break
                keys = index.prefixes.get(word[:length], ())
                sentence = self.sentence_at(offset) if keys else None
                if sentence is not None:
                    for provision, number in keys:
                        found.setdefault(provision, {}).setdefault(sentence, set()).add(number)
        for (provision, number), part in index.scanned.items():
            for match in part.finditer(self.text):
                sentence = self.sentence_at(match.start())
                if sentence is not None:
                    found.setdefault(provision, {}).setdefault(sentence, set()).add(number)
        return found

    @cached_property
    def _candidates(self) -> dict[str, dict[str, dict[int, set[int]]]]:
        return {}

    @cached_property
    def article_starts(self) -> list[int]:
        """For each clause, where its article (the run of clauses under one heading) starts."""
        starts: list[int] = []
        for n, clause in enumerate(self.clauses):
            same = n > 0 and clause.article == self.clauses[n - 1].article
            starts.append(starts[-1] if same else clause.start)
        return starts


def _ends_sentence(text: str, stop: int) -> bool:
    if text[stop] == "\n":
        return True
    word = LAST_WORD.search(text, max(0, stop - 12), stop)
    last = word.group(1).lower() if word else ""
    return not (last in ABBREVIATIONS or len(last) <= 1 or last[-1:].isdigit())


def screen(file: str, text: str, checklist: Sequence[ChecklistItem], rules: RuleSet | None = None,
           semantic: Matcher | None = None, language: str | None = None) -> Screening:
    """Screen one text against the checklist: one finding per provision, in checklist order."""
    rules = rules or shipped_rules()
    document = Document(text, tuple(segment(text)))
    languages = [language] if language else detect_languages(text, rules)
    primary = languages[0] if languages else UNDETERMINED
    usable = [rules.languages[code] for code in languages if code in rules.languages]
    if not usable:
        return Screening(file, primary, tuple(_no_rules(item, primary) for item in checklist), document.clauses)
    findings = [decide(item.id, document, hits(item.id, document, usable)) for item in checklist]
    if semantic is not None:
        matches = semantic.match(document.clauses, checklist, primary)
        findings = [combine(finding, matches.get(finding.id, []), document) for finding in findings]
    return Screening(file, primary, tuple(findings), document.clauses)


def _no_rules(item: ChecklistItem, language: str) -> Finding:
    return Finding(item.id, "absent", (), 0.0, (_("no rules for language %s") % language,))


def detect_languages(text: str, rules: RuleSet) -> list[str]:
    """The languages the text is written in, best first: by the share of each language's stopwords."""
    words = WORD.findall(text[:DETECT_CHARACTERS].lower())
    if not words:
        return []
    stopwords = {**other_language_stopwords(), **{code: r.stopwords for code, r in rules.languages.items()}}
    shares = sorted(((sum(w in vocabulary for w in words) / len(words), code)
                     for code, vocabulary in stopwords.items() if vocabulary), reverse=True)
    best = shares[0][0] if shares else 0.0
    return [code for share, code in shares if share >= max(best * SECOND_LANGUAGE_SHARE, MIN_STOPWORD_SHARE)]


@lru_cache(maxsize=1)
def other_language_stopwords() -> dict[str, frozenset[str]]:
    """Stopwords of languages with no rule file, so a text in one of them is named, not guessed."""
    data = yaml.safe_load(OTHER_LANGUAGES.read_text(encoding="utf-8"))
    return {code: frozenset(words.split()) for code, words in data.items()}


def hits(provision: str, document: Document, languages: Sequence[LanguageRules]) -> list[Hit]:
    """Every hit of a provision's rules, over the rules of each language given."""
    found: list[Hit] = []
    for rules in languages:
        patterns = rules.provisions.get(provision)
        if patterns is not None:
            candidates = document.candidates(rules).get(provision, {})
            for index in sorted(candidates):
                found += sentence_hits(patterns, rules, document, document.sentences[index], candidates[index])
    return found


def sentence_hits(patterns: ProvisionRules, rules: LanguageRules, document: Document, sentence: Sentence,
                  numbers: set[int]) -> list[Hit]:
    """The hits in one sentence of a provision's patterns (those numbered), each with the status it suggests."""
    found: list[Hit] = []
    for number in sorted(numbers):
        kind, pattern = patterns.numbered[number]
        spans = match_spans(pattern, document.text, sentence)
        if spans is not None:
            found.append(_hit(kind, rules, document.text, sentence, spans))
    if found and not patterns.in_information_lists and _in_information_list(rules, document, sentence, found):
        return []
    protective = [hit for hit in found if hit.status in ("present", "partial")]
    # A derived contrary beside a protective hit in one part of a sentence is a negation read the wrong way round;
    # across a semicolon it is another commitment ("the employer may keep the passport; the worker keeps …").
    return [hit for hit in found if not (hit.status == "contrary" and hit.kind != "contrary" and any(
        _same_part(document.text, hit, other) for other in protective))]


def _same_part(text: str, one: Hit, other: Hit) -> bool:
    """Whether two hits of a sentence lie in one part of it: no semicolon between them."""
    first, second = sorted((one, other), key=lambda hit: hit.start)
    return ";" not in text[first.end:second.start]


def match_spans(pattern: Pattern, text: str, sentence: Sentence) -> list[tuple[int, int]] | None:
    """Where each part of the pattern matches, near the others in its sentence, with no exception near in its part."""
    if not pattern.parts or pattern.parts[0].search(text, sentence.start, sentence.end) is None:
        return None
    others = []
    for part in pattern.parts[1:]:
        matches = list(part.finditer(text, sentence.start, sentence.end))
        if not matches:
            return None
        others.append(matches)
    for anchor in pattern.parts[0].finditer(text, sentence.start, sentence.end):
        chosen = [_nearest(matches, anchor.start(), anchor.end()) for matches in others]
        spans = [(anchor.start(), anchor.end()), *((c.start(), c.end()) for c in chosen if c is not None)]
        if len(spans) <= len(others):
            continue
        start, end = min(s for s, _e in spans), max(e for _s, e in spans)
        # An exception speaks only within the part of the sentence the hit lies in: across a semicolon is another
        # commitment ("the employer may keep the passport; the worker keeps the residence card").
        part_start = max(sentence.start, text.rfind(";", sentence.start, start) + 1)
        part_end = text.find(";", end, sentence.end)
        around = max(part_start, start - NEAR), min(sentence.end if part_end < 0 else part_end, end + NEAR)
        if not any(exception.search(text, *around) for exception in pattern.exceptions):
            return spans
    return None


def _nearest(matches: list[re.Match[str]], start: int, end: int) -> re.Match[str] | None:
    best = min(matches, key=lambda m: max(0, m.start() - end, start - m.end()))
    return best if max(0, best.start() - end, start - best.end()) <= NEAR else None


def _hit(kind: str, rules: LanguageRules, text: str, sentence: Sentence, spans: list[tuple[int, int]]) -> Hit:
    start, end = min(s for s, _e in spans), max(e for _s, e in spans)
    quoted = _quote(text[start:end])
    negated = kind in ("rights", "practices") and _negated(rules, text, sentence, spans)
    if kind == "contrary" or (kind == "rights" and negated) or (kind == "practices" and not negated):
        return Hit(kind, "contrary", sentence, start, end, CONTRARY_WHY[kind] % quoted)
    if kind == "partial":
        return Hit(kind, "partial", sentence, start, end, _("partial: %s") % quoted)
    why = PRESENT_WHY[kind] % quoted
    hedge = rules.hedge.search(text, sentence.start, sentence.end) if rules.hedge else None
    if hedge is not None:
        return Hit(kind, "partial", sentence, start, end, _("%(why)s, hedged by %(hedge)s") % {
            "why": why, "hedge": _quote(hedge.group())})
    weak = _weak_context(rules, text, sentence, start, end)
    if weak:
        return Hit(kind, "partial", sentence, start, end, f"{why}, {weak}")
    return Hit(kind, "present", sentence, start, end, why)


def _negated(rules: LanguageRules, text: str, sentence: Sentence, spans: list[tuple[int, int]]) -> bool:
    # Before and inside a hit any negation counts ("shall not retain"); after it only one that predicates the hit
    # ("is prohibited"), since a later "not" often belongs to the next clause ("... and will not be returned").
    # A negation does not reach across a coordinated clause: "shall not be recruited, and ... shall undergo".
    # A cue that opens a part of the pattern names the practice and does not negate it ("deployment ... is banned").
    start, end = min(s for s, _e in spans), max(e for _s, e in spans)
    reach = max(sentence.start, start - NEGATION_BEFORE)
    reach = max([reach, *(m.end() for m in CLAUSE_BREAK.finditer(text, reach, start))])
    before = rules.negation and _cues_outside(rules.negation, text, reach, end, spans)
    after = rules.negation_after and _cues_outside(rules.negation_after, text, end,
                                                   min(sentence.end, end + NEGATION_AFTER), spans)
    return bool(before or after)


def _cues_outside(cue: re.Pattern[str], text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the cue occurs between start and end other than where one of the pattern's parts matched."""
    opening = {part_start for part_start, _end in spans}
    return any(match.start() not in opening for match in cue.finditer(text, start, end))


def _weak_context(rules: LanguageRules, text: str, sentence: Sentence, start: int, end: int) -> str:
    """Why a hit commits to nothing (a heading, a preamble recital, a definition), or "" when it may."""
    if _heading(rules, text, sentence, start, end):
        return _("in a heading only")
    phrase_start = max(sentence.start, text.rfind("\n", sentence.start, start) + 1, text.rfind(";", sentence.start,
                                                                                              start) + 1)
    opening = RECITAL_OPENING.match(text, phrase_start, start)
    if rules.recital and opening and rules.recital.match(text, opening.end(), start):
        return _("in a preamble recital")
    if rules.definition and rules.definition.search(text, sentence.start, start):
        return _("in a definition")
    return ""


def _heading(rules: LanguageRules, text: str, sentence: Sentence, start: int, end: int) -> bool:
    """Whether the hit lies in a heading or index entry: a short phrase that commits to nothing."""
    phrase_start = max(text.rfind(";", sentence.start, start) + 1, sentence.start)
    phrase_end = text.find(";", end, sentence.end)
    phrase = text[phrase_start:phrase_end if phrase_end >= 0 else sentence.end]
    line_start = text.rfind("\n", sentence.start, start) + 1 or sentence.start
    line_end = text.find("\n", end, sentence.end)
    line = text[line_start:line_end if line_end >= 0 else sentence.end]
    return any(_names_only(rules, candidate) for candidate in (phrase, line if HEADING_LINE.match(line) else ""))


def _names_only(rules: LanguageRules, phrase: str) -> bool:
    words = WORD.findall(phrase)
    ends_sentence = phrase.rstrip(" \t\n\"'”’)]").endswith((".", "!", "?"))
    return (0 < len(words) <= HEADING_WORDS and not LIST_ITEM.match(phrase)
            and (not ends_sentence or bool(HEADING_LINE.match(phrase)))
            and not (rules.operative and rules.operative.search(phrase)))


def _in_information_list(rules: LanguageRules, document: Document, sentence: Sentence, found: list[Hit]) -> bool:
    """Whether the hits sit in a list of information one authority passes to another (not a commitment)."""
    if rules.information_list is None:
        return False
    first = min(hit.start for hit in found)
    if rules.information_list.search(document.text, sentence.start, first):
        return True
    if not LIST_ITEM.match(document.text, sentence.start):
        return False
    reach = max(document.article_starts[sentence.clause], sentence.start - LIST_REACH)
    return rules.information_list.search(document.text, reach, sentence.start) is not None


def _quote(snippet: str) -> str:
    flat = " ".join(snippet.split())
    return f"“{flat if len(flat) <= 90 else flat[:87] + '…'}”"


def decide(provision: str, document: Document, found: Sequence[Hit]) -> Finding:
    """The finding the hits support: the strongest status, its evidence, a confidence and why."""
    if not found:
        return Finding(provision, "absent", (), 0.6, (_("no rule matched"),))
    status: Status = next(s for s in ("contrary", "present", "partial") if any(h.status == s for h in found))
    winning = [hit for hit in found if hit.status == status]
    clause_count = len({hit.sentence.clause for hit in winning})
    confidence = {"contrary": 0.65, "present": 0.7, "partial": 0.5}[status] + 0.1 * min(clause_count - 1, 2)
    why = tuple(dict.fromkeys(hit.why for hit in winning))
    contrary_clauses = {hit.sentence.clause for hit in winning}
    protecting = [hit for hit in found if hit.status == "present" and hit.sentence.clause not in contrary_clauses]
    if status == "contrary" and protecting:
        confidence -= 0.15  # another clause protects: the analyst must weigh the two
        why += (_("but another clause protects: %s") % protecting[0].why,)
    return Finding(provision, status, evidence(document, winning), round(min(confidence, 0.95), 3), why)


def evidence(document: Document, found: Sequence[Hit]) -> tuple[Span, ...]:
    """The clause spans the hits fall in (the sentence, for a long clause), in text order, without repeats."""
    spans: dict[tuple[int, int], Span] = {}
    for hit in sorted(found, key=lambda h: h.start):
        clause = document.clauses[hit.sentence.clause]
        start, end = (clause.start, clause.end) if clause.end - clause.start <= LONG_CLAUSE else _window(hit)
        spans.setdefault((start, end), Span(start, end, document.text[start:end]))
    return tuple(spans.values())[:MAX_EVIDENCE]


def _window(hit: Hit) -> tuple[int, int]:
    sentence = hit.sentence
    if sentence.end - sentence.start <= LONG_CLAUSE:
        return sentence.start, sentence.end
    start = max(sentence.start, hit.start - LONG_CLAUSE // 3)
    return start, min(sentence.end, max(hit.end, start + LONG_CLAUSE // 2) + LONG_CLAUSE // 3)


def combine(finding: Finding, matches: Sequence[tuple[int, float]], document: Document) -> Finding:
    """Rules and semantic evidence together: agreement raises confidence, a close match lifts absent to partial."""
    if not matches:
        return finding
    if finding.status == "absent":
        index, similarity = max(matches, key=lambda m: m[1])
        if similarity < SEMANTIC_LIFT:
            return finding
        clause = document.clauses[index]
        why = _("semantic match %(similarity).2f with %(where)s") % {"similarity": similarity,
                                                                    "where": _where(clause)}
        confidence = 0.3 + 0.4 * (similarity - SEMANTIC_LIFT)  # modest: a suggestion for the analyst to check
        return Finding(finding.id, "partial", (Span(clause.start, clause.end, document.text[clause.start:clause.end]),),
                       round(min(confidence, 0.45), 3), (why,))
    hit_clauses = {_clause_of(span, document.clauses) for span in finding.evidence}
    agreeing = [(i, s) for i, s in matches if s >= SEMANTIC_AGREE and i in hit_clauses]
    if not agreeing or finding.status == "contrary":
        return finding
    index, similarity = max(agreeing, key=lambda m: m[1])
    why = _("semantic match %(similarity).2f with %(where)s agrees") % {
        "similarity": similarity, "where": _where(document.clauses[index])}
    return Finding(finding.id, finding.status, finding.evidence, round(min(finding.confidence + 0.1, 0.95), 3),
                   (*finding.why, why))


def _where(clause: Clause) -> str:
    words = " ".join(clause.text.split()[:8])
    place = clause.article or _("clause %d") % (clause.index + 1)
    return f"{place} “{words}…”"


def _clause_of(span: Span, clauses: Sequence[Clause]) -> int:
    return bisect_right([clause.start for clause in clauses], span.start) - 1
