"""`grmg assess`: workbook templates, imports and reports of assessment rounds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from django.utils.translation import gettext as _
from rich.table import Table

from grmg.cli.common import (
    UserError,
    cannot_write,
    console,
    ensure_database,
    errors,
    find_user,
    print_problems,
    user_errors,
    write_output,
)

if TYPE_CHECKING:
    from grmg.assessments.models import Round

app = typer.Typer(help="Assessment workbooks, imports and reports.", no_args_is_help=True)


def find_round(reference: str) -> Round:
    """A round by `ISO3/YEAR` (or `COUNTRY NAME/YEAR`) or by its number."""
    from grmg.assessments.models import Round
    from grmg.countries.services import CountryNotFound, find_country

    if reference.isdigit():
        found = Round.objects.filter(pk=int(reference)).select_related("country", "framework").first()
    else:
        country_text, _sep, year = reference.rpartition("/")
        if not country_text or not year.isdigit():
            raise UserError(_("give a round as ISO3/YEAR, e.g. XDM/2025, not %r") % reference)
        try:
            country = find_country(country_text)
        except CountryNotFound as exc:
            raise UserError(str(exc)) from None
        found = Round.objects.filter(country=country, year=int(year)).select_related("country", "framework").first()
    if found is None:
        raise UserError(_("no assessment round %s; see grmg assess rounds") % reference)
    return found


@app.command()
def rounds(country: str = typer.Argument("", help="A country code or name; default every country.")) -> None:
    """List assessment rounds with their perspectives."""
    from grmg.assessments.models import Round
    from grmg.countries.services import CountryNotFound, find_country

    with user_errors():
        ensure_database()
        found = Round.objects.select_related("country", "framework").prefetch_related("assessments")
        if country:
            try:
                found = found.filter(country=find_country(country))
            except CountryNotFound as exc:
                raise UserError(str(exc)) from None
        table = Table("round", "country", "framework", "perspectives")
        for item in found.order_by("country__name", "year"):
            demo = " (demo)" if item.country.is_demo else ""
            table.add_row(item.reference, item.country.name + demo, item.framework.key,
                          ", ".join(a.perspective for a in item.assessments.all()))
    console.print(table)


@app.command()
def template(
    country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name of the country."),
    out: Path = typer.Option(..., "--out", help="The workbook to write (.xlsx)."),
    year: int = typer.Option(0, help="Year of the round; default this year."),
    perspective: str = typer.Option("government", help="government, civil_society or independent."),
    organisation: str = typer.Option("", help="The organisation making the assessment."),
) -> None:
    """Write an assessment workbook: one sheet per pillar, a drop-down of levels, pre-filled if it exists."""
    from django.utils import timezone

    from grmg.assessments.models import Assessment, Perspective
    from grmg.assessments.workbooks import about_for, build, workbook_for
    from grmg.countries.services import CountryNotFound, find_country
    from grmg.frameworks.services import ensure_shipped
    from grmg.organisations.models import Organisation

    with user_errors():
        ensure_database()
        if out.suffix.lower() != ".xlsx":
            raise UserError(_("%s: the workbook must end in .xlsx") % out)
        if perspective not in Perspective.values:
            raise UserError(_("unknown perspective %(value)r; expected one of %(known)s") % {
                "value": perspective, "known": ", ".join(Perspective.values)})
        try:
            found = find_country(country)
        except CountryNotFound as exc:
            raise UserError(str(exc)) from None
        year = year or timezone.now().year
        existing = Assessment.objects.filter(round__country=found, round__year=year, perspective=perspective) \
            .select_related("round__framework", "round__country", "organisation").first()
        if existing is not None:
            book = workbook_for(existing)
        else:
            framework = ensure_shipped().framework
            known = Organisation.objects.filter(name=organisation).first()
            about = about_for(found, year, perspective, known, framework)
            about["organisation"] = organisation
            book = build(framework, about)
        try:
            book.save(out)
        except OSError as exc:
            raise cannot_write(out, exc) from None
    state = _("pre-filled from the saved assessment") if existing else _("blank")
    console.print(_("wrote %(file)s (%(state)s): %(country)s %(year)s, %(perspective)s") % {
        "file": out, "state": state, "country": found.name, "year": year, "perspective": perspective},
        highlight=False)


AS_USER = typer.Option("", "--as", help="User name to record as the author of the changes.")


@app.command(name="import")
def import_(files: list[Path] = typer.Argument(..., help="Workbooks (.xlsx) or YAML files."),
            username: str = AS_USER) -> None:
    """Import assessments: each file all or nothing, every problem named by sheet, row and column."""
    from grmg.assessments.imports import import_file
    from grmg.core.problems import InputError

    failed = False
    with user_errors():
        ensure_database()
        user = find_user(username)
    for file in files:
        try:
            with file.open("rb") as stream:
                result = import_file(stream, str(file), user)
        except OSError as exc:
            failed = True
            message = _("%(file)s: cannot read: %(why)s") % {"file": file, "why": exc.strerror}
            errors.print(f"[red]error:[/red] {message}", highlight=False)
            continue
        except InputError as exc:
            failed = True
            print_problems(exc)
            continue
        created = _(", round created") if result.round_created else ""
        console.print(_("%(file)s: imported into %(assessment)s%(created)s: %(scores)d criteria changed, "
                        "%(evidence)d pieces of evidence added") % {
            "file": file, "assessment": result.assessment, "created": created, "scores": result.scores_changed,
            "evidence": result.evidence_added}, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def status(
    round_reference: str = typer.Argument(..., metavar="ROUND", help="ISO3/YEAR (e.g. XDM/2025) or a round number."),
    perspective: str = typer.Option(..., help="government, civil_society or independent."),
    to: str = typer.Option(..., "--to", help="submitted, reviewed, validated or draft."),
    components: list[str] = typer.Option([], "--component", help="A component id; default every component."),
    note: str = typer.Option("", help="Why, e.g. when returning a component to draft."),
    username: str = AS_USER,
) -> None:
    """Move components of an assessment along draft → submitted → reviewed → validated (or back to draft)."""
    from django.db import transaction

    from grmg.assessments import services

    with user_errors():
        ensure_database()
        found = find_round(round_reference)
        assessment = found.assessments.filter(perspective=perspective).first()
        if assessment is None:
            raise UserError(_("%(round)s has no %(perspective)s assessment") % {
                "round": found.reference, "perspective": perspective})
        user = find_user(username)
        chosen = components or [c.id for c in found.framework.framework.components()]
        try:
            with transaction.atomic():
                for component_id in chosen:
                    services.transition(assessment, component_id, to, user, note)
        except services.AssessmentError as exc:
            raise UserError(str(exc)) from None
    console.print(_("%(assessment)s: %(count)d components now %(status)s") % {
        "assessment": assessment, "count": len(chosen), "status": to}, highlight=False)


class ReportFormat(StrEnum):
    """Formats of `assess report`."""

    html = "html"
    json = "json"


@app.command()
def report(
    round_reference: str = typer.Argument(..., metavar="ROUND", help="ISO3/YEAR (e.g. XDM/2025) or a round number."),
    format: ReportFormat = typer.Option(ReportFormat.html, "--format", help="html or json."),
    out: Path | None = typer.Option(None, "--out", help="File to write; default standard output."),
) -> None:
    """Write a round's report: scores, coverage, gaps, divergence between perspectives, change since the last round."""
    from grmg.assessments.reports import REPORT_FORMATS

    with user_errors():
        ensure_database()
        found = find_round(round_reference)
        content = REPORT_FORMATS[format.value].render(found)
        write_output(content, out)
