"""`grmg profile`: a country's profile from the data that ship with grmg."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from grmg.cli.common import UserError, country_of, ensure_reference, user_errors, write_output


class Format(StrEnum):
    """Formats of `grmg profile`."""

    html = "html"
    pdf = "pdf"
    json = "json"
    csv = "csv"


def profile(
    country: str = typer.Argument(..., help="ISO 3166 alpha-3 code or name, e.g. NPL or Nepal."),
    format: Format = typer.Option(Format.html, "--format", help="html, pdf, json or csv."),
    out: Path | None = typer.Option(None, "--out", help="File to write; default standard output (not for pdf)."),
) -> None:
    """A country profile: migrant stock by sex 1990–2020, top corridors, WBL, SDG 10.7.2, ratifications."""
    from grmg.pdf import PdfUnavailable
    from grmg.profiles import documents, services

    with user_errors():
        ensure_reference()
        built = services.build_profile(country_of(country))
        try:
            content = {
                Format.html: lambda: documents.profile_html(built).encode(),
                Format.pdf: lambda: documents.profile_pdf(built),
                Format.json: lambda: json.dumps(services.as_data(built), indent=2, ensure_ascii=False).encode(),
                Format.csv: lambda: services.as_csv(built).encode(),
            }[format]()
        except PdfUnavailable as exc:
            raise UserError(str(exc)) from None
        write_output(content, out, binary=format == Format.pdf)
