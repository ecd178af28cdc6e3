"""The agreement pages: registering, uploading, reviewing through htmx, least privilege, and laws screened."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grmg.agreements import services
from grmg.agreements.models import Agreement, Document, Review
from grmg.laws import services as laws
from grmg.laws.models import DiscriminatoryProvision
from grmg.organisations.models import Role
from tests.agreements.conftest import SAMPLE, country, upload


@pytest.fixture
def viewer(member, ministry, kenya):
    return member("zawadi", Role.VIEWER, ministry, kenya)


def register_form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {"title": "Kenya–Saudi Arabia MOU on domestic workers", "kind": "mou",
                                 "status": "signed", "side": "origin", "partners": [country("SAU").pk],
                                 "signed_date": "2019-06-01", "occupation_groups": ["9"],
                                 "occupations": "domestic work"}
    values.update(changes)
    return values


def test_it_registers_an_agreement_from_the_countrys_list(client, kenya, focal, ministry):
    client.force_login(focal)
    response = client.post(reverse("agreements:list", args=["KEN"]), register_form())
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("agreements:agreement", args=[agreement.pk])
    assert (agreement.organisation, agreement.added_by, agreement.status) == (ministry, focal, "signed")
    page = client.get(reverse("agreements:list", args=["KEN"])).content.decode()
    assert "Kenya–Saudi Arabia MOU on domestic workers" in page and "Saudi Arabia" in page
    page = client.get(response["Location"]).content.decode()
    assert "Kenya → Saudi Arabia" in page and "9: Elementary occupations" in page


def test_it_shows_why_it_refuses_to_register_and_stores_nothing(client, kenya, focal):
    client.force_login(focal)
    response = client.post(reverse("agreements:list", args=["KEN"]),
                           register_form(signed_date="2020-01-01", in_force_date="2019-01-01"))
    assert response.status_code == 422
    assert "cannot enter into force before it is signed" in response.content.decode()
    assert not Agreement.objects.exists()


def test_it_lets_a_viewer_read_and_nothing_more(client, kenya, register, viewer):
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload())
    client.force_login(viewer)
    page = client.get(reverse("agreements:list", args=["KEN"])).content.decode()
    assert "MOU" in page and "Register an agreement" not in page
    page = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert "<mark" in page and "confirm-button" not in page and "Screen again" not in page
    posts = [(reverse("agreements:list", args=["KEN"]), register_form()),
             (reverse("agreements:upload", args=[agreement.pk]), {"document": upload("other.txt", "x")}),
             (reverse("agreements:screen", args=[agreement.pk, document.pk]), {}),
             (reverse("agreements:review_provision", args=[agreement.pk, "standard_contract"]),
              {"status": "present"}),
             (reverse("agreements:edit", args=[agreement.pk]), register_form())]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code == 403
    assert (Agreement.objects.count(), Document.objects.count(), document.screenings.count()) == (1, 1, 1)
    assert not Review.objects.exists()


def test_it_uploads_screens_and_opens_the_review_screen_with_the_evidence_marked(client, kenya, register, focal):
    agreement = register(kenya, "SAU")
    client.force_login(focal)
    response = client.post(reverse("agreements:upload", args=[agreement.pk]), {"document": upload("mou.txt")})
    document = Document.objects.get()
    assert response["Location"] == f"{reverse('agreements:review', args=[agreement.pk])}?document={document.pk}"
    page = client.get(response["Location"]).content.decode()
    found = services.screened(agreement)
    for provision, finding in found.items():
        assert f'id="provision-{provision}"' in page
        for n, _span in enumerate(finding.evidence):
            assert f'id="ev-{provision}-{n}"' in page, provision
    assert 'data-provisions="standard_contract"' in page
    assert "No sex-, age-, marital- or pregnancy-based restrictions <span class=\"female\"" in page
    # The text is shown whole: taking the markup out gives the document back.
    shown = re.search(r'data-testid="document-text">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == SAMPLE


def test_it_shows_why_an_upload_failed_and_stores_nothing(client, kenya, register, focal):
    agreement = register(kenya, "SAU")
    client.force_login(focal)
    response = client.post(reverse("agreements:upload", args=[agreement.pk]),
                           {"document": SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert response.status_code == 422
    assert "scan.pdf:" in response.content.decode()
    assert not Document.objects.exists()


def test_it_confirms_and_changes_statuses_through_htmx(client, kenya, register, focal):
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload())
    client.force_login(focal)
    screened = services.screened(agreement)
    url = reverse("agreements:review_provision", args=[agreement.pk, "joint_committee"])
    response = client.post(url, {"status": screened["joint_committee"].status, "document": document.pk},
                           HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "Saved." in page and "confirmed by amina" in page
    assert page.startswith('<article class="provision') and 'id="provision-joint_committee"' in page
    url = reverse("agreements:review_provision", args=[agreement.pk, "transparency"])
    other = "partial" if screened["transparency"].status != "partial" else "present"
    response = client.post(url, {"status": other, "rationale": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "say why you change the screened status" in response.content.decode()
    assert not Review.objects.filter(provision="transparency").exists()
    response = client.post(url, {"status": other, "rationale": "Article 9 says it is published."},
                           HTTP_HX_REQUEST="true")
    assert "changed by amina" in response.content.decode()
    review = Review.objects.get(provision="transparency")
    assert (review.status, review.screened_status, review.reviewed_by) == (other, screened["transparency"].status,
                                                                          focal)
    history = client.get(reverse("agreements:history", args=[agreement.pk, "transparency"])).content.decode()
    assert "Article 9 says it is published." in history


def test_it_saves_a_review_without_javascript_and_goes_back_to_the_provision(client, kenya, register, focal):
    agreement = register(kenya, "SAU")
    services.add_document(agreement, upload())
    client.force_login(focal)
    status = services.screened(agreement)["standard_contract"].status
    response = client.post(reverse("agreements:review_provision", args=[agreement.pk, "standard_contract"]),
                           {"status": status})
    assert response["Location"].endswith("#provision-standard_contract")
    assert Review.objects.get().status == status


def test_it_serves_a_document_only_to_members_of_the_country(client, kenya, register, focal, member, nepal):
    from grmg.organisations.models import Organisation
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload())
    url = reverse("agreements:file", args=[agreement.pk, document.pk])
    client.force_login(focal)
    response = client.get(url)
    assert b"".join(response.streaming_content) == SAMPLE.encode()
    assert response["Content-Disposition"].startswith("attachment")
    outsider = member("sita", Role.FOCAL_POINT, Organisation.objects.create(name="Nepal", kind="cso"), nepal)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


LAW = ("Article 14. Women under 25 years of age shall not be deployed as domestic workers abroad.\n"
       "Article 22. No recruitment agency shall charge a worker any fee.\n")


def test_it_screens_a_new_law_and_turns_a_contrary_finding_into_an_inventory_entry(client, kenya, focal):
    client.force_login(focal)
    response = client.post(reverse("laws:inventory", args=["KEN"]), {
        "title": "Overseas Employment Act", "kind": "law", "year": "2012", "status": "in_force", "text": LAW})
    law = kenya.laws.get()
    assert response["Location"] == reverse("laws:law", args=[law.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="law-findings"' in page
    screening = services.law_screening(law)
    assert sorted(row.item.id for row in screening.rows) == sorted(services.LAW_PROVISIONS)
    contrary = [row for row in screening.rows if row.finding.status == "contrary"]
    assert [row.item.id for row in contrary] == ["no_discriminatory_restrictions"]
    url = reverse("agreements:law_finding", args=[law.pk, "no_discriminatory_restrictions"])
    assert url in page
    form = client.get(url).content.decode()
    assert 'value="age_limit" selected' in form and "Women under 25 years of age" in form
    draft = services.discriminatory_draft(law, "no_discriminatory_restrictions")
    response = client.post(url, {**draft, "article": "Art. 14"})
    assert response["Location"] == reverse("laws:discrimination", args=["KEN"])
    entry = DiscriminatoryProvision.objects.get()
    assert (entry.kind, entry.law, entry.article, entry.status, entry.recorded_by) == (
        "age_limit", law, "Art. 14", "in_force", focal)
    assert "Found by the grmg screening" in entry.evidence
    page = client.get(reverse("laws:law", args=[law.pk])).content.decode()
    assert "In the inventory of discriminatory provisions." in page and url not in page  # Art. 14 is Article 14


def test_it_refuses_to_prefill_an_entry_from_a_finding_that_is_not_contrary(client, kenya, focal):
    law = laws.add_law(kenya, title="Act", kind="law", year=2000, status="in_force", text=LAW)
    services.screen_law(law)
    client.force_login(focal)
    assert client.get(reverse("agreements:law_finding", args=[law.pk, "employer_mobility"])).status_code == 404


def test_it_screens_an_older_law_on_request(client, kenya, focal):
    law = laws.add_law(kenya, title="Act", kind="law", year=2000, status="in_force", text=LAW)
    client.force_login(focal)
    assert "This text is not screened yet." in client.get(reverse("laws:law", args=[law.pk])).content.decode()
    client.post(reverse("agreements:law_screen", args=[law.pk]))
    assert law.screenings.count() == 1


def test_it_shows_page_numbers_when_the_document_has_pages(client, kenya, register, focal):
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload())
    second = SAMPLE.index("Article 2.")
    Document.objects.filter(pk=document.pk).update(pages=[0, second])
    client.force_login(focal)
    page = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert '<span class="page-mark" id="page-2">page 2</span>Article 2.' in page
    def card(provision: str) -> str:
        return page.split(f'id="provision-{provision}"')[1].split("</article>")[0]
    assert "(p. 1)" in card("standard_contract")  # Article 1, before the page break
    assert "(p. 2)" in card("document_retention_ban")  # Article 2


def test_it_corrects_an_agreement_from_its_edit_page(client, kenya, register, focal):
    agreement = register(kenya, "SAU", title="Old title")
    client.force_login(focal)
    url = reverse("agreements:edit", args=[agreement.pk])
    form = client.get(url).content.decode()
    assert 'value="Old title"' in form and f'value="{country("SAU").pk}" selected' in form
    response = client.post(url, register_form(title="New title", status="suspended"))
    assert response["Location"] == reverse("agreements:agreement", args=[agreement.pk])
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("New title", "suspended")
    assert "Suspended" in client.get(response["Location"]).content.decode()
