"""Every page renders what it should, and its query count does not grow with the data."""

from __future__ import annotations

import io
import json
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grmg import demo
from grmg.agreements import services as agreements
from grmg.agreements.models import Agreement
from grmg.assessments import services
from grmg.assessments.models import Assessment, CriterionScore, Evidence, Round
from grmg.countries.models import Country
from grmg.indicators import imports
from grmg.indicators import services as indicators
from grmg.indicators.models import Indicator, IndicatorSet
from grmg.laws import services as laws
from grmg.laws.models import NationalInstrument
from grmg.organisations.models import Organisation
from grmg.standards.models import Provision
from tests.agreements.conftest import SAMPLE, upload


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", password="pw"))
    return client


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def page_urls(country_code: str) -> dict[str, str]:
    newest = Round.objects.filter(country__iso3=country_code).order_by("-year").first()
    assessment = newest.assessments.order_by("perspective").first()
    first_agreement = Agreement.objects.filter(country__iso3=country_code).order_by("pk").first()
    return {
        "countries": reverse("assessments:countries"),
        "dashboard": reverse("assessments:dashboard", args=[country_code]),
        "round": reverse("assessments:round", args=[newest.pk]),
        "perspectives": reverse("assessments:perspective_compare", args=[newest.pk]),
        "rounds": reverse("assessments:round_compare", args=[country_code]),
        "assessment": reverse("assessments:assessment", args=[assessment.pk]),
        "workspace": reverse("assessments:workspace", args=[assessment.pk, "policy_baseline"]),
        "history": reverse("assessments:history", args=[assessment.pk, "pb_cedaw_ratified"]),
        "report": reverse("assessments:round_report", args=[newest.pk, "json"]),
        "workbook": reverse("assessments:workbook", args=[assessment.pk]),
        "frameworks": reverse("frameworks:list"),
        "framework": reverse("frameworks:detail", args=[newest.framework_id]),
        "new round": reverse("assessments:round_create", args=[country_code]),
        "profile": reverse("profiles:profile", args=[country_code]),
        "ratifications": reverse("standards:ratifications", args=[country_code]),
        "laws": reverse("laws:inventory", args=[country_code]),
        "law": reverse("laws:law", args=[NationalInstrument.objects.filter(country__iso3=country_code).first().pk]),
        "compliance": reverse("laws:compliance", args=[country_code]),
        "discrimination": reverse("laws:discrimination", args=[country_code]),
        "baseline": reverse("laws:baseline", args=[country_code, "html"]),
        "monitoring": reverse("indicators:monitoring", args=[country_code]),
        "indicator set": reverse("indicators:set", args=[IndicatorSet.objects.filter(
            country__iso3=country_code).first().pk]),
        "series": reverse("indicators:series", args=[country_code, "MW_DEPLOYED"]),
        "indicator export": reverse("indicators:export", args=[country_code, "csv"]),
        "indicator import": reverse("indicators:import", args=[country_code]),
        "propose set": reverse("indicators:propose", args=[country_code]),
        "registry": reverse("indicators:registry"),
        "agreements": reverse("agreements:list", args=[country_code]),
        "agreement": reverse("agreements:agreement", args=[first_agreement.pk]),
        "agreement review": reverse("agreements:review", args=[first_agreement.pk]),
        "review history": reverse("agreements:history", args=[first_agreement.pk, "standard_contract"]),
        "agreement workspace": reverse("assessments:workspace", args=[assessment.pk, "destination_protection"]),
        "agreement comparison": reverse("agreements:compare", args=[country_code]),
        "protection gaps": reverse("agreements:gaps", args=[country_code]),
        "gap report": reverse("agreements:gaps_report", args=[country_code, "html"]),
    }


def add_monitoring(country_code: str, years: range) -> None:
    """An endorsed indicator set and observations by sex and destination for the given years."""
    country = Country.objects.get(iso3=country_code)
    government = Organisation.objects.get_or_create(name=f"{country_code} ministry", kind="government_ministry")[0]
    union = Organisation.objects.get_or_create(name=f"{country_code} union", kind="trade_union")[0]
    codes = ["MW_DEPLOYED", "SDG_10_7_1", "COMPLAINTS_FILED"]
    indicator_set = indicators.propose_set(country, government, f"Set {years.start}", [
        (Indicator.objects.get(code=code), years.start, 10.0, years.stop + 5, 20.0) for code in codes])
    indicators.endorse(indicator_set, government, "", None)
    indicators.endorse(indicator_set, union, "", None)
    rows = "\n".join(f"{year},{code},{country_code},{sex},{dest},{value}" for year in years for code in codes
                      for sex, dest, value in (("", "", 20), ("female", "", 8), ("male", "", 12),
                                               ("female", "SAU", 3), ("male", "SAU", 4)))
    imports.import_file(io.BytesIO(("Year,Indicator,Country,Sex,Destination,Value\n" + rows).encode()),
                        f"{country_code}-{years.start}.csv")


