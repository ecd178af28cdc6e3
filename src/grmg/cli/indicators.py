"""`grmg indicators`: compute indicators from unit records, import and export indicator data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from grmg.cli.common import (
    UserError,
    cannot_write,
    console,
    country_of,
    ensure_reference,
    find_user,
    print_problems,
    user_errors,
    write_output,
)

app = typer.Typer(help="Gender-disaggregated indicators: compute, import, export.", no_args_is_help=True)


@app.command()
def compute(
    data: Path = typer.Option(..., "--data", help="Unit records: a CSV or Parquet file."),
    spec: Path = typer.Option(..., "--spec", help="A YAML computation spec (indicators: code, numerator, ...)."),
    out: Path = typer.Option(..., "--out", help="The tidy CSV to write."),
    memory_limit: str = typer.Option("", help="DuckDB memory limit, e.g. 4GB; default half of this machine's RAM."),
) -> None:
    """Compute indicators with every disaggregation asked for, suppressing small cells; write a tidy CSV."""
    from grmg.core.indicators.compute import compute as run
    from grmg.core.indicators.compute import write_csv
    from grmg.core.indicators.spec import read_spec

    with user_errors():
        try:
            specs = read_spec(spec.read_text(encoding="utf-8"), str(spec))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(_("%(file)s: cannot read: %(why)s") % {"file": spec, "why": exc}) from None
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
            task = bar.add_task(_("checking"), total=4)

            def progress(done: int, total: int, stage: str) -> None:
                bar.update(task, completed=done, total=total, description=stage)

            result = run(data, specs, progress=progress, memory_limit=memory_limit or None, spec_source=str(spec))
        try:
            write_csv(result, out)
        except OSError as exc:
            raise cannot_write(out, exc) from None
    suppressed = sum(1 for cell in result.cells if cell.status == "suppressed")
    console.print(_("wrote %(file)s: %(cells)d cells, %(suppressed)d suppressed") % {
        "file": out, "cells": len(result.cells), "suppressed": suppressed}, highlight=False)


@app.command(name="import")
def import_(
    files: list[Path] = typer.Argument(..., help="Tidy CSV, Excel, SDMX files; or unit records with --spec."),
    country: str = typer.Option("", help="Country code or name, for files with no Country column."),
    indicator: str = typer.Option("", help="Indicator code, for files with no Indicator column."),
    spec: Path | None = typer.Option(None, "--spec", help="Computation spec: the files are unit records."),
    year: int | None = typer.Option(None, help="Year of unit records with no year column."),
    username: str = typer.Option("", "--as", help="User name to record as the importer."),
) -> None:
    """Import indicator data, each file all or nothing; the validation report names rows and columns."""
    from grmg.core.problems import InputError
    from grmg.indicators.imports import import_file, import_microdata
    from grmg.indicators.readers import Defaults

    with user_errors():
        ensure_reference()
        user = find_user(username)
        found = country_of(country) if country else None
        if spec is not None and found is None:
            raise UserError(_("unit records need --country"))
        spec_text = spec.read_text(encoding="utf-8") if spec else ""
    failed = False
    for file in files:
        try:
            if spec is not None and found is not None:
                report = import_microdata(file, spec_text, str(spec), found, year, user)
            else:
                with file.open("rb") as stream:
                    report = import_file(stream, str(file), user, Defaults(indicator, found.iso3 if found else ""))
        except OSError as exc:
            failed = True
            console.print(f"[red]error:[/red] {file}: {exc.strerror}", highlight=False)
            continue
        except InputError as exc:
            failed = True
            print_problems(exc)
            continue
        if not report.created:
            console.print(_("%s: already imported; nothing changed") % file, highlight=False)
            continue
        console.print(_("%(file)s: %(n)d values added or changed") % {"file": file, "n": report.changed},
                      highlight=False)
        for warning in report.warnings:
            console.print(f"[yellow]warning:[/yellow] {file}: {warning}", highlight=False)
    if failed:
        raise typer.Exit(1)


class Format(StrEnum):
    """Formats of `indicators export`."""

    csv = "csv"
    xlsx = "xlsx"
    sdmx = "sdmx"


@app.command()
def export(
    country: str = typer.Argument(..., help="Country code or name."),
    format: Format = typer.Option(Format.csv, "--format", help="csv (Open SDG tidy), xlsx or sdmx (SDMX-ML)."),
    indicator: str = typer.Option("", help="Only this indicator."),
    hxl: bool = typer.Option(False, help="Add a row of HXL hashtags under the header (csv, xlsx)."),
    out: Path | None = typer.Option(None, "--out", help="File to write; default standard output."),
) -> None:
    """Export a country's indicator data; suppressed cells are marked and their values left out."""
    from grmg.indicators.exports import EXPORT_FORMATS, public_rows
    from grmg.indicators.models import Observation
    from grmg.indicators.services import registry

    with user_errors():
        ensure_reference()
        found = Observation.objects.filter(country=country_of(country)).select_related("indicator", "country")
        if indicator:
            found = found.filter(indicator__code=indicator)
        content = EXPORT_FORMATS[format.value].render(public_rows(found.order_by("indicator__position", "year",
                                                                                 "key")), registry(), hxl)
        write_output(content, out, binary=format.value == "xlsx")


@app.command(name="list")
def list_() -> None:
    """The indicators of the registry."""
    from grmg.indicators.models import Indicator

    with user_errors():
        ensure_reference()
        table = Table(_("code"), _("indicator"), _("unit"), _("disaggregations"))
        for item in Indicator.objects.all():
            table.add_row(item.code, item.name, item.unit, ", ".join(item.disaggregations))
    console.print(table)


@app.command()
def load(file: Path = typer.Argument(..., help="An agency's indicator catalogue (YAML).")) -> None:
    """Add an agency's indicators (and dimensions) to the registry."""
    from grmg.indicators.services import load_agency_catalogue

    with user_errors():
        ensure_reference()
        count = load_agency_catalogue(file)
    console.print(_("%(file)s: %(n)d indicators loaded") % {"file": file, "n": count}, highlight=False)
