"""Agreements to test with: terms, registration and a sample text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grmg.agreements import services
from grmg.agreements.models import Agreement
from grmg.countries.models import Country

# A short invented text, with one clause for each of a few provisions the screener looks for.
SAMPLE = """Memorandum of Understanding on the recruitment of domestic workers (test text, invented)

Article 1. Standard contract
The parties shall use a standard employment contract, in a language the worker understands, signed before departure.

Article 2. Documents
The employer shall not retain the passport or the identity documents of the worker.

Article 3. Joint committee
A joint committee shall meet once a year to monitor the implementation of this Memorandum.
"""


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def register(db) -> Callable[..., Agreement]:
    """Register an agreement of `origin` with destinations, in force unless said otherwise."""
    def make(origin: Country, *destinations: str, title: str = "MOU", status: str = "in_force",
             for_country: Country | None = None, **terms: object) -> Agreement:
        partners = [country(code) for code in destinations]
        registered_for = for_country or origin
        return services.register_agreement(registered_for, services.Terms(
            title=title, kind="mou", status=status, origins=[origin], destinations=partners,
            signed_date=terms.pop("signed_date", date(2020, 1, 1)), **terms))  # type: ignore[arg-type]
    return make


def upload(name: str = "mou.txt", text: str = SAMPLE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())
