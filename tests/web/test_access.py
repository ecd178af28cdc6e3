"""Access control, walked over every URL pattern: log-in everywhere, and no reading across countries."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grmg.agreements import services as agreements
from grmg.agreements.models import Agreement, Document, Review
from grmg.assessments import services
from grmg.assessments.models import Assessment, CriterionScore, Evidence, Perspective, Round
from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.indicators import services as indicators
from grmg.indicators.models import Indicator
from grmg.laws import services as laws
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument
from grmg.organisations.models import Organisation
from grmg.standards.models import Ratification
from tests.agreements.conftest import upload

# Pages that hold no country's own records (reference data, or lists filtered per user): anyone logged in may use them.
NOT_COUNTRY_SCOPED = {"frameworks:list", "frameworks:load", "frameworks:detail", "frameworks:data",
                      "assessments:countries", "standards:catalogue", "standards:instrument", "standards:import",
                      "profiles:list", "profiles:profile", "profiles:export", "indicators:registry",
                      "indicators:indicator"}
SCOPED_NAMESPACES = ("assessments:", "laws:", "standards:", "indicators:", "agreements:")
PUBLIC = {"login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}


def named_patterns(resolvers=None, namespace=""):
    """Every named URL pattern outside the admin, with its namespace."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def parameters(pattern: URLPattern) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))


@pytest.fixture
def nepal_data(version, nepal, focal):
    """A Nepali round with a score and evidence, which a Kenyan member must never reach."""
    organisation = Organisation.objects.create(name="Nepal Ministry", kind="government_ministry")
    nepal_round = services.create_round(nepal, 2025, version, [(Perspective.GOVERNMENT, organisation)])
    assessment = nepal_round.assessments.get()
    services.save_score(assessment, "pb_cedaw_ratified", "yes", "secret rationale", 0)
    evidence = services.add_evidence(assessment, "pb_cedaw_ratified", Evidence.Kind.CITATION, "",
                                     citation="Nepali gazette")
    law = laws.add_law(nepal, title="Foreign Employment Act", kind="law", year=2007, status="in_force",
                       text="secret rationale is not here")
    laws.record_discriminatory(nepal, kind="age_limit", group_affected="women under 24", description="a ban",
                               status="in_force", law=law)
    indicator_set = indicators.propose_set(nepal, organisation, "Nepal set",
                                           [(Indicator.objects.get(code="MW_DEPLOYED"), 2020, 1.0, 2030, 2.0)])
    agreement = agreements.register_agreement(nepal, agreements.Terms(
        title="Nepal–Malaysia MOU", kind="mou", status="in_force", origins=[nepal],
        destinations=[Country.objects.get(iso3="MYS")]))
    document = agreements.add_document(agreement, upload("secret.txt", "secret rationale of the MOU"))
    agreements.review_provision(agreement, "joint_committee", "present", "secret rationale")
    return {"round": nepal_round, "assessment": assessment, "evidence": evidence, "law": law,
            "set": indicator_set, "item": indicator_set.items.get(), "agreement": agreement, "document": document}


def url_for(name: str, pattern: URLPattern, data: dict) -> str:
    values = {"iso3": "NPL", "component_id": "policy_baseline", "criterion_id": "pb_cedaw_ratified", "fmt": "html",
              "code": "CEDAW"}
    route = str(pattern.pattern)
    kwargs = {}
    for parameter in parameters(pattern):
        if parameter == "pk":
            owner = ("evidence" if route.startswith("evidence") else "round" if route.startswith("rounds")
                     else "assessment" if route.startswith("assessments") else "law" if route.startswith("laws")
                     else "set" if route.startswith("indicator-sets")
                     else "agreement" if route.startswith("agreements") else "framework")
            kwargs["pk"] = data[owner].pk if owner != "framework" else FrameworkVersion.objects.get().pk
        elif parameter == "item_pk":
            kwargs["item_pk"] = data["item"].pk
        elif parameter == "document_pk":
            kwargs["document_pk"] = data["document"].pk
        elif parameter == "provision":
            kwargs["provision"] = "joint_committee" if route.startswith("agreements") else "domestic_workers"
        elif parameter == "code" and "monitoring" in route:
            kwargs["code"] = "MW_DEPLOYED"
        elif parameter in values:
            kwargs[parameter] = values[parameter]
        else:
            kwargs[parameter] = "x"
    return reverse(name, kwargs=kwargs)


