"""The assessment workbook: an Excel file with an About sheet and one sheet per pillar.

Each pillar sheet lists its criteria, one per row, with a drop-down of the levels. The hidden
Revision column records which saved version a row was exported from, so an import never silently
overwrites a change made since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from grmg.assessments.imports import AssessmentImport, ScoreRow, register_reader
from grmg.assessments.models import Assessment, CriterionScore, Evidence
from grmg.core.framework import Framework
from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.organisations.models import Organisation

ABOUT_SHEET = "About"
HEADER_ROW = 2
FIRST_ROW = 3


@dataclass(frozen=True)
class Column:
    """A column of a pillar sheet."""

    header: str
    width: int
    hidden: bool = False


COLUMNS = (
    Column("Component", 22),
    Column("Criterion", 24),
    Column("Question", 60),
    Column("Level", 12),
    Column("Rationale", 50),
    Column("Evidence links", 40),
    Column("Evidence citations", 40),
    Column("What each level means", 70),
    Column("What counts as evidence", 50),
    Column("Revision", 9, hidden=True),
)
COL = {column.header: n + 1 for n, column in enumerate(COLUMNS)}
ABOUT_KEYS = ("country", "country_name", "year", "perspective", "organisation", "organisation_kind", "framework")


@dataclass(frozen=True)
class Saved:
    """A criterion's stored state, to pre-fill a workbook."""

    level: str
    rationale: str
    links: tuple[str, ...]
    citations: tuple[str, ...]
    revision: int


