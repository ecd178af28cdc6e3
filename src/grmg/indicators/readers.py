"""Readers of indicator data files: each turns a file into rows of observations, naming where each row came from.

A reader is one function registered for its file extensions. Tidy CSV and Excel follow Open SDG: one row per
value, a `Year` and a `Value` column, one column per dimension, and a blank dimension cell for the total.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from grmg.core.problems import InputError, Problem
from grmg.indicators.catalogue import Catalogue

SPECIAL = {"year": "year", "time_period": "year", "value": "value", "obs_value": "value", "indicator": "indicator",
           "series": "indicator", "country": "country", "ref_area": "country", "geocode": "country", "units": "units",
           "status": "status", "observation_status": "status", "obs_status": "status"}
TOTAL = "_T"  # the SDMX code for a total


@dataclass
class ParsedRow:
    """One value read from a file, with where it stands in the file."""

    where: str
    indicator: str
    country: str
    year: int
    dimensions: dict[str, str]
    value: float | None
    units: int | None
    status: str = "published"
    cells: dict[str, str] = field(default_factory=dict)  # column where each field was read, to name it in problems


@dataclass(frozen=True)
class Defaults:
    """What a file may leave out: the indicator and the country, given on the form or the command line."""

    indicator: str = ""
    country: str = ""


Reader = Callable[[IO[bytes], str, Catalogue, Defaults], list[ParsedRow]]
READERS: dict[str, Reader] = {}


def register_reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (with the dot)."""
    def decorator(reader: Reader) -> Reader:
        for extension in extensions:
            READERS[extension] = reader
        return reader
    return decorator


def read(stream: IO[bytes], source: str, catalogue: Catalogue, defaults: Defaults) -> list[ParsedRow]:
    """Read a data file with the reader registered for its extension."""
    extension = PurePath(source).suffix.lower()
    reader = READERS.get(extension)
    if reader is None:
        raise InputError(source, [Problem("", _("unsupported file type %(ext)s; use %(known)s") % {
            "ext": extension or "?", "known": ", ".join(sorted(READERS))})])
    return reader(stream, source, catalogue, defaults)