def test_it_classifies_every_url_pattern():
    names = {name for name, _pattern in named_patterns()}
    scoped = {n for n in names if n.startswith(SCOPED_NAMESPACES)} - NOT_COUNTRY_SCOPED
    assert names - scoped - NOT_COUNTRY_SCOPED - PUBLIC <= {"logout", "password_change", "password_change_done"}
    assert len(scoped) >= 33


def test_it_sends_anonymous_visitors_to_log_in_everywhere_but_the_log_in_page(client, nepal_data):
    for name, pattern in named_patterns():
        url = url_for(name, pattern, nepal_data)
        response = client.get(url)
        if name in PUBLIC:
            assert response.status_code == 200, url
            continue
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), url
    assert client.get("/admin/").status_code == 302


def test_it_keeps_a_member_of_one_country_out_of_another_countrys_assessments(client, assessor, nepal_data):
    client.force_login(assessor)  # an assessor for Kenya
    checked = 0
    for name, pattern in named_patterns():
        if not name.startswith(SCOPED_NAMESPACES) or name in NOT_COUNTRY_SCOPED:
            continue
        url = url_for(name, pattern, nepal_data)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"level": "no", "rationale": "x", "revision": "1",
                                                      "target": "submitted", "kind": "citation", "citation": "x",
                                                      "year": "2030", "framework": "1", "title": "Planted law",
                                                      "status": "in_force", "group_affected": "x",
                                                      "description": "x", "evidence": "x", "index": "0",
                                                      "text": "planted", "target_value": "9", "target_year": "2031"})
            assert response.status_code in (403, 404, 405), f"{method.upper()} {url} -> {response.status_code}"
            assert b"secret rationale" not in response.content
            checked += 1
    assert checked >= 66
    score = CriterionScore.objects.get(assessment=nepal_data["assessment"])
    assert (score.level, score.rationale, score.revision) == ("yes", "secret rationale", 1)
    assert Evidence.objects.filter(score=score).count() == 1
    assert not Round.objects.filter(year=2030).exists()
    assert services.component_status(nepal_data["assessment"], "policy_baseline") == "draft"
    assert NationalInstrument.objects.filter(country__iso3="NPL").count() == 1
    assert DiscriminatoryProvision.objects.filter(country__iso3="NPL").count() == 1
    assert not Ratification.objects.filter(country__iso3="NPL", source__origin="manual").exists()
    assert Agreement.objects.filter(country__iso3="NPL").count() == 1
    assert Document.objects.count() == 1 and nepal_data["document"].screenings.count() == 1
    assert list(Review.objects.values_list("status", "rationale")) == [("present", "secret rationale")]
    nepal_set = nepal_data["set"]
    nepal_set.refresh_from_db()
    assert (nepal_set.status, nepal_set.comments.count(), nepal_set.endorsements.count()) == ("proposed", 0, 0)
    assert nepal_data["item"].__class__.objects.get(pk=nepal_data["item"].pk).target_value == 2.0


def test_it_lists_only_the_countries_of_ones_memberships(client, assessor, nepal_data, kenya_round):
    client.force_login(assessor)
    page = client.get(reverse("assessments:countries")).content.decode()
    assert "Kenya" in page and "Nepal" not in page


def test_it_lets_a_civil_society_assessor_read_but_not_edit_the_government_assessment(
        client, member, network, kenya, government, shadow):
    cso = member("wanjiru", "assessor", network, kenya)
    client.force_login(cso)
    assert client.get(reverse("assessments:workspace", args=[government.pk, "policy_baseline"])).status_code == 200
    url = reverse("assessments:score", args=[government.pk, "pb_cedaw_ratified"])
    assert client.post(url, {"level": "no", "rationale": "", "revision": "0"}).status_code == 403
    url = reverse("assessments:score", args=[shadow.pk, "pb_cedaw_ratified"])
    assert client.post(url, {"level": "no", "rationale": "", "revision": "0"}).status_code == 302
    assert not CriterionScore.objects.filter(assessment=government).exists()


def test_it_lets_a_viewer_read_and_nothing_more(client, member, ministry, kenya, government):
    viewer = member("zawadi", "viewer", ministry, kenya)
    client.force_login(viewer)
    assert client.get(reverse("assessments:assessment", args=[government.pk])).status_code == 200
    url = reverse("assessments:score", args=[government.pk, "pb_cedaw_ratified"])
    assert client.post(url, {"level": "no", "rationale": "", "revision": "0"}).status_code == 403
    assert client.get(reverse("assessments:round_create", args=["KEN"])).status_code == 403
    assert Assessment.objects.count() == 2
