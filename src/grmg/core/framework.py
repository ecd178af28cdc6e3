"""The framework as data: the schema of framework files, and loading them with every problem named.

A framework file holds pillars → components → criteria, the rating bands, and the catalogues of
standards instruments and grmg modules that criteria refer to. A *variant* file adapts a framework
(weights, added criteria, translated text) without copying it; it resolves to a full framework.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from grmg.core.i18n import _
from grmg.core.methods import METHODS, ScoringMethod
from grmg.core.problems import InputError, Problem

FRAMEWORK_SCHEMA = "grmg-framework/1"
VARIANT_SCHEMA = "grmg-framework-variant/1"
ANCHOR_FRAMEWORKS = ("MGI", "SDG 10.7.2", "SDG 5.1.1", "MIPEX", "WBL", "GCM")

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Weight = Annotated[float, Field(gt=0, le=1000)]
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StandardRef(_Strict):
    """A provision of an international instrument that a criterion rests on."""

    instrument: Text
    provision: Text


class AnchorRef(_Strict):
    """Where the same question is asked in an established index (a crosswalk)."""

    framework: Literal["MGI", "SDG 10.7.2", "SDG 5.1.1", "MIPEX", "WBL", "GCM"]
    ref: Text


class Criterion(_Strict):
    """One question an assessor answers with a level, a rationale and evidence."""

    id: Identifier
    question: Text
    method: Text
    levels: dict[str, Text]
    weight: Weight = 1.0
    target: str | None = None
    evidence: Text
    standards: list[StandardRef] = Field(min_length=1)
    informed_by: list[Identifier] = Field(min_length=1)
    anchors: list[AnchorRef] = []

    @field_validator("method")
    @classmethod
    def _known_method(cls, method: str) -> str:
        if method not in METHODS:
            raise ValueError(_("unknown scoring method %(method)r; known: %(known)s") % {
                "method": method, "known": ", ".join(sorted(METHODS))})
        return method

    @field_validator("levels")
    @classmethod
    def _levels_of_the_method(cls, levels: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        method = METHODS.get(info.data.get("method", ""))
        if method is not None and set(levels) != set(method.level_keys):
            raise ValueError(_(
                "method %(method)s needs a descriptor for exactly the levels %(levels)s "
                "(missing: %(missing)s; not in the method: %(extra)s)") % {
                "method": method.key, "levels": ", ".join(method.level_keys),
                "missing": ", ".join(sorted(set(method.level_keys) - set(levels))) or "-",
                "extra": ", ".join(sorted(set(levels) - set(method.level_keys))) or "-"})
        return levels

    @field_validator("target")
    @classmethod
    def _target_is_a_level(cls, target: str | None, info: ValidationInfo) -> str | None:
        method = METHODS.get(info.data.get("method", ""))
        if target is not None and method is not None and target not in method.level_keys:
            raise ValueError(_("%(target)r is not a level of %(method)s") % {"target": target, "method": method.key})
        return target

    @property
    def scoring_method(self) -> ScoringMethod:
        """The registered scoring method this criterion uses."""
        return METHODS[self.method]

    @property
    def target_key(self) -> str:
        """The level the criterion aims at: its `target`, else the method's top level."""
        return self.target or self.scoring_method.level_keys[-1]


class Component(_Strict):
    """One of the 17 components of the framework."""

    id: Identifier
    title: Text
    description: Text
    weight: Weight = 1.0
    criteria: list[Criterion] = Field(min_length=1)


class Pillar(_Strict):
    """One of the three pillars: establish, implement, enable."""

    id: Identifier
    title: Text
    weight: Weight = 1.0
    components: list[Component] = Field(min_length=1)


class Band(_Strict):
    """A rating band: scores from `min` up to the next band's `min`."""

    key: Identifier
    label: Text
    min: Annotated[float, Field(ge=0, lt=100)]


class Instrument(_Strict):
    """An international instrument criteria may cite."""

    title: Text
    year: int | None = None
    url: str | None = None


