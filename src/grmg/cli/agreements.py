"""`grmg agreements`: screen bilateral labour agreements and MOUs against the provision checklist."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from django.utils.translation import gettext as _
from rich.markup import escape
from rich.table import Table

from grmg.cli import agreement_reports
from grmg.cli.agreement_reports import CompareFormat
from grmg.cli.common import UserError, console, errors, user_errors

if TYPE_CHECKING:
    from grmg.core.screening import ChecklistItem, Screening, Span
    from grmg.core.screening.engine import Matcher
    from grmg.core.screening.rules import RuleSet
    from grmg.documents import DocumentText

app = typer.Typer(help="Bilateral labour agreements and MOUs: screen them against the provision checklist.",
                  no_args_is_help=True)

STATUS_LETTERS = {"present": "P", "partial": "p", "absent": "-", "contrary": "C"}
STATUS_STYLES = {"present": "green", "partial": "yellow", "absent": "dim", "contrary": "bold red"}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
FILES_HELP = "Agreement texts: .txt, .pdf or .docx."
RULES_HELP = "A rule file (YAML) to add: a new language, or `extends: xx` to add patterns to that language's rules."
LANGUAGE_HELP = "Screen as this language (ISO 639 code, e.g. en) instead of detecting it."
SEMANTIC_HELP = "Also match clauses by meaning (needs the semantic extra)."
COUNTRY_HELP = "Compare the agreements registered for this country (ISO 3166 alpha-3 code or name)."
CHECKLIST_HELP = "A checklist variant (YAML) that adds or rewords provisions; default: the shipped checklist."


class ScreenFormat(StrEnum):
    """Formats of `agreements screen`."""

    json = "json"
    table = "table"


@dataclass(frozen=True)
class Screened:
    """One file's text and its screening."""

    document: DocumentText
    screening: Screening


@dataclass(frozen=True)
class Setup:
    """What every file is screened with."""

    checklist: tuple[ChecklistItem, ...]
    rules: RuleSet
    matcher: Matcher | None
    language: str | None