def add_laws(country_code: str, count: int) -> None:
    """Laws, each with reviews and a discriminatory provision, so the law pages have data to grow."""
    country = Country.objects.get(iso3=country_code)
    provisions = list(Provision.objects.filter(instrument__code__in=["CEDAW", "ILO-C189"]))[:4]
    for n in range(count):
        law = laws.add_law(country, title=f"Act {n}", kind="law", year=2000 + n, status="in_force", text="x")
        for provision in provisions:
            laws.review_provision(country, provision, law=law, status="partly_compliant", evidence="e", article=str(n))
        laws.record_discriminatory(country, kind="age_limit", group_affected="women", description="d",
                                   status="in_force", law=law)


def add_agreements(country_code: str, count: int) -> None:
    """Agreements in force with documents and reviews; the first agreement gets one more document each time."""
    country = Country.objects.get(iso3=country_code)
    partners = list(Country.objects.filter(iso3__in=["SAU", "ARE", "QAT", "MYS", "KWT", "OMN", "BHR"]))
    first = Agreement.objects.filter(country=country).order_by("pk").first()
    for n in range(count):
        agreement = agreements.register_agreement(country, agreements.Terms(
            title=f"MOU {n}", kind="mou", status="in_force", origins=[country],
            destinations=partners[: 1 + n % len(partners)]))
        agreements.add_document(agreement, upload(f"mou-{n}.txt", f"{SAMPLE}\nArticle 9. Copy {n}.\n"))
        for provision in ("standard_contract", "joint_committee", "domestic_workers")[: 1 + n % 3]:
            agreements.review_provision(agreement, provision, "present", "read")
    if first is not None:
        agreements.add_document(first, upload(f"annex-{count}.txt", f"Annex {count}. {SAMPLE}"))
        agreements.review_provision(first, "transparency", "absent", "not published")
    law = NationalInstrument.objects.filter(country=country).first()
    for _n in range(count):
        agreements.screen_law(law)  # the law's page shows its newest screening


def test_it_keeps_every_pages_query_count_constant_as_data_grows(admin_client):
    demo.generate(countries=2, rounds=2, perspectives=2)
    add_laws("XAA", 1)
    add_monitoring("XAA", range(2020, 2022))
    add_agreements("XAA", 1)
    small = {name: queries(admin_client, url) for name, url in page_urls("XAA").items()}
    demo.generate(countries=8, rounds=3, perspectives=3)
    first = Assessment.objects.filter(round__country__iso3="XAA").order_by("-round__year", "perspective").first()
    for score in CriterionScore.objects.filter(assessment=first, criterion_id__startswith="pb_"):
        Evidence.objects.bulk_create(Evidence(score=score, kind="citation", title="t", citation=f"c{n}")
                                     for n in range(5))
    add_laws("XAA", 6)
    add_monitoring("XAA", range(2022, 2026))
    add_agreements("XAA", 5)
    large = {name: queries(admin_client, url) for name, url in page_urls("XAA").items()}
    assert large == small
    assert max(small.values()) <= 20


def test_it_shows_the_dashboard_with_scores_coverage_gaps_divergence_and_change(admin_client, db):
    demo.create_demo()
    response = admin_client.get(reverse("assessments:dashboard", args=["XDM"]))
    page = response.content.decode()
    assert "Demo data." in page
    for heading in ("Components", "Largest gaps", "Perspectives", "Where perspectives disagree most", "Over time",
                    "Change since 2023"):
        assert heading in page
    card = services.scorecard(Assessment.objects.get(round__year=2025, perspective="civil_society"))
    assert f'data-testid="overall">{card.overall:.1f}<' in page
    assert f'data-testid="coverage">{card.coverage.evidenced_share:.0f}%<' in page
    spec = json.loads(page.split('id="component-chart-spec">')[1].split("</script>")[0])
    assert len(spec["data"]["values"]) == 17


def test_it_labels_demo_data_on_every_page_that_shows_it(admin_client, db):
    demo.create_demo()
    for name, url in page_urls("XDM").items():
        if name in {"report", "workbook", "frameworks", "framework", "baseline", "indicator export", "registry",
                    "indicator set", "series", "monitoring", "indicator import", "propose set"}:
            continue  # files, pages without demo data, or pages Demoria has no data for
        assert "Demo data." in admin_client.get(url).content.decode(), name
    report = json.loads(admin_client.get(page_urls("XDM")["report"]).content)
    assert report["country"]["demo"] is True
    book = load_workbook(BytesIO(admin_client.get(page_urls("XDM")["workbook"]).content))
    assert "DEMO DATA" in str(book["About"]["A2"].value)


