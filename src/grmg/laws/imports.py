"""A compliance review from a YAML file: laws, provision reviews and discriminatory provisions of one country.

The whole file is checked before anything is written, and stored in one transaction. Importing the same file
again changes nothing: a law is matched by title and year, a review by provision, law and article, and a
discriminatory provision by kind, law and article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.laws import services
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument, ProvisionReview
from grmg.standards.models import Provision


@dataclass(frozen=True)
class ReviewImport:
    """What an import added or changed."""

    country: Country
    laws_added: int
    reviews_saved: int
    discriminatory_saved: int  # rows created or changed; unchanged rows are left alone


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value).strip()


def import_review(path: Path, user: User | None = None) -> ReviewImport:
    """Read, check and store a review file; InputError names every problem by its path in the file."""
    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(source, [Problem("", _("cannot read the file: %s") % exc)]) from None
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", _("the file must hold a mapping at the top level"))])
    problems: list[Problem] = []
    unknown = set(data) - {"country", "laws", "reviews", "discriminatory"}
    problems += [Problem(key, _("unknown field")) for key in sorted(unknown)]
    country = Country.objects.filter(iso3=_text(data, "country").upper()).first()
    if country is None:
        problems.append(Problem("country", _("unknown country code %r") % data.get("country")))
        raise InputError(source, problems)
    laws = _check_laws(data.get("laws") or [], path.parent, problems)
    provisions = {(p.instrument.code, p.ref): p for p in Provision.objects.select_related("instrument")}
    existing = {law.title: law for law in NationalInstrument.objects.filter(country=country).defer("text")}
    reviews = _check_reviews(data.get("reviews") or [], provisions, set(laws) | set(existing), problems)
    findings = _check_discriminatory(data.get("discriminatory") or [], set(laws) | set(existing), problems)
    if problems:
        raise InputError(source, problems)
    return _store(country, laws, reviews, findings, existing, user, source)


def _entries(items: Any, section: str, problems: list[Problem]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each mapping of a list section with its path; a section or entry of the wrong shape is a problem."""
    if not isinstance(items, list):
        problems.append(Problem(section, _("expected a list")))
        return
    for n, item in enumerate(items):
        if isinstance(item, dict):
            yield f"{section}[{n}]", item
        else:
            problems.append(Problem(f"{section}[{n}]", _("expected a mapping")))


def _choice(item: dict[str, Any], key: str, where: str, allowed: list[str], problems: list[Problem]) -> None:
    if _text(item, key) not in allowed:
        problems.append(Problem(f"{where}.{key}", _("expected one of %s") % ", ".join(allowed)))


def _required(item: dict[str, Any], keys: tuple[str, ...], where: str, problems: list[Problem]) -> None:
    problems += [Problem(f"{where}.{key}", _("required field is missing")) for key in keys if not _text(item, key)]


def _known_law(item: dict[str, Any], where: str, law_keys: set[str], problems: list[Problem]) -> None:
    law = _text(item, "law")
    if law and law not in law_keys:
        problems.append(Problem(f"{where}.law", _("%r is neither a law of this file nor of the inventory") % law))


