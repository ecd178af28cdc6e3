"""Modules suggest levels from their records; an assessor confirms them in the workspace."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from grmg.assessments import services as assessments
from grmg.assessments.models import CriterionScore, Evidence
from grmg.assessments.suggestions import suggestions_for
from grmg.countries.models import Country
from grmg.laws import services
from grmg.standards.models import Instrument, Provision
from grmg.standards.services import record_by_hand


def test_it_suggests_ratification_levels_from_the_shipped_records(version):
    nepal, philippines = Country.objects.get(iso3="NPL"), Country.objects.get(iso3="PHL")
    found = suggestions_for(nepal, version.framework)
    assert found["pb_icmw_ratified"][0].level == "no"
    assert found["pb_cedaw_ratified"][0].level == "yes"  # party to CEDAW (1991) and OP-CEDAW (2007)
    ilo = found["pb_ilo_ratified"][0]
    assert ilo.level == "0" and "No record for ILO-C189" in ilo.rationale
    assert suggestions_for(philippines, version.framework)["pb_icmw_ratified"][0].level == "yes"
    assert suggestions_for(philippines, version.framework)["pb_ilo_ratified"][0].level == "50"  # C189 2012 only


def test_it_counts_hand_records_for_the_ilo_criterion(version, nepal):
    for code in ("ILO-C189", "ILO-C190", "ILO-C097", "ILO-C181"):
        record_by_hand(nepal, Instrument.objects.get(code=code), "party", 2020, "NORMLEX", date(2026, 1, 1), "", None)
    assert suggestions_for(nepal, version.framework)["pb_ilo_ratified"][0].level == "100"


def test_it_suggests_rights_based_policy_levels_from_restrictions_in_force(version, kenya):
    law = services.add_law(kenya, title="Act", kind="law", year=2000, status="in_force", text="x")
    services.record_discriminatory(kenya, kind="age_limit", group_affected="women under 25", law=law,
                                   article="s. 14", description="no deployment as domestic workers",
                                   status="in_force")
    services.record_discriminatory(kenya, kind="pregnancy_testing", group_affected="women", description="tests",
                                   status="repealed")
    services.record_discriminatory(kenya, kind="employer_tied_residence", group_affected="migrant women",
                                   description="kafala", status="in_force")
    found = suggestions_for(kenya, version.framework)
    assert found["rp_no_bans"][0].level == "no"
    assert "s. 14" in found["rp_no_bans"][0].citations[0]
    assert "rp_pregnancy" not in found  # the only pregnancy rule is repealed
    assert found["rp_residence_status"][0].level is None  # a finding to weigh, not a level


def test_it_suggests_the_compliance_review_level_from_its_coverage(version, kenya):
    law = services.add_law(kenya, title="Act", kind="law", year=2000, status="in_force", text="x")
    services.review_provision(kenya, Provision.objects.get(instrument__code="ILO-C181", ref="Art. 7"), law=law,
                              status="compliant", evidence="no fees")
    assert suggestions_for(kenya, version.framework)["pb_compliance_review"][0].level == "1"
    services.review_provision(kenya, Provision.objects.get(instrument__code="CEDAW", ref="Art. 11"), law=law,
                              status="partly_compliant", evidence="gap")
    # Kenya is recorded as a party to no ILO convention in the shipped data, so CEDAW completes the coverage.
    found = suggestions_for(kenya, version.framework)["pb_compliance_review"][0]
    assert found.level == "2" and "2 provisions" in found.rationale


def test_it_shows_a_suggestion_in_the_workspace_and_saves_it_when_confirmed(client, government, focal):
    client.force_login(focal)
    page = client.get(reverse("assessments:workspace", args=[government.pk, "policy_baseline"])).content.decode()
    assert "Suggested by the ratification records: No" in page  # Kenya has not ratified the ICMW
    url = reverse("assessments:apply_suggestion", args=[government.pk, "pb_icmw_ratified"])
    response = client.post(url, {"index": "0", "revision": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Saved." in response.content.decode()
    score = CriterionScore.objects.get(assessment=government, criterion_id="pb_icmw_ratified")
    assert score.level == "no" and "confirmed" in score.rationale and score.updated_by == focal
    citation = Evidence.objects.get(score=score).citation
    assert citation.startswith("ICMW: ") and "as of 2022-08-25" in citation
    assert assessments.scorecard(government).criteria["pb_icmw_ratified"].evidenced
