"""The provision checklist as data: the shipped file, and an agency's variant that adds or rewords provisions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from grmg.core.framework import FrameworkError, Identifier, Text, _read_yaml, _validate
from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem
from grmg.core.screening import ChecklistItem

CHECKLIST_SCHEMA = "grmg-checklist/1"
CHECKLIST_VARIANT_SCHEMA = "grmg-checklist-variant/1"
# Beside the framework file, not inside it: a stored framework version must never change (see the file's header).
SHIPPED_CHECKLIST = Path(__file__).resolve().parents[2] / "frameworks" / "data" / "agreement-checklist-1.0.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provision(_Strict):
    """One provision as a checklist file writes it."""

    id: Identifier
    title: Text
    present_when: Text
    gender: bool = False


class ChecklistFile(_Strict):
    """A complete checklist."""

    checklist_schema: Literal["grmg-checklist/1"] = Field(alias="schema")
    id: Identifier
    version: Text
    title: Text
    language: Text = "en"
    source: str = ""
    provisions: list[Provision] = Field(min_length=1)

    @property
    def key(self) -> str:
        """`id@version`, how a variant names the checklist it extends."""
        return f"{self.id}@{self.version}"


class ProvisionText(_Strict):
    """Replacement wording for one provision (a translation or a local wording)."""

    title: Text | None = None
    present_when: Text | None = None


class ChecklistVariant(_Strict):
    """An agency's adaptation of the shipped checklist: added provisions and reworded ones."""

    variant_schema: Literal["grmg-checklist-variant/1"] = Field(alias="schema")
    id: Identifier
    version: Text
    extends: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*@\S+$")]
    title: Text
    language: Text | None = None
    add_provisions: list[Provision] = []
    text: dict[str, ProvisionText] = {}


class ChecklistError(InputError):
    """A checklist file that cannot be used; lists every problem found."""


@lru_cache(maxsize=1)
def shipped_checklist() -> tuple[ChecklistItem, ...]:
    """The 33 provisions of the shipped checklist, in order."""
    return load_checklist(SHIPPED_CHECKLIST)


def load_checklist(path: Path) -> tuple[ChecklistItem, ...]:
    """Read and validate a checklist or checklist variant file; ChecklistError names every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(str(path), [Problem("", _("cannot read the file: %s") % exc)]) from None
    return parse_checklist(text, str(path))


def parse_checklist(text: str, source: str) -> tuple[ChecklistItem, ...]:
    """Validate checklist or variant text (YAML or JSON) and return the provisions it describes."""
    try:
        data = _read_yaml(text, source)
        schema = data.get("schema")
        if schema == CHECKLIST_VARIANT_SCHEMA:
            return _resolve(_validate(ChecklistVariant, data, source), source)
        if schema != CHECKLIST_SCHEMA:
            raise FrameworkError(source, [Problem("schema", _("expected %(checklist)r or %(variant)r, found "
                                                              "%(found)r") % {"checklist": CHECKLIST_SCHEMA,
                                                                              "variant": CHECKLIST_VARIANT_SCHEMA,
                                                                              "found": schema})])
        checklist = _validate(ChecklistFile, data, source)
    except FrameworkError as exc:  # the same YAML reading and path-named problems as framework files
        raise ChecklistError(exc.source, exc.problems) from None
    _check_unique(checklist.provisions, "provisions", source)
    return tuple(_item(provision) for provision in checklist.provisions)


def _resolve(variant: ChecklistVariant, source: str) -> tuple[ChecklistItem, ...]:
    base = _shipped_file()
    if variant.extends != base.key:
        raise ChecklistError(source, [Problem("extends", _("only the shipped checklist %s can be extended") %
                                              base.key)])
    _check_unique([*base.provisions, *variant.add_provisions], "add_provisions", source, offset=len(base.provisions))
    known = {p.id for p in base.provisions} | {p.id for p in variant.add_provisions}
    unknown = [Problem(f"text.{key}", _("no provision with this id")) for key in variant.text if key not in known]
    if unknown:
        raise ChecklistError(source, unknown)
    provisions = [*base.provisions, *variant.add_provisions]
    return tuple(_item(p, variant.text.get(p.id)) for p in provisions)


@lru_cache(maxsize=1)
def _shipped_file() -> ChecklistFile:
    return _validate(ChecklistFile, _read_yaml(SHIPPED_CHECKLIST.read_text(encoding="utf-8"),
                                               str(SHIPPED_CHECKLIST)), str(SHIPPED_CHECKLIST))


def _check_unique(provisions: list[Provision], section: str, source: str, offset: int = 0) -> None:
    seen: set[str] = set()
    problems = []
    for n, provision in enumerate(provisions):
        if provision.id in seen:
            problems.append(Problem(f"{section}[{n - offset}].id", _("id %r is already used") % provision.id))
        seen.add(provision.id)
    if problems:
        raise ChecklistError(source, problems)


def _item(provision: Provision, text: ProvisionText | None = None) -> ChecklistItem:
    return ChecklistItem(id=provision.id, title=(text and text.title) or provision.title,
                         present_when=(text and text.present_when) or provision.present_when,
                         gender=provision.gender)