def _check_laws(items: Any, folder: Path, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    laws: dict[str, dict[str, Any]] = {}
    for where, item in _entries(items, "laws", problems):
        key = _text(item, "key") or _text(item, "title")
        _required(item, ("title",), where, problems)
        _choice(item, "kind", where, NationalInstrument.Kind.values, problems)
        _choice(item, "status", where, NationalInstrument.Status.values, problems)
        year = item.get("year")
        if year is not None and not (isinstance(year, int) and 1800 <= year <= 2100):
            problems.append(Problem(f"{where}.year", _("%r is not a year") % year))
        document = _text(item, "document")
        if document and not (folder / document).is_file():
            problems.append(Problem(f"{where}.document", _("no file %s next to the review file") % document))
        if key in laws:
            problems.append(Problem(f"{where}.key", _("%r is used twice") % key))
        laws[key] = {**item, "_where": where, "_path": folder / document if document else None}
    return laws


def _provision_of(item: dict[str, Any], where: str, provisions: dict[tuple[str, str], Provision],
                  problems: list[Problem]) -> Provision | None:
    code, ref = _text(item, "instrument"), _text(item, "ref")
    provision = provisions.get((code, ref))
    if provision is None:
        known = sorted(r for c, r in provisions if c == code)
        hint = _("; known refs of %(code)s: %(refs)s") % {"code": code, "refs": ", ".join(known[:12])} if known else ""
        problems.append(Problem(where, _("no provision %(ref)r of %(code)r in the catalogue%(hint)s") % {
            "ref": ref, "code": code, "hint": hint}))
    return provision


def _check_reviews(items: Any, provisions: dict[tuple[str, str], Provision], law_keys: set[str],
                   problems: list[Problem]) -> list[dict[str, Any]]:
    checked: list[dict[str, Any]] = []
    for where, item in _entries(items, "reviews", problems):
        provision = _provision_of(item, where, provisions, problems)
        status, law = _text(item, "status"), _text(item, "law")
        _choice(item, "status", where, ProvisionReview.Status.values, problems)
        if status in ProvisionReview.Status.values and (status == ProvisionReview.Status.NOT_ADDRESSED) == bool(law):
            problems.append(Problem(f"{where}.law", _("name a law for every status but not_addressed, and no law "
                                                      "for not_addressed")))
        _known_law(item, where, law_keys, problems)
        _required(item, ("evidence",), where, problems)
        checked.append({**item, "_provision": provision})
    return checked


def _check_discriminatory(items: Any, law_keys: set[str], problems: list[Problem]) -> list[dict[str, Any]]:
    checked: list[dict[str, Any]] = []
    for where, item in _entries(items, "discriminatory", problems):
        _choice(item, "kind", where, DiscriminatoryProvision.Kind.values, problems)
        _choice(item, "status", where, DiscriminatoryProvision.Status.values, problems)
        _required(item, ("group_affected", "description"), where, problems)
        _known_law(item, where, law_keys, problems)
        checked.append(item)
    return checked


@transaction.atomic
def _store(country: Country, laws: dict[str, dict[str, Any]], reviews: list[dict[str, Any]],
           findings: list[dict[str, Any]], existing: dict[str, NationalInstrument], user: User | None,
           source: str) -> ReviewImport:
    stored: dict[str, NationalInstrument] = dict(existing)
    added = 0
    for key, item in laws.items():
        title, year = _text(item, "title"), item.get("year")
        found = NationalInstrument.objects.filter(country=country, title=title, year=year).first()
        if found is None:
            document = item["_path"]
            upload = SimpleUploadedFile(document.name, document.read_bytes()) if document else None
            try:
                found = services.add_law(country, title=title, kind=_text(item, "kind"), year=year,
                                         status=_text(item, "status"), upload=upload, text=_text(item, "text"),
                                         source_url=_text(item, "source_url"), user=user)
            except services.LawError as exc:
                raise InputError(source, [Problem(item["_where"], str(exc))]) from None
            added += 1
        stored[key] = found
    reviews_saved = sum(
        _upsert(ProvisionReview,
                {"country": country, "provision": item["_provision"], "article": _text(item, "article"),
                 "law": stored.get(_text(item, "law"))},
                {"status": _text(item, "status"), "evidence": _text(item, "evidence"),
                 "excerpt": _text(item, "excerpt")}, {"reviewed_by": user})
        for item in reviews
    )
    findings_saved = sum(
        _upsert(DiscriminatoryProvision, {"country": country, "kind": _text(item, "kind"),
                                          "article": _text(item, "article"), "law": stored.get(_text(item, "law"))},
                {"group_affected": _text(item, "group_affected"), "description": _text(item, "description"),
                 "status": _text(item, "status"), "evidence": _text(item, "evidence")}, {"recorded_by": user})
        for item in findings
    )
    return ReviewImport(country, added, reviews_saved, findings_saved)


def _upsert(model: type[ProvisionReview] | type[DiscriminatoryProvision], lookup: dict[str, Any],
            values: dict[str, Any], author: dict[str, Any]) -> bool:
    """Create the row, or update it when a value differs; True if anything was written."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        model.objects.create(**lookup, **values, **author)
        return True
    if all(getattr(row, key) == value for key, value in values.items()):
        return False
    for key, value in {**values, **author}.items():
        setattr(row, key, value)
    row.save()
    return True