class Framework(_Strict):
    """A complete, validated framework version."""

    framework_schema: Literal["grmg-framework/1"] = Field(alias="schema")
    id: Identifier
    version: Text
    title: Text
    language: Text = "en"
    description: str = ""
    source: str = ""
    extends: str = ""
    bands: list[Band] = Field(min_length=1)
    instruments: dict[str, Instrument]
    modules: dict[Identifier, Text]
    pillars: list[Pillar] = Field(min_length=1)

    _criteria: dict[str, Criterion] = PrivateAttr(default_factory=dict)
    _components: dict[str, Component] = PrivateAttr(default_factory=dict)
    _pillar_of: dict[str, Pillar] = PrivateAttr(default_factory=dict)
    _component_of: dict[str, Component] = PrivateAttr(default_factory=dict)
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        """Index criteria and components by id once."""
        for pillar in self.pillars:
            for component in pillar.components:
                self._components[component.id] = component
                self._pillar_of[component.id] = pillar
                for criterion in component.criteria:
                    self._criteria[criterion.id] = criterion
                    self._component_of[criterion.id] = component

    def memo(self, key: str, compute: Callable[[Framework], T]) -> T:
        """Something derived from the framework, computed once per framework object (it never changes)."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    @property
    def key(self) -> str:
        """`id@version`, how rounds and variants name a framework."""
        return f"{self.id}@{self.version}"

    def criteria(self) -> Iterator[Criterion]:
        """Every criterion, in framework order."""
        return iter(self._criteria.values())

    def components(self) -> Iterator[Component]:
        """Every component, in framework order."""
        return iter(self._components.values())

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; KeyError if absent."""
        return self._criteria[criterion_id]

    def component(self, component_id: str) -> Component:
        """The component with this id; KeyError if absent."""
        return self._components[component_id]

    def component_of(self, criterion_id: str) -> Component:
        """The component a criterion belongs to."""
        return self._component_of[criterion_id]

    def pillar_of(self, component_id: str) -> Pillar:
        """The pillar a component belongs to."""
        return self._pillar_of[component_id]

    def band_for(self, score: float) -> Band:
        """The rating band a 0–100 score falls in."""
        return [band for band in self.bands if band.min <= score][-1]

    def to_data(self) -> dict[str, Any]:
        """The framework as plain data, as it would be written to a file."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=False)

    def fingerprint(self) -> str:
        """A SHA-256 of the framework's canonical data: two equal frameworks share it."""
        canonical = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class TextOverride(_Strict):
    """Replacement text for one pillar, component or criterion (a translation or a local wording)."""

    title: Text | None = None
    description: Text | None = None
    question: Text | None = None
    evidence: Text | None = None
    levels: dict[str, Text] = {}


class Variant(_Strict):
    """An agency's adaptation of a framework: added criteria, changed weights, translated text."""

    variant_schema: Literal["grmg-framework-variant/1"] = Field(alias="schema")
    id: Identifier
    version: Text
    extends: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*@\S+$")]
    title: Text
    language: Text | None = None
    description: str = ""
    source: str = ""
    bands: list[Band] | None = None
    instruments: dict[str, Instrument] = {}
    modules: dict[Identifier, Text] = {}
    weights: dict[str, Weight] = {}
    add_criteria: dict[str, list[Criterion]] = {}
    text: dict[str, TextOverride] = {}


class FrameworkError(InputError):
    """A framework or variant file that cannot be used; lists every problem found."""


BaseResolver = Callable[[str], "Framework | None"]


def load_framework_file(path: Path, resolve_base: BaseResolver | None = None) -> Framework:
    """Read, validate and (for a variant) resolve a framework file; FrameworkError names every problem."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(source, [Problem("", _("cannot read the file: %s") % exc)]) from None
    return parse_framework(text, source, resolve_base)


def parse_framework(text: str, source: str, resolve_base: BaseResolver | None = None) -> Framework:
    """Validate framework or variant text (YAML or JSON) and return the full framework it describes."""
    data = _read_yaml(text, source)
    schema = data.get("schema")
    if schema == VARIANT_SCHEMA:
        variant = _validate(Variant, data, source)
        base = resolve_base(variant.extends) if resolve_base else None
        if base is None:
            raise FrameworkError(
                source, [Problem("extends", _("the framework %s is not loaded") % variant.extends)]
            )
        return resolve_variant(variant, base, source)
    if schema != FRAMEWORK_SCHEMA:
        message = _("expected %(framework)r or %(variant)r, found %(found)r") % {
            "framework": FRAMEWORK_SCHEMA,
            "variant": VARIANT_SCHEMA,
            "found": schema,
        }
        raise FrameworkError(source, [Problem("schema", message)])
    framework = _validate(Framework, data, source)
    problems = check_references(framework)
    if problems:
        raise FrameworkError(source, problems)
    return framework


def framework_from_data(data: Mapping[str, Any], source: str = "stored framework") -> Framework:
    """Rebuild a framework from data already validated once (as stored beside an assessment round)."""
    return _validate(Framework, dict(data), source)


def _read_yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(source, [Problem(where, _("not valid YAML: %s") % problem)]) from None
    if not isinstance(data, dict):
        raise FrameworkError(source, [Problem("", _("the file must hold a mapping at the top level"))])
    return data


def _validate(model: type[M], data: dict[str, Any], source: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(_format_path(error["loc"]), _describe(error)) for error in exc.errors()]
        raise FrameworkError(source, problems) from None


def _format_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _describe(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        return _("unknown field")
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "string_pattern_mismatch":
        return _("%(value)r is not an identifier (lower-case letters, digits and _)") % {
            "value": error.get("input")
        }
    return str(error["msg"])


def check_references(framework: Framework, prefix: str = "") -> list[Problem]:
    """The problems a schema cannot see: duplicate ids, unknown methods, levels, instruments and modules."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def claim(identifier: str, path: str) -> None:
        if identifier in seen:
            problems.append(Problem(path, _("id %(id)r is already used at %(other)s") % {
                "id": identifier, "other": seen[identifier]}))
        else:
            seen[identifier] = path

    for p, pillar in enumerate(framework.pillars):
        pillar_path = f"{prefix}pillars[{p}]"
        claim(pillar.id, f"{pillar_path}.id")
        for c, component in enumerate(pillar.components):
            component_path = f"{pillar_path}.components[{c}]"
            claim(component.id, f"{component_path}.id")
            for k, criterion in enumerate(component.criteria):
                criterion_path = f"{component_path}.criteria[{k}]"
                claim(criterion.id, f"{criterion_path}.id")
                problems += check_criterion(criterion, criterion_path, framework)
    bands = [band.min for band in framework.bands]
    if bands[0] != 0 or bands != sorted(set(bands)):
        problems.append(Problem(f"{prefix}bands", _("bands must start at 0 and rise strictly")))
    return problems


