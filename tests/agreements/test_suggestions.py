"""Suggested levels for destination protection, from the statuses analysts confirmed: known answers."""

from __future__ import annotations

from datetime import date

import pytest

from grmg.agreements import services
from grmg.agreements.models import Agreement
from grmg.agreements.suggestions import KEY_PROVISIONS
from grmg.assessments.suggestions import suggestions_for
from grmg.countries.models import Country
from tests.agreements.conftest import country

# The main destinations of women from the Philippines in the UN DESA migrant stock 2020: USA, CAN, SAU, AUS, JPN.


@pytest.fixture
def philippines(db):
    return country("PHL")


def confirm(agreement: Agreement, statuses: dict[str, str]) -> None:
    for provision, status in statuses.items():
        services.review_provision(agreement, provision, status, "Read in the text.")


def key(present: int, **others: str) -> dict[str, str]:
    """The first `present` key provisions confirmed present and the rest absent, unless said otherwise."""
    statuses = {p: ("present" if n < present else "absent") for n, p in enumerate(KEY_PROVISIONS)}
    return {**statuses, **others}


def suggestion(version, country_, criterion):
    found = suggestions_for(country_, version.framework, [criterion]).get(criterion, [])
    assert len(found) <= 1
    return found[0] if found else None


def test_it_suggests_nothing_for_a_country_without_agreements(version, philippines):
    for criterion in ("dp_gender_provisions", "dp_joint_committee", "dp_agreement_coverage"):
        assert suggestion(version, philippines, criterion) is None


def test_it_counts_the_confirmed_key_protections_never_the_screening(version, philippines, register):
    saudi = register(philippines, "SAU", title="PHL-SAU domestic workers")
    confirm(saudi, key(4))
    found = suggestion(version, philippines, "dp_gender_provisions")
    assert found.level == "partial"
    assert "“PHL-SAU domestic workers”: 4 of 8 confirmed present" in found.citations[0]
    confirm(saudi, key(6))
    assert suggestion(version, philippines, "dp_gender_provisions").level == "full"
    korea = register(philippines, "KOR", title="PHL-KOR EPS")  # Korea is not among the five main destinations
    confirm(korea, key(0))
    assert suggestion(version, philippines, "dp_gender_provisions").level == "full"
    japan = register(philippines, "JPN", title="PHL-JPN caregivers")
    confirm(japan, key(5))
    found = suggestion(version, philippines, "dp_gender_provisions")
    assert found.level == "partial" and "fewer than six in “PHL-JPN caregivers”" in found.rationale


def test_it_counts_unconfirmed_provisions_as_not_present_and_says_so(version, philippines, register):
    saudi = register(philippines, "SAU")
    confirm(saudi, {p: "present" for p in KEY_PROVISIONS[:2]})
    found = suggestion(version, philippines, "dp_gender_provisions")
    assert found.level == "absent"
    assert found.citations[0] == (
        "“MOU”: 2 of 8 confirmed present (standard employment contract; worker keeps documents); not present: (–); "
        "not yet confirmed: (domestic workers covered; violence, abuse and harassment; complaints and access to "
        "justice; pregnancy and maternity; change of employer, no exit permits; data by sex)")
    assert "Provisions not yet confirmed count as not present" in found.rationale


def test_it_suggests_absent_when_no_agreement_is_in_force(version, philippines, register):
    expired = register(philippines, "SAU", title="Old MOU", expiry_date=date(2022, 1, 1))
    confirm(expired, key(8))
    register(philippines, "USA", title="Draft BLA", status="draft")
    found = suggestion(version, philippines, "dp_gender_provisions")
    assert found.level == "absent"
    assert "None of the 2 agreements registered is in force" in found.rationale
    assert "“Old MOU” (Expired)" in found.rationale


def test_it_suggests_joint_committee_level_0_only_when_every_agreement_in_force_lacks_one(version, philippines,
                                                                                        register):
    saudi = register(philippines, "SAU", title="PHL-SAU")
    japan = register(philippines, "JPN", title="PHL-JPN")
    confirm(saudi, {"joint_committee": "absent"})
    found = suggestion(version, philippines, "dp_joint_committee")
    assert found.level is None and "“PHL-JPN” not yet reviewed" in found.rationale
    confirm(japan, {"joint_committee": "absent"})
    assert suggestion(version, philippines, "dp_joint_committee").level == "0"
    confirm(japan, {"joint_committee": "present"})
    found = suggestion(version, philippines, "dp_joint_committee")
    assert found.level is None
    assert "provided for in “PHL-JPN”" in found.rationale and "minutes" in found.rationale


def test_it_counts_the_main_destinations_covered_by_agreements_in_force(version, philippines, register):
    register(philippines, "SAU", title="PHL-SAU")
    register(philippines, "JPN", title="PHL-JPN")
    register(philippines, "USA", title="PHL-USA draft", status="draft")
    found = suggestion(version, philippines, "dp_agreement_coverage")
    assert found.level == "50"
    assert "2 of the 5 main partner countries covered" in found.rationale
    assert "United States (1,279,017)" in found.rationale  # women from the Philippines in the US, 2020


def test_it_suggests_full_coverage_only_when_domestic_work_is_covered(version, philippines, register):
    agreements = [register(philippines, code, title=f"PHL-{code}") for code in ("USA", "CAN", "SAU", "AUS")]
    for agreement in agreements:
        confirm(agreement, {"domestic_workers": "present"})
    assert suggestion(version, philippines, "dp_agreement_coverage").level == "100"
    confirm(agreements[3], {"domestic_workers": "absent"})
    found = suggestion(version, philippines, "dp_agreement_coverage")
    assert found.level is None
    assert "the corridor(s) to Australia" in found.rationale and "cannot tell" in found.rationale


def test_it_takes_the_main_origins_for_a_country_of_destination(version, register):
    saudi = country("SAU")
    for code in ("IND", "IDN"):
        register(country(code), "SAU", title=f"{code}-SAU", for_country=saudi)
    found = suggestion(version, saudi, "dp_agreement_coverage")
    assert found.level == "50"
    assert "Main origins of women migrants in Saudi Arabia" in found.rationale
    assert "2 of the 5 main partner countries covered by an agreement in force: India, Indonesia" in found.rationale


def test_it_says_what_it_cannot_check_without_migrant_stock_figures(version, register):
    testland = Country.objects.create(iso3="XZZ", name="Testland", is_demo=True)
    register(testland, "SAU", title="Testland-SAU")
    found = suggestion(version, testland, "dp_agreement_coverage")
    assert found.level is None
    assert "no figures on women migrants for Testland" in found.rationale
    assert "cover 1 corridor(s): Testland → Saudi Arabia" in found.rationale
