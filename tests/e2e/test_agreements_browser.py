"""End to end in a real Chromium: register an agreement, upload its text, review the screening, see the score move."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from grmg.agreements.models import Agreement, Review
from grmg.assessments import services
from grmg.assessments.models import Perspective
from grmg.organisations.models import Membership, Organisation, Role
from tests.agreements.conftest import SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_registers_uploads_reviews_and_moves_the_suggested_score(live_server, page, version, kenya, tmp_path):
    ministry = Organisation.objects.create(name="Ministry of Labour", kind="government_ministry", country=kenya)
    user = User.objects.create_user("amina", password="a long demo password")
    Membership.objects.create(user=user, organisation=ministry, country=kenya, role=Role.FOCAL_POINT)
    assessment = services.create_round(kenya, 2025, version, [(Perspective.GOVERNMENT, ministry)]).assessments.get()
    text = tmp_path / "kenya-saudi-mou.txt"
    text.write_text(SAMPLE)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "amina")
    page.fill("#id_password", "a long demo password")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/countries/KEN/agreements/")
    page.fill("#id_title", "Kenya–Saudi Arabia MOU on domestic workers")
    page.select_option("#id_kind", "mou")
    page.select_option("#id_status", "in_force")
    page.select_option("#id_partners", label="Saudi Arabia (SAU)")
    page.fill("#id_signed_date", "2019-06-01")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    agreement = Agreement.objects.get()
    assert (agreement.organisation, agreement.added_by) == (ministry, user)

    page.set_input_files("#id_document", str(text))
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_url(re.compile(r"/agreements/\d+/review/\?document=\d+$"))
    card = page.locator("#provision-standard_contract")
    assert card.locator("[data-testid=screened-status]").inner_text() == "Present"
    assert page.locator(".agreement-text mark").count() > 0
    page.screenshot(path=str(tmp_path / "review.png"), full_page=False)

    card.locator(".provision-title").click()
    active = page.locator(".agreement-text mark.active")
    assert active.count() > 0 and "standard employment contract" in active.first.inner_text()
    assert "selected" in (card.get_attribute("class") or "")
    page.wait_for_function("() => { const m = document.querySelector('.agreement-text mark.active');"
                           " const box = m.closest('.agreement-text').getBoundingClientRect();"
                           " const r = m.getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom; }")

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/components/destination_protection/")
    before = page.locator("#criterion-dp_gender_provisions .suggestion").inner_text()
    assert "Suggested by the agreement reviews: Absent" in before
    assert "0 of 8 confirmed present" in before
    page.go_back()

    for provision in ("standard_contract", "document_retention_ban"):
        card = page.locator(f"#provision-{provision}")
        card.get_by_role("button", name="Confirm “Present”").click()
        page.wait_for_selector(f"#provision-{provision} .saved-note")
        assert "confirmed by amina" in page.locator(f"#provision-{provision} [data-testid=confirmed]").inner_text()
    card = page.locator("#provision-violence_harassment")
    card.locator("summary", has_text="Change the status").click()
    card.locator("select[name=status]").select_option("present")
    card.locator("textarea[name=rationale]").fill("Annex 2, read by the analyst, bans abuse and harassment.")
    card.get_by_role("button", name="Save the status").click()
    page.wait_for_selector("#provision-violence_harassment .saved-note")
    assert "changed by amina" in page.locator("#provision-violence_harassment [data-testid=confirmed]").inner_text()
    assert page.locator("[data-testid=reviewed-count]").inner_text() == "3 of 33 reviewed"
    page.screenshot(path=str(tmp_path / "reviewed.png"), full_page=False)

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/components/destination_protection/")
    after = page.locator("#criterion-dp_gender_provisions .suggestion").inner_text()
    assert "Suggested by the agreement reviews: Partial" in after
    assert "3 of 8 confirmed present" in after
    reviews = {r.provision: (r.status, r.screened_status, r.reviewed_by) for r in Review.objects.all()}
    assert reviews == {"standard_contract": ("present", "present", user),
                       "document_retention_ban": ("present", "present", user),
                       "violence_harassment": ("present", "absent", user)}