def _normal(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _column_names(header: list[str], catalogue: Catalogue, problems: list[Problem], where: str) -> list[str]:
    """What each column holds: a special field, a dimension key, or "" for a column to ignore."""
    labels = {_normal(d.label): key for key, d in catalogue.dimensions.items()}
    names = []
    for n, raw in enumerate(header):
        name = _normal(raw or "")
        if name in SPECIAL:
            names.append(SPECIAL[name])
        elif name in catalogue.dimensions:
            names.append(name)
        elif name in labels:
            names.append(labels[name])
        elif name in ("", "unit_measure", "unit_multiplier", "comment", "notes"):
            names.append("")
        else:
            problems.append(Problem(f"{where}, column {n + 1}", _("unknown column %(name)r: not a dimension "
                                                                  "(%(known)s)") % {
                "name": raw, "known": ", ".join(sorted(catalogue.dimensions))}))
            names.append("")
    if "value" not in names or "year" not in names:
        problems.append(Problem(where, _("the file needs a Year and a Value column")))
    return names


def _dimension_value(key: str, raw: str, catalogue: Catalogue) -> str | None:
    """The code of a dimension value given as a code or a label (any case); None if unknown."""
    dimension = catalogue.dimensions[key]
    value = raw.strip()
    if isinstance(dimension.codes, dict):
        for code, label in dimension.codes.items():
            if value.lower() in (code.lower(), label.lower()):
                return code
        return None
    candidate = value.upper() if dimension.codes == "iso3" else value
    return candidate if dimension.accepts(candidate) else None


def parse_rows(records: Iterable[tuple[str, Mapping[int, Any]]], names: list[str], catalogue: Catalogue,
               defaults: Defaults, problems: list[Problem]) -> list[ParsedRow]:
    """Rows of named cells to observations; every bad cell becomes a problem naming its row and column."""
    rows: list[ParsedRow] = []
    for where, record in records:
        cells = {name: ("" if record.get(index) is None else str(record.get(index)).strip())
                 for index, name in enumerate(names) if name}
        if not any(cells.values()):
            continue
        row_problems: list[Problem] = []

        def bad(column: str, message: str, row_problems: list[Problem] = row_problems, where: str = where) -> None:
            row_problems.append(Problem(f"{where}, column {column}", message))

        year = _whole(cells.get("year", ""))
        if year is None or not 1950 <= year <= 2100:
            bad("Year", _("%r is not a year") % cells.get("year", ""))
        status = (cells.get("status") or "published").lower()
        value = _number(cells.get("value", ""))
        if value is None and (cells.get("value") or status != "suppressed"):
            bad("Value", _("%r is not a number") % cells.get("value", ""))
        units = None
        if cells.get("units"):
            units = _whole(cells["units"])
            if units is None or units < 0:
                bad("Units", _("%r is not a count of units") % cells["units"])
        if status not in ("published", "suppressed"):
            bad("Status", _("%r is neither published nor suppressed") % status)
        dimensions: dict[str, str] = {}
        for key in (name for name in names if name in catalogue.dimensions):
            raw = cells.get(key, "")
            if not raw or raw in (TOTAL, "_Z"):
                continue
            code = _dimension_value(key, raw, catalogue)
            if code is None:
                bad(key, _("%(value)r is not a code of %(dimension)s") % {"value": raw, "dimension": key})
            else:
                dimensions[key] = code
        indicator = cells.get("indicator") or defaults.indicator
        country = (cells.get("country") or defaults.country).upper()
        if not indicator:
            bad("Indicator", _("no indicator: add an Indicator column or give the indicator"))
        if not country:
            bad("Country", _("no country: add a Country column or give the country"))
        problems += row_problems
        if not row_problems:
            rows.append(ParsedRow(where, indicator, country, year or 0, dimensions, value, units, status))
    return rows


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text else None
    except ValueError:
        return None


def _whole(text: str) -> int | None:
    number = _number(text)
    return int(number) if number is not None and number.is_integer() else None


@register_reader(".csv")
def read_tidy_csv(stream: IO[bytes], source: str, catalogue: Catalogue, defaults: Defaults) -> list[ParsedRow]:
    """An Open SDG tidy CSV: Year, dimension columns, Value (plus Indicator, Country, Units, Status if present)."""
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(source, [Problem("", _("not UTF-8 text; save the file as CSV UTF-8"))]) from None
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        raise InputError(source, [Problem("", _("the file is empty"))])
    problems: list[Problem] = []
    names = _column_names(lines[0], catalogue, problems, _("row 1"))
    if problems:
        raise InputError(source, problems)
    records = ((_("row %d") % number, dict(enumerate(line))) for number, line in enumerate(lines[1:], start=2))
    rows = parse_rows(records, names, catalogue, defaults, problems)
    if problems:
        raise InputError(source, problems)
    return rows


@register_reader(".xlsx")
def read_excel(stream: IO[bytes], source: str, catalogue: Catalogue, defaults: Defaults) -> list[ParsedRow]:
    """The same tidy layout in the sheet named `data`, or the first sheet."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(source, [Problem("", _("not an Excel workbook (.xlsx): %s") % exc)]) from None
    sheet = book["data"] if "data" in book.sheetnames else book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    if not lines:
        raise InputError(source, [Problem(_("sheet %s") % sheet.title, _("the sheet is empty"))])
    problems: list[Problem] = []
    header = [str(cell or "") for cell in lines[0]]
    names = _column_names(header, catalogue, problems, _("sheet %(sheet)s, row 1") % {"sheet": sheet.title})
    if problems:
        raise InputError(source, problems)
    records = ((_("sheet %(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": number},
                {i: ("" if cell is None else _cell_text(cell)) for i, cell in enumerate(line)})
               for number, line in enumerate(lines[1:], start=2))
    rows = parse_rows(records, names, catalogue, defaults, problems)
    if problems:
        raise InputError(source, problems)
    return rows


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


@register_reader(".xml", ".json")
def read_sdmx(stream: IO[bytes], source: str, catalogue: Catalogue, defaults: Defaults) -> list[ParsedRow]:
    """SDMX-ML or SDMX-JSON data structured by grmg's data structure (see `grmg.indicators.sdmx`)."""
    from grmg.indicators.sdmx import read_observations

    return read_observations(stream, source, catalogue)