def check_criterion(criterion: Criterion, path: str, framework: Framework) -> list[Problem]:
    """Check that a criterion cites only the framework's instruments and modules."""
    problems: list[Problem] = []
    for s, ref in enumerate(criterion.standards):
        if ref.instrument not in framework.instruments:
            problems.append(Problem(f"{path}.standards[{s}].instrument", _(
                "%(code)r is not in the framework's instruments") % {"code": ref.instrument}))
    for m, module in enumerate(criterion.informed_by):
        if module not in framework.modules:
            problems.append(Problem(f"{path}.informed_by[{m}]", _(
                "%(module)r is not in the framework's modules") % {"module": module}))
    return problems


def resolve_variant(variant: Variant, base: Framework, source: str) -> Framework:
    """Apply a variant to its base framework and return the full framework, validated as a whole."""
    problems: list[Problem] = []
    known = {pillar.id for pillar in base.pillars} | {c.id for c in base.components()}
    known |= {criterion.id for criterion in base.criteria()}
    for component_id in variant.add_criteria:
        if component_id not in {c.id for c in base.components()}:
            problems.append(Problem(f"add_criteria.{component_id}", _(
                "no component with this id in %(base)s") % {"base": base.key}))
    added = {c.id for criteria in variant.add_criteria.values() for c in criteria}
    for section, ids in (("weights", variant.weights), ("text", variant.text)):
        for identifier in ids:
            if identifier not in known | added:
                problems.append(Problem(f"{section}.{identifier}", _(
                    "no pillar, component or criterion with this id in %(base)s") % {"base": base.key}))
    if problems:
        raise FrameworkError(source, problems)

    data = base.to_data()
    data.update(
        id=variant.id,
        version=variant.version,
        title=variant.title,
        description=variant.description or data["description"],
        source=variant.source or data["source"],
        language=variant.language or data["language"],
        extends=variant.extends,
    )
    if variant.bands is not None:
        data["bands"] = [band.model_dump(mode="json") for band in variant.bands]
    data["instruments"].update({k: v.model_dump(mode="json") for k, v in variant.instruments.items()})
    data["modules"].update(variant.modules)
    for pillar in data["pillars"]:
        _override(pillar, variant)
        for component in pillar["components"]:
            _override(component, variant)
            component["criteria"] += [
                c.model_dump(mode="json") for c in variant.add_criteria.get(component["id"], [])
            ]
            for criterion in component["criteria"]:
                _override(criterion, variant)

    framework = _validate(Framework, data, source)
    problems = check_references(framework)
    if problems:
        raise FrameworkError(source, problems)
    return framework


def _override(item: dict[str, Any], variant: Variant) -> None:
    if item["id"] in variant.weights:
        item["weight"] = variant.weights[item["id"]]
    override = variant.text.get(item["id"])
    if override is None:
        return
    for field in ("title", "description", "question", "evidence"):
        value = getattr(override, field)
        if value is not None and field in item:
            item[field] = value
    if override.levels and "levels" in item:
        item["levels"] = {**item["levels"], **override.levels}
