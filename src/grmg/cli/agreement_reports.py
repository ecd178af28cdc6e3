"""`grmg agreements compare --country` and `grmg agreements gaps`: a registry's matrix and its protection gaps."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from grmg.cli.common import UserError, country_of, ensure_reference, user_errors, write_output

if TYPE_CHECKING:
    from grmg.agreements.comparison import Matrix


class CompareFormat(StrEnum):
    """Formats of `agreements compare`."""

    table = "table"
    csv = "csv"
    xlsx = "xlsx"


class GapsFormat(StrEnum):
    """Formats of `agreements gaps`."""

    html = "html"
    pdf = "pdf"
    csv = "csv"


def compare(country: str, format: CompareFormat, out: Path | None) -> None:
    """The country's agreements × the provision checklist: confirmed statuses, else screened ones marked with ?."""
    from grmg.agreements.comparison import comparison
    from grmg.agreements.reports import matrix_csv, matrix_xlsx

    with user_errors():
        ensure_reference()
        matrix = comparison(country_of(country))
        if format == CompareFormat.csv:
            write_output(matrix_csv(matrix), out)
        elif format == CompareFormat.xlsx:
            write_output(matrix_xlsx(matrix), out, binary=True)
        else:
            write_output(_matrix_table(matrix).encode(), out)


def _matrix_table(matrix: Matrix) -> str:
    """The matrix as a text table, agreements by number, with their key and the legend below."""
    if not matrix.columns:
        return _("%s: no agreement is registered") % matrix.country.name + "\n"
    table = Table(_("provision"), *(f"#{c.number}" for c in matrix.columns), title=_(
        "Labour agreements of %s compared") % matrix.country.name)
    for label, rows in matrix.groups:
        table.add_section()
        table.add_row(f"[bold]{label}[/bold]")
        for row in rows:
            table.add_row(row.item.title + (" ♀" if row.item.gender else ""), *(c.symbol or "·" for c in row.cells))
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(100, 48 + 6 * len(matrix.columns)), no_color=True, soft_wrap=False)
    console.print(table)
    demo = " " + _("(DEMO DATA, fictional)") if matrix.is_demo else ""
    for column in matrix.columns:
        console.print(f"#{column.number} {column.coverage.title} · {column.status_label}{demo}", highlight=False,
                      markup=False)
    console.print(_("✓ present, ½ partial, – absent, ✕ contrary, · not screened; ? screened, not yet confirmed by an "
                    "analyst"), highlight=False, markup=False)
    return buffer.getvalue()


def gaps(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code of a country of origin, or its name."),
         format: GapsFormat = typer.Option(GapsFormat.html, "--format", help="html, pdf or csv."),
         out: Path | None = typer.Option(None, "--out", help="File to write; default standard output (not pdf).")
         ) -> None:
    """Protection gaps where the country's women live: destinations ranked by women × share of provisions missing."""
    from grmg.agreements.comparison import gap_analysis
    from grmg.agreements.reports import gaps_csv, gaps_html, gaps_pdf
    from grmg.pdf import PdfUnavailable

    with user_errors():
        ensure_reference()
        analysis = gap_analysis(country_of(country))
        if format == GapsFormat.csv:
            write_output(gaps_csv(analysis), out)
        elif format == GapsFormat.html:
            write_output(gaps_html(analysis).encode(), out)
        else:
            if out is None:
                raise UserError(_("this format is binary: give --out FILE"))
            try:
                content = gaps_pdf(analysis)
            except PdfUnavailable as exc:
                raise UserError(str(exc)) from None
            write_output(content, out, binary=True)