@app.command()
def screen(files: list[Path] = typer.Argument(..., help=FILES_HELP),
           format: ScreenFormat = typer.Option(ScreenFormat.table, "--format", help="json or table."),
           rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
           language: str | None = typer.Option(None, "--language", help=LANGUAGE_HELP),
           semantic: bool = typer.Option(False, "--semantic", help=SEMANTIC_HELP),
           checklist: Path | None = typer.Option(None, "--checklist", help=CHECKLIST_HELP)) -> None:
    """Suggest a status for every checklist provision in each file, with evidence; an analyst confirms them."""
    with user_errors():
        setup = prepare(rules, language, semantic, checklist)
    screened, failed = screen_files(files, setup)
    if format == ScreenFormat.json:
        sys.stdout.write(json.dumps([s.screening.as_contract() for s in screened], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        for item in screened:
            console.print(screening_table(item, setup.checklist))
    if failed:
        raise typer.Exit(1)


@app.command()
def compare(files: list[Path] = typer.Argument(None, help=FILES_HELP + " Or give --country."),
            country: str | None = typer.Option(None, "--country", help=COUNTRY_HELP),
            format: CompareFormat = typer.Option(CompareFormat.table, "--format", help="table, csv or xlsx."),
            out: Path | None = typer.Option(None, "--out", help="File to write (--country); default standard output."),
            rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
            language: str | None = typer.Option(None, "--language", help=LANGUAGE_HELP),
            semantic: bool = typer.Option(False, "--semantic", help=SEMANTIC_HELP),
            checklist: Path | None = typer.Option(None, "--checklist", help=CHECKLIST_HELP)) -> None:
    """The matrix of provisions × agreements: of a country's registry (--country), or of files screened now."""
    if country is not None:
        if files:
            with user_errors():
                raise UserError(_("give either files or --country, not both"))
        agreement_reports.compare(country, format, out)
        return
    with user_errors():
        if not files:
            raise UserError(_("give the files to compare, or --country for a country's registered agreements"))
        if format == CompareFormat.xlsx:
            raise UserError(_("xlsx is for a country's registry (--country); use table or csv for files"))
        setup = prepare(rules, language, semantic, checklist)
    screened, failed = screen_files(files, setup)
    header = [_("provision"), *(s.screening.file for s in screened)]
    rows = [[item.id, *(STATUS_LETTERS[s.screening.findings[n].status] for s in screened)]
            for n, item in enumerate(setup.checklist)]
    if format == CompareFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        table = Table(*header, caption=_("P present, p partial, - absent, C contrary"))
        for row in rows:
            table.add_row(*row)
        console.print(table)
    if failed:
        raise typer.Exit(1)


app.command()(agreement_reports.gaps)


def prepare(rules: Path | None, language: str | None, semantic: bool, checklist: Path | None) -> Setup:
    """The checklist, rules and matcher every file is screened with; a bad option or file stops the command."""
    from grmg.core.screening.checklist import load_checklist, shipped_checklist
    from grmg.core.screening.rules import load_rules, shipped_rules

    if language is not None and not LANGUAGE_CODE.match(language):
        raise UserError(_("--language: %r is not a language code such as en, de or id") % language)
    items = load_checklist(checklist) if checklist else shipped_checklist()
    rule_set = load_rules(rules, shipped_rules()) if rules else shipped_rules()
    return Setup(items, rule_set, semantic_matcher() if semantic else None, language)


def semantic_matcher() -> Matcher:
    """The semantic matcher, or a one-line UserError when the extra is not installed."""
    try:
        from grmg.core.screening.semantic import SemanticMatcher, SemanticUnavailable
    except ImportError as exc:
        raise UserError(_("--semantic: the semantic extra is not installed (%s)") % exc) from None
    try:
        return SemanticMatcher()
    except SemanticUnavailable as exc:
        raise UserError(escape(f"--semantic: {exc}")) from None  # user_errors prints Rich markup: keep "[semantic]"


def screen_files(files: Sequence[Path], setup: Setup) -> tuple[list[Screened], bool]:
    """Screen every file that can be read; each one that cannot gets one line on stderr (and the rest go on)."""
    from grmg.core.screening.engine import screen as screen_text
    from grmg.documents import DocumentError, read_document

    screened = []
    failed = False
    for path in files:
        try:
            document = read_document(path.read_bytes(), str(path))
        except OSError as exc:
            failed = _failure(_("%(file)s: cannot read: %(why)s") % {"file": path, "why": exc.strerror or exc})
            continue
        except DocumentError as exc:
            failed = _failure(str(exc))
            continue
        screening = screen_text(str(path), document.text, setup.checklist, setup.rules, setup.matcher,
                                setup.language)
        screened.append(Screened(document, screening))
    return screened, failed


def _failure(line: str) -> bool:
    errors.print(f"[red]error:[/red] {escape(line)}", highlight=False, soft_wrap=True)
    return True


def screening_table(item: Screened, checklist: Sequence[ChecklistItem]) -> Table:
    """One file's findings as a table: provision, status, confidence and the first evidence."""
    screening = item.screening
    table = Table(_("provision"), _("status"), _("confidence"), _("evidence"), title=_(
        "%(file)s (language: %(language)s)") % {"file": screening.file, "language": screening.language},
        title_justify="left")
    pages = len(item.document.pages) > 1
    for provision, finding in zip(checklist, screening.findings, strict=True):
        label = f"{provision.title} ♀" if provision.gender else provision.title
        status = f"[{STATUS_STYLES[finding.status]}]{finding.status}[/]"
        table.add_row(label, status, f"{finding.confidence:.2f}", _evidence(item.document, finding.evidence, pages))
    return table


def _evidence(document: DocumentText, spans: Sequence[Span], pages: bool) -> str:
    if not spans:
        return ""
    text = " ".join(spans[0].text.split())
    text = text if len(text) <= 100 else text[:97] + "…"
    where = _("p. %d: ") % document.page_at(spans[0].start) if pages else ""
    more = _(" (+%d more)") % (len(spans) - 1) if len(spans) > 1 else ""
    return escape(f"{where}{text}{more}")
