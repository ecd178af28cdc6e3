"""The comparison matrix as CSV and Excel, and the protection-gap report as CSV, HTML and PDF."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from grmg import __version__
from grmg.agreements.comparison import Cell, GapAnalysis, Matrix
from grmg.agreements.models import ProvisionStatus
from grmg.pdf import html_to_pdf
from grmg.vega import to_svg

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# The pills' colours, solid where an analyst confirmed the status, a light hatched tint where only screened.
COLOURS = {"present": ("1E8449", "D4EFDF"), "partial": ("8A5A00", "F6E3C3"), "absent": ("5D6D7E", "E5E8EB"),
           "contrary": ("A93226", "F2D7D5")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def matrix_rows(matrix: Matrix) -> list[list[Any]]:
    """The matrix as a tidy table: one row per agreement and provision, with a header."""
    rows: list[list[Any]] = [["country", "agreement_id", "agreement", "agreement_status", "in_force", "provision",
                              "provision_title", "gender", "status", "confirmed", "demo"]]
    for column in matrix.columns:
        coverage = column.coverage
        for item in matrix.provisions:
            cell = coverage.cell(item.id)
            rows.append([matrix.country.iso3, coverage.key, coverage.title, coverage.status, _yes(coverage.in_force),
                         item.id, item.title, _yes(item.gender), cell.status or "not_screened", _yes(cell.confirmed),
                         _yes(column.agreement.is_demo)])
    return rows


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def matrix_csv(matrix: Matrix) -> bytes:
    """The tidy matrix as CSV."""
    return _csv(matrix_rows(matrix))


def _fill(cell: Cell) -> tuple[PatternFill, Font]:
    if not cell.status:
        return PatternFill(), Font(color="888888")
    strong, tint = COLOURS[cell.status]
    if cell.confirmed:
        return PatternFill("solid", fgColor=strong), Font(color="FFFFFF", bold=True)
    return PatternFill("lightUp", fgColor=strong, bgColor=tint), Font(color=strong, italic=True, bold=True)


def _cell_text(cell: Cell) -> str:
    if not cell.status:
        return "–"
    status = str(ProvisionStatus(cell.status).label)
    return status if cell.confirmed else _("%s (unconfirmed)") % status


def matrix_xlsx(matrix: Matrix) -> bytes:
    """A workbook: the matrix with coloured cells and a legend, the agreements, and the tidy data."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Matrix"
    sheet["A1"] = _("Labour agreements of %s compared, provision by provision") % matrix.country.name
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (_("DEMO DATA: invented for the grmg demo; not real agreements.") if matrix.is_demo else
                   _("Solid: status confirmed by an analyst. Hatched and italic: screened by grmg, not yet confirmed."))
    sheet["A2"].font = Font(bold=matrix.is_demo, color="B9770E" if matrix.is_demo else "555555")
    header = 4
    for n, title in enumerate([_("Group"), _("Provision"), "♀"], start=1):
        sheet.cell(header, n, title).font = Font(bold=True)
    for column in matrix.columns:
        title = f"#{column.number} {column.coverage.title} ({column.status_label})"
        cell = sheet.cell(header, 3 + column.number, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(3 + column.number)].width = 22
    row = header
    for label, rows in matrix.groups:
        for line in rows:
            row += 1
            sheet.cell(row, 1, label)
            sheet.cell(row, 2, line.item.title)
            sheet.cell(row, 3, "♀" if line.item.gender else "")
            for n, found in enumerate(line.cells, start=4):
                target = sheet.cell(row, n, _cell_text(found))
                target.fill, target.font = _fill(found)
    row += 2
    sheet.cell(row, 1, _("Legend")).font = Font(bold=True)
    for status in ProvisionStatus.values:
        for confirmed in (True, False):
            row += 1
            sample = Cell(status, confirmed)
            target = sheet.cell(row, 2, _cell_text(sample))
            target.fill, target.font = _fill(sample)
            sheet.cell(row, 3, sample.label)
    row += 1
    sheet.cell(row, 2, "–")
    sheet.cell(row, 3, _("not screened: no document screened and no status confirmed"))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 4
    sheet.freeze_panes = sheet.cell(header + 1, 4)

    agreements = book.create_sheet("Agreements")
    agreements.append([_("Number"), _("Agreement"), _("Type"), _("Status"), _("In force"), _("Partners"),
                       _("Corridors"), _("Signed"), _("Provisions confirmed"), _("Demo")])
    for column, counts in matrix.summaries:
        a = column.agreement
        agreements.append([column.number, a.title, a.get_kind_display(), column.status_label,
                           _yes(column.coverage.in_force), ", ".join(column.partners),
                           "; ".join(f"{o} → {d}" for o, d in sorted(column.coverage.corridors)),
                           a.signed_date.isoformat() if a.signed_date else "",
                           f"{counts['confirmed']} / {len(matrix.provisions)}", _yes(a.is_demo)])
    for cell in agreements[1]:
        cell.font = Font(bold=True)
    agreements.column_dimensions["B"].width = 60

    data = book.create_sheet("Data")
    for values in matrix_rows(matrix):
        data.append(values)
    for cell in data[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the gaps ---------------------------------------------------------------------------------------------------

def gap_rows(analysis: GapAnalysis) -> list[list[Any]]:
    """The gaps as a tidy table: one row per destination and provision, with the destination's score repeated."""
    rows: list[list[Any]] = [["rank", "origin", "destination", "destination_name", f"women_{analysis.year}",
                              "women_share_pct", "agreements_in_force", "provisions_protected", "share_missing",
                              "gender_share_missing", "gap_score", "gender_gap_score", "provision", "gender",
                              "protection", "status", "confirmed", "contrary", "demo"]]
    demo = _yes(analysis.is_demo)

    def number(value: float | None, digits: int) -> str:
        return "" if value is None else f"{value:.{digits}f}"

    for gap in analysis.gaps:
        d = gap.destination
        summary = [gap.rank, analysis.country.iso3, d.iso3, d.name, "" if d.women is None else d.women,
                   number(d.share, 2), "; ".join(a.title for a in gap.in_force), number(gap.protected, 1),
                   number(gap.missing_share, 4), number(gap.gender_missing_share, 4), number(gap.score, 0),
                   number(gap.gender_score, 0)]
        for p in gap.provisions:
            rows.append([*summary, p.item.id, _yes(p.item.gender), p.value, p.cell.status or "none",
                         _yes(p.cell.confirmed), _yes(bool(p.contrary)), demo])
    return rows


def gaps_csv(analysis: GapAnalysis) -> bytes:
    """The tidy gaps as CSV."""
    return _csv(gap_rows(analysis))


def gap_chart(analysis: GapAnalysis) -> dict[str, Any] | None:
    """Women in each destination, split into the part the agreements in force protect and the gap; None unweighted."""
    if not analysis.weighted:
        return None
    gap_label, protected_label = _("gap: women × share of provisions missing"), _("protected")
    rows = [{"destination": g.destination.name, "part": label, "women": round(value), "rank": g.rank}
            for g in analysis.gaps if g.destination.women
            for label, value in ((gap_label, g.score or 0), (protected_label, g.destination.women - (g.score or 0)))]
    return {
        "$schema": SCHEMA, "description": _("Women by destination and the part left unprotected"),
        "data": {"values": rows}, "width": "container", "height": {"step": 16},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "destination", "type": "nominal", "title": None,
                  "sort": {"field": "rank", "op": "min"}, "axis": {"labelLimit": 180}},
            "x": {"field": "women", "type": "quantitative", "title": _("women, %d") % analysis.year,
                  "axis": {"format": "~s"}, "stack": "zero"},
            "color": {"field": "part", "type": "nominal", "title": None,
                      "legend": {"orient": "bottom", "labelLimit": 400},
                      "scale": {"domain": [gap_label, protected_label], "range": ["#a93226", "#7fb398"]}},
            "order": {"field": "part", "sort": "descending"},
        },
    }


def gaps_context(analysis: GapAnalysis) -> dict[str, Any]:
    """What the gap report shows."""
    chart = gap_chart(analysis)
    # Measured in the font the PDF draws it in, so the longest destination names are not cut off.
    svg = to_svg({**chart, "config": {"font": "DejaVu Sans"}}, width=620) if chart else ""
    return {
        "analysis": analysis, "country": analysis.country, "matrix": analysis.matrix, "chart_svg": svg,
        "legend": legend(),
        "generated": timezone.now(), "version": __version__, "is_demo": analysis.is_demo,
    }


def legend() -> list[Cell]:
    """The heat map's legend: each status, confirmed and not, then no status."""
    return [Cell(status, confirmed) for status in ProvisionStatus.values for confirmed in (True, False)] + [Cell()]


def gaps_html(analysis: GapAnalysis) -> str:
    """The gap report as one HTML file, chart inline."""
    return render_to_string("agreements/gaps_report.html", gaps_context(analysis))


def gaps_pdf(analysis: GapAnalysis) -> bytes:
    """The gap report as PDF."""
    return html_to_pdf(gaps_html(analysis))
