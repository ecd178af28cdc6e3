"""`grmg laws`: the legal compliance review and the inventory of discriminatory provisions."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.table import Table

from grmg.cli.common import UserError, console, country_of, ensure_reference, find_user, user_errors, write_output

app = typer.Typer(help="National laws, the compliance review and discriminatory provisions.", no_args_is_help=True)


@app.command(name="import")
def import_(file: Path = typer.Argument(..., help="A review file (YAML): laws, reviews, discriminatory provisions."),
            username: str = typer.Option("", "--as", help="User name to record as the author.")) -> None:
    """Import a country's review: laws (with documents), provision reviews and discriminatory provisions."""
    from grmg.laws.imports import import_review

    with user_errors():
        ensure_reference()
        result = import_review(file, find_user(username))
    console.print(_("%(file)s: %(country)s: %(laws)d laws added, %(reviews)d reviews and %(found)d discriminatory "
                    "provisions saved") % {"file": file, "country": result.country.name, "laws": result.laws_added,
                                           "reviews": result.reviews_saved, "found": result.discriminatory_saved},
                  highlight=False)


@app.command(name="list")
def list_(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name.")) -> None:
    """The laws and policies in a country's inventory."""
    from grmg.laws.models import NationalInstrument

    with user_errors():
        ensure_reference()
        laws = NationalInstrument.objects.filter(country=country_of(country)).defer("text")
        table = Table(_("title"), _("type"), _("year"), _("status"), _("reviews"))
        for law in laws:
            table.add_row(law.title, law.get_kind_display(), str(law.year or "–"), law.get_status_display(),
                          str(law.reviews.count()))
    console.print(table)


class MatrixFormat(StrEnum):
    """Formats of `laws matrix`."""

    table = "table"
    csv = "csv"


@app.command()
def matrix(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name."),
           format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", help="table or csv.")) -> None:
    """The compliance matrix: reviewed standard provisions × national instruments, with the overall status."""
    from grmg.laws.services import compliance_matrix

    with user_errors():
        ensure_reference()
        found = compliance_matrix(country_of(country))
    rows = [row for row in found.rows if row.overall is not None]
    header = [_("instrument"), _("provision"), *(str(law) for law in found.laws), _("no law"), _("overall")]
    cells = [[row.provision.instrument.code, row.provision.ref,
              *(cell.status if cell else "" for cell in row.cells),
              row.not_addressed.status if row.not_addressed else "", row.overall or ""] for row in rows]
    if format == MatrixFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(cells)
        return
    table = Table(*header)
    for line in cells:
        table.add_row(*line)
    console.print(table)


@app.command()
def gaps(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name.")) -> None:
    """Priority gaps: reviewed provisions the law does not fully meet, worst and weightiest first."""
    from grmg.frameworks.services import shipped_version
    from grmg.laws.services import compliance_matrix, priority_gaps

    with user_errors():
        ensure_reference()
        found = priority_gaps(compliance_matrix(country_of(country)), shipped_version().framework)
    for n, gap in enumerate(found, start=1):
        console.print(f"{n}. [{gap.status_label}] {gap.provision.instrument.short_title} {gap.provision.ref}: "
                      f"{gap.provision.summary}", highlight=False, markup=False)
    if not found:
        console.print(_("no reviewed provision falls short"))


class ReportFormat(StrEnum):
    """Formats of `laws baseline`."""

    html = "html"
    pdf = "pdf"


@app.command()
def baseline(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name."),
             format: ReportFormat = typer.Option(ReportFormat.html, "--format", help="html or pdf."),
             out: Path = typer.Option(..., "--out", help="File to write.")) -> None:
    """The baseline report: ratification gaps, compliance, discriminatory provisions, patterns, suggested scores."""
    from grmg.laws.reports import baseline_html, baseline_pdf
    from grmg.pdf import PdfUnavailable

    with user_errors():
        ensure_reference()
        found = country_of(country)
        try:
            content = baseline_pdf(found) if format == ReportFormat.pdf else baseline_html(found).encode()
        except PdfUnavailable as exc:
            raise UserError(str(exc)) from None
        write_output(content, out)
