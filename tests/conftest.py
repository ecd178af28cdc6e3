"""Fixtures shared by the tests that need the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from grmg.assessments import services
from grmg.assessments.models import Assessment, Perspective, Round
from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.frameworks.services import ensure_shipped
from grmg.indicators.services import ensure_registry
from grmg.organisations.models import Membership, Organisation, Role
from grmg.standards.services import ensure_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the standards catalogue and the shipped ratifications once for the whole test database."""
    with django_db_blocker.unblock():
        ensure_reference_data()
        ensure_registry()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def version(db) -> FrameworkVersion:
    return ensure_shipped()


@pytest.fixture
def kenya(db) -> Country:
    # get_or_create: a transactional test empties the tables the data migration filled.
    return Country.objects.get_or_create(iso3="KEN", defaults={"name": "Kenya"})[0]


@pytest.fixture
def nepal(db) -> Country:
    return Country.objects.get_or_create(iso3="NPL", defaults={"name": "Nepal"})[0]


@pytest.fixture
def ministry(db, kenya) -> Organisation:
    return Organisation.objects.create(name="Ministry of Labour", kind=Organisation.Kind.GOVERNMENT_MINISTRY,
                                       country=kenya)


@pytest.fixture
def network(db, kenya) -> Organisation:
    return Organisation.objects.create(name="Women Migrant Workers' Network", kind=Organisation.Kind.MIGRANT_LED,
                                       country=kenya)


@pytest.fixture
def member(db) -> Callable[..., User]:
    """Make a user with a role in an organisation for a country."""
    def make(username: str, role: str, organisation: Organisation, country: Country) -> User:
        user = User.objects.create_user(username, password="pw")
        Membership.objects.create(user=user, organisation=organisation, country=country, role=role)
        return user
    return make


@pytest.fixture
def kenya_round(version, kenya, ministry, network) -> Round:
    return services.create_round(kenya, 2025, version, [(Perspective.GOVERNMENT, ministry),
                                                        (Perspective.CIVIL_SOCIETY, network)])


@pytest.fixture
def government(kenya_round) -> Assessment:
    return kenya_round.assessments.get(perspective=Perspective.GOVERNMENT)


@pytest.fixture
def shadow(kenya_round) -> Assessment:
    return kenya_round.assessments.get(perspective=Perspective.CIVIL_SOCIETY)


@pytest.fixture
def focal(member, ministry, kenya) -> User:
    return member("amina", Role.FOCAL_POINT, ministry, kenya)


@pytest.fixture
def assessor(member, ministry, kenya) -> User:
    return member("baraka", Role.ASSESSOR, ministry, kenya)