def test_it_saves_a_score_through_htmx_and_updates_the_component_score(client, government, focal):
    client.force_login(focal)
    url = reverse("assessments:score", args=[government.pk, "pb_cedaw_ratified"])
    response = client.post(url, {"level": "yes", "rationale": "Ratified 1984", "revision": "0"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saved." in page and 'hx-swap-oob="true"' in page
    assert 'data-testid="component-score">100.0<' in page
    assert CriterionScore.objects.get().level == "yes"


def test_it_shows_the_other_persons_version_on_a_conflict(client, government, focal, assessor):
    services.save_score(government, "pb_cedaw_ratified", "no", "Their careful rationale", 0, assessor)
    client.force_login(focal)
    url = reverse("assessments:score", args=[government.pk, "pb_cedaw_ratified"])
    response = client.post(url, {"level": "yes", "rationale": "My stale edit", "revision": "0"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 409
    assert "baraka saved this criterion" in page and "Their careful rationale" in page
    assert "My stale edit" in page  # the user's own text is kept in the form
    assert 'name="revision" value="1"' in page
    assert CriterionScore.objects.get().rationale == "Their careful rationale"


def test_it_saves_without_javascript_and_redirects_back(client, government, focal):
    client.force_login(focal)
    url = reverse("assessments:score", args=[government.pk, "pb_cedaw_ratified"])
    response = client.post(url, {"level": "yes", "rationale": "", "revision": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith("/components/policy_baseline/#criterion-pb_cedaw_ratified")


def test_it_uploads_evidence_and_serves_it_only_through_the_app(client, government, focal):
    client.force_login(focal)
    url = reverse("assessments:evidence_add", args=[government.pk, "pb_cedaw_ratified"])
    from django.core.files.uploadedfile import SimpleUploadedFile
    pdf = SimpleUploadedFile("gazette.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(url, {"kind": "document", "title": "Gazette", "file": pdf}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Gazette" in response.content.decode()
    evidence = Evidence.objects.get()
    download = client.get(reverse("assessments:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")


def test_it_refuses_an_upload_of_the_wrong_type_with_a_message(client, government, focal):
    client.force_login(focal)
    url = reverse("assessments:evidence_add", args=[government.pk, "pb_cedaw_ratified"])
    from django.core.files.uploadedfile import SimpleUploadedFile
    response = client.post(url, {"kind": "document", "file": SimpleUploadedFile("tool.exe", b"MZ")},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "tool.exe: files of type .exe are not accepted" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_imports_a_workbook_on_the_assessment_page_and_lists_problems(client, government, focal):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    from grmg.assessments import workbooks
    client.force_login(focal)
    book = workbooks.workbook_for(government)
    book["establish"].cell(3, 4, "maybe")
    stream = BytesIO()
    book.save(stream)
    url = reverse("assessments:import", args=[government.pk])
    response = client.post(url, {"file": SimpleUploadedFile("mine.xlsx", stream.getvalue())})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was imported" in page
    assert "mine.xlsx: sheet establish, row 3, column D (Level): &#x27;maybe&#x27; is not a level of" in page


def test_it_walks_a_component_through_review_from_the_web(client, government, focal, member, ministry, kenya):
    reviewer = member("rehema", "reviewer", ministry, kenya)
    status_url = reverse("assessments:status", args=[government.pk, "policy_baseline"])
    client.force_login(focal)
    client.post(status_url, {"target": "submitted"})
    client.force_login(reviewer)
    response = client.post(status_url, {"target": "reviewed"}, follow=True)
    assert "Status changed to Reviewed." in response.content.decode()
    client.force_login(focal)
    client.post(status_url, {"target": "validated"})
    assert services.component_status(government, "policy_baseline") == "validated"
    client.post(status_url, {"target": "draft", "note": "The 2026 amendment changes article 12."})
    page = client.get(reverse("assessments:workspace", args=[government.pk, "policy_baseline"])).content.decode()
    assert "The 2026 amendment changes article 12." in page and "by amina" in page


def test_it_refuses_a_transition_the_role_does_not_allow(client, government, assessor):
    client.force_login(assessor)
    client.post(reverse("assessments:status", args=[government.pk, "policy_baseline"]), {"target": "submitted"})
    response = client.post(reverse("assessments:status", args=[government.pk, "policy_baseline"]),
                           {"target": "reviewed"}, follow=True)
    assert "You cannot move this component to Reviewed." in response.content.decode()
    assert services.component_status(government, "policy_baseline") == "submitted"


def test_it_opens_a_round_from_the_web(client, version, kenya, focal, ministry):
    client.force_login(focal)
    response = client.post(reverse("assessments:round_create", args=["KEN"]),
                           {"year": 2026, "framework": version.pk, "org_government": ministry.pk})
    new_round = Round.objects.get(country=kenya, year=2026)
    assert response["Location"] == reverse("assessments:round", args=[new_round.pk])
    assert list(new_round.assessments.values_list("perspective", flat=True)) == ["government"]
