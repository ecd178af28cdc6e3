"""The standards catalogue as data: instruments, key provisions for women migrant workers, criteria they underpin.

Pure Python: no Django.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from grmg.core.framework import Framework
from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "instruments.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]*$", max_length=32)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provision(_Strict):
    """One article, paragraph, objective or target, summarised in the project's own words."""

    ref: Text
    summary: Text
    topics: list[Identifier] = []
    criteria: list[Identifier] = []


class Instrument(_Strict):
    """A treaty, convention, protocol, recommendation, general recommendation, compact or agenda."""

    code: Code
    title: Text
    short_title: Text
    kind: Literal[
        "un_treaty", "optional_protocol", "ilo_convention", "ilo_protocol", "ilo_recommendation",
        "general_recommendation", "general_comment", "guidelines", "compact", "agenda", "declaration",
    ]
    adopted: int = Field(ge=1900, le=2100)
    in_force: int | None = Field(default=None, ge=1900, le=2100)
    body: Text
    ratifiable: bool
    url: str | None = None
    provisions: list[Provision] = Field(min_length=1)


class Catalogue(_Strict):
    """Every instrument grmg knows, as of a date."""

    catalogue_schema: Literal["grmg-standards/1"] = Field(alias="schema")
    version: Text
    as_of: date
    source: Text
    instruments: list[Instrument] = Field(min_length=1)

    def instrument(self, code: str) -> Instrument:
        """The instrument with this code; KeyError if absent."""
        for instrument in self.instruments:
            if instrument.code == code:
                return instrument
        raise KeyError(code)


def load_catalogue(path: Path = CATALOGUE_FILE, framework: Framework | None = None) -> Catalogue:
    """Read and check a catalogue file; with a framework, every criterion it names must exist there."""
    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(source, [Problem("", _("cannot read the catalogue: %s") % exc)]) from None
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(".".join(str(p) for p in error["loc"]), str(error["msg"])) for error in exc.errors()]
        raise InputError(source, problems) from None
    problems = []
    codes: set[str] = set()
    for i, instrument in enumerate(catalogue.instruments):
        if instrument.code in codes:
            problems.append(Problem(f"instruments[{i}].code", _("%r is listed twice") % instrument.code))
        codes.add(instrument.code)
        refs: set[str] = set()
        for j, provision in enumerate(instrument.provisions):
            where = f"instruments[{i}].provisions[{j}]"
            if provision.ref in refs:
                problems.append(Problem(f"{where}.ref", _("%r is listed twice") % provision.ref))
            refs.add(provision.ref)
            if framework is not None:
                known = {c.id for c in framework.criteria()}
                problems += [
                    Problem(f"{where}.criteria", _("%(id)r is not a criterion of %(framework)s") % {
                        "id": criterion, "framework": framework.key})
                    for criterion in provision.criteria if criterion not in known
                ]
    if problems:
        raise InputError(source, problems)
    return catalogue
