"""The registry, and indicator sets agreed by consultation: proposed, commented, endorsed, official."""

from __future__ import annotations

import pytest

from grmg.core.framework import load_framework_file
from grmg.core.problems import InputError
from grmg.frameworks.services import SHIPPED_FRAMEWORK
from grmg.indicators import services
from grmg.indicators.catalogue import load_catalogue
from grmg.indicators.models import Indicator, IndicatorSet
from grmg.organisations.models import Organisation


def test_it_ships_a_registry_of_at_least_25_indicators_all_by_sex():
    catalogue = load_catalogue(framework=load_framework_file(SHIPPED_FRAMEWORK))
    assert len(catalogue.indicators) >= 25
    assert all("sex" in i.disaggregations for i in catalogue.indicators)
    codes = {sdg for i in catalogue.indicators for sdg in i.sdg}
    assert {"10.7.1", "8.8.1", "8.8.2", "10.7.2", "5.1.1"} <= codes
    assert {"female", "male"} <= set(catalogue.dimensions["sex"].codes)


def test_it_loads_the_registry_into_the_database(db):
    assert Indicator.objects.count() == len(load_catalogue().indicators)
    assert Indicator.objects.get(code="SDG_10_7_1").compute["by"][0] == ["sex"]


AGENCY = """
schema: grmg-indicators/1
version: "2026.1"
as_of: 2026-10-01
source: Example agency's monitoring plan
indicators:
  - code: SHELTER_WOMEN_REFERRED
    name: Women migrant workers referred to a shelter
    definition: Number of women migrant workers referred to a shelter by a labour attaché.
    numerator: referrals
    unit: number
    higher_is_better: true
    disaggregations: [sex, destination]
    source_type: programme
    components: [access_to_justice]
"""


def test_it_adds_an_agencys_indicators_and_updates_them_on_reload(db, tmp_path):
    agency = tmp_path / "agency.yaml"
    agency.write_text(AGENCY)
    assert services.load_agency_catalogue(agency) == 1
    agency.write_text(AGENCY.replace("by a labour attaché", "by a labour attaché or an embassy"))
    services.load_agency_catalogue(agency)
    indicator = Indicator.objects.get(code="SHELTER_WOMEN_REFERRED")
    assert indicator.definition.endswith("by a labour attaché or an embassy.")
    assert indicator.catalogue == "agency.yaml"


def test_it_refuses_an_agency_file_that_redefines_a_shipped_indicator_or_names_no_component(db, tmp_path):
    agency = tmp_path / "other.yaml"
    agency.write_text(AGENCY.replace("SHELTER_WOMEN_REFERRED", "MW_DEPLOYED").replace("access_to_justice", "shelters"))
    with pytest.raises(InputError) as raised:
        services.load_agency_catalogue(agency)
    assert [str(p) for p in raised.value.problems] == [
        "indicators[0].code: 'MW_DEPLOYED' is already an indicator",
        "indicators[0].components: 'shelters' is not a framework component",
    ]
    assert Indicator.objects.get(code="MW_DEPLOYED").catalogue == "indicators.yaml"


@pytest.fixture
def union(db, kenya):
    return Organisation.objects.create(name="Kenya Union of Domestic Workers", kind="trade_union", country=kenya)


@pytest.fixture
def proposed(kenya, ministry):
    items = [(Indicator.objects.get(code="SDG_10_7_1"), 2022, 35.0, 2030, 15.0),
             (Indicator.objects.get(code="MW_DEPLOYED"), None, None, None, None)]
    return services.propose_set(kenya, ministry, "Labour migration indicators 2025–2030", items)


def test_it_becomes_official_only_with_government_and_civil_society(proposed, ministry, network, focal):
    services.comment(proposed, network, "Add complaints resolved within 90 days.", None)
    services.endorse(proposed, ministry, "Agreed at the technical working group.", focal)
    proposed.refresh_from_db()
    assert proposed.status == IndicatorSet.Status.PROPOSED and services.official_set(proposed.country) is None
    services.endorse(proposed, network, "", None)
    proposed.refresh_from_db()
    assert proposed.status == IndicatorSet.Status.ENDORSED and proposed.endorsed_at is not None
    assert services.official_set(proposed.country) == proposed
    record = [(e.organisation.name, e.author, e.comment) for e in proposed.endorsements.all()]
    assert record == [("Ministry of Labour", focal, "Agreed at the technical working group."),
                      ("Women Migrant Workers' Network", None, "")]


def test_it_supersedes_the_previous_official_set(proposed, ministry, network, union, kenya):
    services.endorse(proposed, ministry, "", None)
    services.endorse(proposed, network, "", None)
    newer = services.propose_set(kenya, ministry, "Revised", [(Indicator.objects.get(code="MW_DEPLOYED"),
                                                             None, None, None, None)])
    services.endorse(newer, union, "", None)
    services.endorse(newer, ministry, "", None)
    proposed.refresh_from_db()
    assert proposed.status == IndicatorSet.Status.SUPERSEDED
    assert services.official_set(kenya) == newer


def test_it_refuses_a_second_endorsement_and_endorsing_a_set_no_longer_proposed(proposed, ministry, network):
    services.endorse(proposed, ministry, "", None)
    with pytest.raises(services.IndicatorError, match="has already endorsed"):
        services.endorse(proposed, ministry, "", None)
    services.endorse(proposed, network, "", None)
    with pytest.raises(services.IndicatorError, match="this set is endorsed"):
        services.endorse(proposed, Organisation.objects.create(name="Other", kind="cso"), "", None)


def test_it_refuses_a_target_without_its_year(kenya, ministry):
    with pytest.raises(services.IndicatorError, match="a target needs its year"):
        services.propose_set(kenya, ministry, "x", [(Indicator.objects.get(code="MW_DEPLOYED"), 2022, 1.0, None,
                                                     2.0)])
