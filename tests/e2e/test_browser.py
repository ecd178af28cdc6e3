"""End to end in a real Chromium: log in, score a criterion with evidence, see the dashboard change."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from grmg.assessments import services
from grmg.assessments.models import CriterionScore, Evidence, Perspective
from grmg.organisations.models import Membership, Organisation, Role
from grmg.standards.models import Provision
from grmg.standards.services import ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_scores_with_evidence_and_sees_the_dashboard_change(live_server, page, version, kenya, tmp_path):
    ministry = Organisation.objects.create(name="Ministry of Labour", kind="government_ministry", country=kenya)
    user = User.objects.create_user("amina", password="a long demo password")
    Membership.objects.create(user=user, organisation=ministry, country=kenya, role=Role.FOCAL_POINT)
    assessment_round = services.create_round(kenya, 2025, version, [(Perspective.GOVERNMENT, ministry)])
    assessment = assessment_round.assessments.get()

    page.goto(f"{live_server.url}/countries/KEN/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "amina")
    page.fill("#id_password", "a long demo password")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/countries/KEN/$"))
    assert page.inner_text("[data-testid=overall]") == "–"

    page.get_by_role("link", name="Rights-based policy baseline").click()
    page.wait_for_url(re.compile(r"/components/policy_baseline/$"))
    card = page.locator("#criterion-pb_cedaw_ratified")
    card.locator("label", has_text="Yes").first.click()
    card.locator("textarea[name=rationale]").fill("Ratified in 1984; no reservation in force.")
    card.locator("button", has_text="Save").click()
    page.wait_for_selector("#criterion-pb_cedaw_ratified .saved-note")
    assert page.inner_text("[data-testid=component-score]") == "100.0"

    card = page.locator("#criterion-pb_cedaw_ratified")
    card.locator("summary", has_text="Add evidence").click()
    card.locator("select[name=kind]").select_option("document")
    card.locator("input[name=title]").fill("Instrument of ratification")
    pdf = tmp_path / "ratification.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    card.locator("input[name=file]").set_input_files(str(pdf))
    card.locator("button", has_text="Add").click()
    page.wait_for_selector("#criterion-pb_cedaw_ratified .evidence-list >> text=Instrument of ratification")

    page.goto(f"{live_server.url}/countries/KEN/")
    assert page.inner_text("[data-testid=overall]") == "100.0"
    assert page.inner_text("[data-testid=coverage]") == f"{100 / 80:.0f}%"
    page.wait_for_selector("#component-chart svg")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    score = CriterionScore.objects.get(assessment=assessment, criterion_id="pb_cedaw_ratified")
    assert (score.level, score.updated_by) == ("yes", user)
    assert Evidence.objects.get(score=score).title == "Instrument of ratification"


def test_it_shows_a_conflict_instead_of_overwriting(live_server, page, version, kenya):
    ministry = Organisation.objects.create(name="Ministry of Labour", kind="government_ministry", country=kenya)
    user = User.objects.create_user("amina", password="a long demo password")
    other = User.objects.create_user("baraka", password="x")
    Membership.objects.create(user=user, organisation=ministry, country=kenya, role=Role.FOCAL_POINT)
    assessment = services.create_round(kenya, 2025, version, [(Perspective.GOVERNMENT, ministry)]).assessments.get()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "amina")
    page.fill("#id_password", "a long demo password")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/components/policy_baseline/")
    services.save_score(assessment, "pb_cedaw_ratified", "no", "Reservation to article 2.", 0, other)

    card = page.locator("#criterion-pb_cedaw_ratified")
    card.locator("label", has_text="Yes").first.click()
    card.locator("button", has_text="Save").click()
    page.wait_for_selector("#criterion-pb_cedaw_ratified .conflict")
    assert "baraka saved this criterion" in page.inner_text("#criterion-pb_cedaw_ratified .conflict")
    assert CriterionScore.objects.get(assessment=assessment).level == "no"


def test_it_runs_the_compliance_review_and_the_inventory_and_confirms_a_suggestion(live_server, page, version, kenya,
                                                                                   tmp_path):
    ensure_reference_data()  # a transactional test starts from empty tables
    ministry = Organisation.objects.create(name="Ministry of Labour", kind="government_ministry", country=kenya)
    user = User.objects.create_user("amina", password="a long demo password")
    Membership.objects.create(user=user, organisation=ministry, country=kenya, role=Role.FOCAL_POINT)
    assessment = services.create_round(kenya, 2025, version, [(Perspective.GOVERNMENT, ministry)]).assessments.get()
    law_text = tmp_path / "employment-act.txt"
    law_text.write_text("Section 3. This Act does not apply to domestic workers.\nSection 14. Women under 25 shall "
                        "not be deployed abroad as domestic workers.")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "amina")
    page.fill("#id_password", "a long demo password")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/countries/KEN/laws/")
    page.fill("#id_title", "Employment Act")
    page.fill("#id_year", "2007")
    page.set_input_files("#id_document", str(law_text))
    page.get_by_role("button", name="Add").click()
    page.wait_for_selector("text=Section 14. Women under 25")

    provision = Provision.objects.get(instrument__code="CEDAW-GR26", ref="para. 24(a)")
    page.select_option("#id_provision", str(provision.pk))
    page.fill("#id_article", "s. 14")
    page.select_option("#id_status", "not_compliant")
    page.fill("#id_evidence", "An age limit applies to women only.")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_selector("[data-testid=reviews] >> text=Not compliant")

    page.get_by_role("link", name="Compliance review").click()
    assert "CEDAW GR 26 para. 24(a)" in page.inner_text("[data-testid=gaps]")
    assert "Not compliant" in page.inner_text("[data-testid=matrix]")

    page.get_by_role("link", name="Discriminatory provisions").click()
    page.select_option("#id_kind", "age_limit")
    page.select_option("#id_law", label="Employment Act (2007)")
    page.fill("#id_article", "s. 14")
    page.fill("#id_group_affected", "Women under 25 seeking domestic work abroad")
    page.fill("#id_description", "Bars their deployment; men of any age may go.")
    page.select_option("#id_status", "in_force")
    page.get_by_role("button", name="Record").click()
    page.wait_for_selector("[data-testid=discrimination] >> text=Women under 25 seeking domestic work abroad")

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/components/rights_based_policy/")
    card = page.locator("#criterion-rp_no_bans")
    assert "Suggested by the inventory of discriminatory provisions: No" in card.inner_text()
    card.get_by_role("button", name="Confirm this level").click()
    page.wait_for_selector("#criterion-rp_no_bans .saved-note")
    score = CriterionScore.objects.get(assessment=assessment, criterion_id="rp_no_bans")
    assert score.level == "no" and score.updated_by == user
    assert "Age limit for women only" in Evidence.objects.get(score=score).citation
