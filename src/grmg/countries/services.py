"""Finding a country from what a user typed: a code or a name, with suggestions when nothing matches."""

from __future__ import annotations

import csv
import difflib
from pathlib import Path

from django.utils.translation import gettext as _

from grmg.countries.models import Country


class CountryNotFound(LookupError):
    """No country matches; the message suggests close matches."""


def find_country(text: str) -> Country:
    """The country with this ISO alpha-3 code or name (any case); CountryNotFound suggests close ones."""
    query = text.strip()
    match = Country.objects.filter(iso3=query.upper()).first() or Country.objects.filter(name__iexact=query).first()
    if match is not None:
        return match
    names = dict(Country.objects.values_list("name", "iso3"))
    close = difflib.get_close_matches(query, list(names), n=3, cutoff=0.6)
    close += [name for name in names if query.lower() in name.lower() and name not in close][: 3 - len(close)]
    if close:
        suggestions = ", ".join(f"{name} ({names[name]})" for name in close)
        raise CountryNotFound(_("unknown country %(text)r; did you mean %(suggestions)s?") % {
            "text": text, "suggestions": suggestions})
    raise CountryNotFound(_("unknown country %(text)r; give an ISO 3166 alpha-3 code such as KEN") % {"text": text})


def ensure_countries() -> int:
    """Every ISO 3166-1 country in the table (the first migration loads them; this restores a flushed table)."""
    import pycountry

    if Country.objects.filter(is_demo=False).count() >= len(pycountry.countries):
        return 0
    existing = set(Country.objects.values_list("iso3", flat=True))
    created = Country.objects.bulk_create(
        Country(iso3=c.alpha_3, name=getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries if c.alpha_3 not in existing
    )
    return len(created)


UN_MEMBER_STATES = Path(__file__).resolve().parent / "data" / "un_member_states.csv"


def un_member_states() -> list[Country]:
    """The 193 UN member states, as countries of the database, by name."""
    with UN_MEMBER_STATES.open(encoding="utf-8") as stream:
        codes = {row["iso3"] for row in csv.DictReader(stream)}
    return list(Country.objects.filter(iso3__in=codes).order_by("name"))