def build(framework: Framework, about: Mapping[str, str], saved: Mapping[str, Saved] | None = None) -> Workbook:
    """A workbook for one assessment: `about` gives country, year, perspective, organisation."""
    saved = saved or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = ABOUT_SHEET
    _about_sheet(sheet, framework, about)
    for pillar in framework.pillars:
        page = book.create_sheet(pillar.id)
        page["A1"] = pillar.title
        page["A1"].font = Font(bold=True, size=13)
        for n, column in enumerate(COLUMNS, start=1):
            cell = page.cell(HEADER_ROW, n, column.header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")
            letter = get_column_letter(n)
            page.column_dimensions[letter].width = column.width
            page.column_dimensions[letter].hidden = column.hidden
        page.freeze_panes = page.cell(FIRST_ROW, COL["Level"])
        validations: dict[str, DataValidation] = {}
        row = FIRST_ROW
        for component in pillar.components:
            for criterion in component.criteria:
                state = saved.get(criterion.id)
                method = criterion.scoring_method
                values = {
                    "Component": component.id,
                    "Criterion": criterion.id,
                    "Question": criterion.question,
                    "Level": state.level if state else "",
                    "Rationale": state.rationale if state else "",
                    "Evidence links": "\n".join(state.links) if state else "",
                    "Evidence citations": "\n".join(state.citations) if state else "",
                    "What each level means": "\n".join(f"{k}: {criterion.levels[k]}" for k in method.level_keys),
                    "What counts as evidence": criterion.evidence,
                    "Revision": state.revision if state else 0,
                }
                for header, value in values.items():
                    cell = page.cell(row, COL[header], value)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if method.key not in validations:
                    validation = DataValidation(
                        type="list", formula1='"' + ",".join(method.level_keys) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=_("Level"),
                        error=_("Choose one of: %s") % ", ".join(method.level_keys),
                    )
                    page.add_data_validation(validation)
                    validations[method.key] = validation
                validations[method.key].add(page.cell(row, COL["Level"]))
                row += 1
    return book


def _about_sheet(sheet: Worksheet, framework: Framework, about: Mapping[str, str]) -> None:
    sheet["A1"] = _("grmg assessment workbook")
    sheet["A1"].font = Font(bold=True, size=14)
    notes = {
        "country": _("ISO 3166 alpha-3 code"),
        "country_name": _("for reading only"),
        "year": _("year of the assessment round"),
        "perspective": _("government, civil_society or independent"),
        "organisation": _("the organisation making this assessment"),
        "organisation_kind": _("needed only for an organisation grmg does not know yet"),
        "framework": _("framework version the round is pinned to"),
    }
    for n, key in enumerate(ABOUT_KEYS, start=3):
        sheet.cell(n, 1, key).font = Font(bold=True)
        sheet.cell(n, 2, about.get(key, ""))
        sheet.cell(n, 3, notes[key]).font = Font(italic=True, color="666666")
    sheet.cell(len(ABOUT_KEYS) + 4, 1, _("exported"))
    sheet.cell(len(ABOUT_KEYS) + 4, 2, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    guide = _(
        "Fill in the Level (drop-down), the Rationale and the evidence on each pillar sheet: one link or "
        "citation per line. Leave a row empty to skip it. Do not change the Component, Criterion or "
        "Revision columns. Import with: grmg assess import FILE.xlsx"
    )
    sheet.cell(len(ABOUT_KEYS) + 6, 1, guide).alignment = Alignment(wrap_text=True)
    sheet.merge_cells(start_row=len(ABOUT_KEYS) + 6, start_column=1, end_row=len(ABOUT_KEYS) + 6, end_column=3)
    sheet.row_dimensions[len(ABOUT_KEYS) + 6].height = 60
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 60
    if about.get("demo"):
        sheet.cell(2, 1, _("DEMO DATA: a fictional country; every figure in this workbook is invented.")).font = Font(
            bold=True, color="9A5F00")
    else:
        sheet.cell(2, 1, framework.title).font = Font(italic=True)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lines(value: object) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


@register_reader(".xlsx")
def read_workbook(stream: IO[bytes], source: str) -> AssessmentImport:
    """Read an assessment workbook; every missing sheet, header or bad cell is named."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(source, [Problem("", _("not an Excel workbook (.xlsx): %s") % exc)]) from None
    problems: list[Problem] = []
    if ABOUT_SHEET not in book.sheetnames:
        raise InputError(source, [Problem(_("sheet %s") % ABOUT_SHEET, _("the sheet is missing"))])
    about: dict[str, str] = {}
    for row in book[ABOUT_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
        if row and row[0] in ABOUT_KEYS:
            about[str(row[0])] = _text(row[1] if len(row) > 1 else None)
    for key in ("country", "year", "perspective", "organisation"):
        if not about.get(key):
            problems.append(Problem(_("sheet %(sheet)s, %(key)s") % {"sheet": ABOUT_SHEET, "key": key},
                                    _("required value is missing")))
    year = 0
    try:
        year = int(about.get("year", "0") or 0)
    except ValueError:
        problems.append(Problem(_("sheet %(sheet)s, year") % {"sheet": ABOUT_SHEET},
                                _("%(value)r is not a year") % {"value": about["year"]}))
    result = AssessmentImport(
        country=about.get("country", ""), year=year, perspective=about.get("perspective", ""),
        organisation=about.get("organisation", ""), organisation_kind=about.get("organisation_kind", ""),
        framework=about.get("framework", ""),
    )
    pillar_sheets = [name for name in book.sheetnames if name != ABOUT_SHEET]
    if not pillar_sheets:
        problems.append(Problem("", _("the workbook has no pillar sheets")))
    result.sheets = pillar_sheets
    for name in pillar_sheets:
        problems += _read_pillar_sheet(book[name], name, result)
    if problems:
        raise InputError(source, problems)
    return result


def _read_pillar_sheet(sheet: Worksheet, name: str, result: AssessmentImport) -> list[Problem]:
    problems: list[Problem] = []
    rows = sheet.iter_rows(min_row=HEADER_ROW, values_only=True)
    header = next(rows, ())
    for column in COLUMNS:
        index = COL[column.header] - 1
        found = _text(header[index]) if index < len(header) else ""
        if found != column.header:
            problems.append(Problem(
                _("sheet %(sheet)s, row %(row)d, column %(col)s") % {
                    "sheet": name, "row": HEADER_ROW, "col": get_column_letter(index + 1)},
                _("expected the header %(expected)r, found %(found)r") % {
                    "expected": column.header, "found": found}))
    if problems:
        return problems
    for number, values in enumerate(rows, start=FIRST_ROW):
        cells = list(values) + [None] * (len(COLUMNS) - len(values))

        def cell(header: str, cells: list[object] = cells) -> object:
            return cells[COL[header] - 1]

        criterion_id = _text(cell("Criterion"))
        entered = [_text(cell(h)) for h in ("Level", "Rationale", "Evidence links", "Evidence citations")]
        if not criterion_id:
            if any(entered):
                problems.append(Problem(_where(name, number, "Criterion"), _("a filled row needs its criterion id")))
            continue
        revision_text = _text(cell("Revision"))
        revision: int | None = None
        if revision_text:
            try:
                revision = int(revision_text)
            except ValueError:
                problems.append(Problem(_where(name, number, "Revision"), _("%(value)r is not a whole number") % {
                    "value": revision_text}))
        result.rows.append(ScoreRow(
            criterion_id=criterion_id,
            level=entered[0],
            rationale=entered[1],
            links=_lines(cell("Evidence links")),
            citations=_lines(cell("Evidence citations")),
            revision=revision,
            where=_where(name, number, "Criterion"),
            level_where=_where(name, number, "Level"),
        ))
    return problems


def _where(sheet: str, row: int, header: str) -> str:
    return _("sheet %(sheet)s, row %(row)d, column %(col)s (%(header)s)") % {
        "sheet": sheet, "row": row, "col": get_column_letter(COL[header]), "header": header}


def saved_state(assessment: Assessment) -> dict[str, Saved]:
    """An assessment's stored levels, rationales and evidence, keyed by criterion."""
    rows = CriterionScore.objects.filter(assessment=assessment).prefetch_related("evidence")
    return {
        row.criterion_id: Saved(
            level=row.level,
            rationale=row.rationale,
            links=tuple(e.url for e in row.evidence.all() if e.kind == Evidence.Kind.LINK),
            citations=tuple(e.citation for e in row.evidence.all() if e.kind == Evidence.Kind.CITATION),
            revision=row.revision,
        )
        for row in rows
    }


def about_for(country: Country, year: int, perspective: str, organisation: Organisation | None,
              framework: Framework) -> dict[str, str]:
    """The About sheet's values."""
    return {
        "country": country.iso3,
        "country_name": country.name,
        "year": str(year),
        "perspective": perspective,
        "organisation": organisation.name if organisation else "",
        "organisation_kind": organisation.kind if organisation else "",
        "framework": framework.key,
        "demo": "yes" if country.is_demo else "",
    }


def workbook_for(assessment: Assessment) -> Workbook:
    """An assessment's workbook, pre-filled with what is saved."""
    framework = assessment.round.framework.framework
    about = about_for(assessment.round.country, assessment.round.year, assessment.perspective,
                      assessment.organisation, framework)
    return build(framework, about, saved_state(assessment))
