"""`grmg standards`: ratification status, newer ratification files, and statuses recorded by hand."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.table import Table

from grmg.cli.common import UserError, console, country_of, ensure_reference, find_user, user_errors

app = typer.Typer(help="Ratification status of international standards.", no_args_is_help=True)


class Format(StrEnum):
    """Output formats of `standards show`."""

    table = "table"
    json = "json"


@app.command()
def show(country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name."),
         format: Format = typer.Option(Format.table, "--format", help="table or json.")) -> None:
    """A country's ratification status for every instrument, with source and as-of date."""
    from grmg.standards.services import ratification_table

    with user_errors():
        ensure_reference()
        rows = ratification_table(country_of(country))
    if format == Format.json:
        typer.echo(json.dumps([{
            "instrument": row.instrument.code,
            "status": row.record.status if row.record else None,
            "year": row.record.year if row.record else None,
            "source": row.record.citation if row.record else None,
            "as_of": row.record.as_of.isoformat() if row.record else None,
            "not_listed_in": [{"source": name, "as_of": as_of.isoformat()} for name, as_of in row.silent_sources],
        } for row in rows], indent=2, ensure_ascii=False))
        return
    table = Table(_("instrument"), _("status"), _("year"), _("source"), _("as of"))
    for row in rows:
        if row.record:
            table.add_row(row.instrument.short_title, row.record.get_status_display(), str(row.record.year or "–"),
                          row.record.citation, row.record.as_of.isoformat())
        else:
            table.add_row(row.instrument.short_title, _("no record"), "–", "", "")
    console.print(table)


@app.command(name="import")
def import_(file: Path = typer.Argument(..., help="A ratification CSV: iso3, instrument, status, year, source, as_of."),
            username: str = typer.Option("", "--as", help="User name to record as the loader.")) -> None:
    """Load a newer ratification file, checked exactly as the shipped one; all or nothing."""
    from grmg.standards.services import import_file

    with user_errors():
        ensure_reference()
        user = find_user(username)
        try:
            with file.open("rb") as stream:
                source, created = import_file(stream, str(file), user)
        except OSError as exc:
            raise UserError(_("%(file)s: cannot read: %(why)s") % {"file": file, "why": exc.strerror}) from None
    if created:
        console.print(_("%(file)s: imported %(n)d records") % {"file": file, "n": source.records.count()},
                      highlight=False)
    else:
        console.print(_("%s: already imported; nothing changed") % file, highlight=False)


@app.command()
def record(
    country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name."),
    instrument: str = typer.Argument(..., help="Instrument code, e.g. ILO-C189."),
    status: str = typer.Option(..., help="party, signatory, no_action or denounced."),
    source: str = typer.Option(..., help="Where this status comes from."),
    year: int | None = typer.Option(None, help="Year of ratification or accession."),
    as_of: str = typer.Option("", "--as-of", help="Date the source refers to (YYYY-MM-DD); default today."),
    note: str = typer.Option("", help="A note shown with the status."),
    username: str = typer.Option("", "--as", help="User name to record as the author."),
) -> None:
    """Record a status by hand, with its source, where the shipped data is silent or out of date."""
    from grmg.standards.models import Instrument
    from grmg.standards.services import record_by_hand

    with user_errors():
        ensure_reference()
        found = Instrument.objects.filter(code=instrument.upper()).first()
        if found is None:
            raise UserError(_("unknown instrument %r; see grmg standards show") % instrument)
        try:
            when = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError:
            raise UserError(_("--as-of: %r is not a date (YYYY-MM-DD)") % as_of) from None
        saved = record_by_hand(country_of(country), found, status, year, source, when, note, find_user(username))
    console.print(_("recorded: %s") % saved, highlight=False)
