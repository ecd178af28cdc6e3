"""Indicator data out: tidy CSV (Open SDG), Excel and SDMX-ML, each a registered format.

Every export is public: a suppressed cell keeps its row, marked `suppressed`, with its value and units blank.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from grmg.indicators.catalogue import Catalogue
from grmg.indicators.models import Observation

# HXL hashtags for the optional second row (https://hxlstandard.org): what each column holds.
HXL = {"year": "#date+year", "indicator": "#indicator+code", "country": "#country+code", "value": "#indicator+num",
       "units": "#meta+units", "status": "#status", "sex": "#sex", "age_group": "#age", "area": "#adm1+code",
       "destination": "#country+destination+code", "origin": "#country+origin+code"}


def public_rows(observations: Iterable[Observation]) -> list[dict[str, Any]]:
    """Observations as plain rows, the value and units of suppressed cells left out."""
    rows = []
    for o in observations:
        suppressed = o.status == Observation.Status.SUPPRESSED
        rows.append({"year": o.year, "indicator": o.indicator.code, "country": o.country.iso3,
                     "dimensions": dict(o.dimensions), "value": None if suppressed else o.value,
                     "units": None if suppressed else o.units, "status": o.status})
    return rows


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    used: list[str] = []
    for row in rows:
        used += [d for d in row["dimensions"] if d not in used]
    return ["year", "indicator", "country", *sorted(used), "value", "units", "status"]


def _table(rows: list[dict[str, Any]], hxl: bool) -> list[list[Any]]:
    columns = _columns(rows)
    header = [column.replace("_", " ").capitalize() for column in columns]
    lines: list[list[Any]] = [header]
    if hxl:
        lines.append([HXL.get(column, f"#meta+{column}") for column in columns])
    for row in rows:
        cells = {**row, **row["dimensions"]}
        lines.append(["" if cells.get(column) is None else cells[column] for column in columns])
    return lines


@dataclass(frozen=True)
class ExportFormat:
    """A way to write indicator data."""

    key: str
    media_type: str
    extension: str
    render: Callable[[list[dict[str, Any]], Catalogue, bool], bytes]


EXPORT_FORMATS: dict[str, ExportFormat] = {}


def register_format(key: str, media_type: str, extension: str
                    ) -> Callable[[Callable[[list[dict[str, Any]], Catalogue, bool], bytes]],
                                  Callable[[list[dict[str, Any]], Catalogue, bool], bytes]]:
    """Register an export format."""
    def decorator(render: Callable[[list[dict[str, Any]], Catalogue, bool], bytes]
                  ) -> Callable[[list[dict[str, Any]], Catalogue, bool], bytes]:
        EXPORT_FORMATS[key] = ExportFormat(key, media_type, extension, render)
        return render
    return decorator


@register_format("csv", "text/csv; charset=utf-8", "csv")
def render_csv(rows: list[dict[str, Any]], catalogue: Catalogue, hxl: bool) -> bytes:
    """Open SDG tidy CSV: one row per value, a blank dimension for a total."""
    out = io.StringIO()
    csv.writer(out).writerows(_table(rows, hxl))
    return out.getvalue().encode()


@register_format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
def render_excel(rows: list[dict[str, Any]], catalogue: Catalogue, hxl: bool) -> bytes:
    """The tidy table in a sheet named `data`, which grmg reads back."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    for line in _table(rows, hxl):
        sheet.append(line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@register_format("sdmx", "application/xml", "xml")
def render_sdmx(rows: list[dict[str, Any]], catalogue: Catalogue, hxl: bool) -> bytes:
    """An SDMX-ML 2.1 data message in grmg's data structure."""
    from grmg.indicators.sdmx import write_observations

    return write_observations(rows, catalogue)
