"""The indicator registry as data: dimensions with their codes, and indicators. Pure Python: no Django."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from grmg.core.framework import Framework
from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "indicators.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Unit = Literal["percent", "number", "ratio", "currency", "index", "score", "days"]
SourceType = Literal["administrative", "survey", "programme", "census", "legal"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    """A disaggregation and the codes its values may take; `iso3` and `any` are open code lists."""

    label: Text
    codes: dict[str, Text] | Literal["iso3", "any"]

    def accepts(self, value: str) -> bool:
        """Whether a value is a code of this dimension."""
        if self.codes == "any":
            return bool(value.strip())
        if self.codes == "iso3":
            return pycountry.countries.get(alpha_3=value.upper()) is not None
        return value in self.codes

    def label_of(self, value: str) -> str:
        """A code's label, or the code itself for open lists."""
        if isinstance(self.codes, dict):
            return self.codes.get(value, value)
        if self.codes == "iso3":
            country = pycountry.countries.get(alpha_3=value.upper())
            if country is None:
                return value
            return str(getattr(country, "common_name", None) or country.name)
        return value


class Computation(_Strict):
    """How to compute an indicator from unit records (the `grmg indicators compute` spec)."""

    numerator: Text
    denominator: Text | None = None
    weight: Text | None = None
    filter: Text | None = None
    by: list[list[Identifier]] = []


class Indicator(_Strict):
    """One indicator: what it measures, how, by what, from which source, and what it informs."""

    code: Code
    name: Text
    definition: Text
    numerator: Text
    denominator: Text | None = None
    unit: Unit
    higher_is_better: bool
    disaggregations: list[Identifier] = Field(min_length=1)
    source_type: SourceType
    components: list[Identifier] = Field(min_length=1)
    sdg: list[Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}\.\d$")]] = []
    gcm: list[Annotated[int, Field(ge=1, le=23)]] = []
    min_units: Annotated[int, Field(ge=1, le=1000)] = 5
    compute: Computation | None = None

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The range a value must fall in: 0–100 for a percent, 0 or more for counts."""
        if self.unit == "percent":
            return 0.0, 100.0
        if self.unit in ("number", "currency", "days", "ratio"):
            return 0.0, None
        return None, None


class Catalogue(_Strict):
    """The dimensions and indicators grmg ships, or an agency's additions."""

    catalogue_schema: Literal["grmg-indicators/1"] = Field(alias="schema")
    version: Text
    as_of: date
    source: Text
    dimensions: dict[Identifier, Dimension] = {}
    indicators: list[Indicator] = []

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code; KeyError if absent."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)


def load_catalogue(path: Path = CATALOGUE_FILE, framework: Framework | None = None,
                   base: Catalogue | None = None) -> Catalogue:
    """Read and check an indicator catalogue; an agency's file may use the dimensions of a base catalogue."""
    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(source, [Problem("", _("cannot read the catalogue: %s") % exc)]) from None
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, [Problem(".".join(str(p) for p in error["loc"]), str(error["msg"]))
                                  for error in exc.errors()]) from None
    dimensions = {**(base.dimensions if base else {}), **catalogue.dimensions}
    taken = {i.code for i in base.indicators} if base else set()
    problems: list[Problem] = []
    components = {c.id for c in framework.components()} if framework else None
    for n, indicator in enumerate(catalogue.indicators):
        where = f"indicators[{n}]"
        if indicator.code in taken:
            problems.append(Problem(f"{where}.code", _("%r is already an indicator") % indicator.code))
        taken.add(indicator.code)
        if "sex" not in indicator.disaggregations:
            problems.append(Problem(f"{where}.disaggregations", _("every indicator is disaggregated by sex")))
        problems += [Problem(f"{where}.disaggregations", _("%r is not a declared dimension") % d)
                     for d in indicator.disaggregations if d not in dimensions]
        if components is not None:
            problems += [Problem(f"{where}.components", _("%r is not a framework component") % c)
                         for c in indicator.components if c not in components]
        if indicator.compute is not None:
            problems += [Problem(f"{where}.compute.by", _("%r is not one of the indicator's disaggregations") % d)
                         for group in indicator.compute.by for d in group if d not in indicator.disaggregations]
    if problems:
        raise InputError(source, problems)
    return catalogue
