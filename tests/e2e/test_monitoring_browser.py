"""End to end in a real Chromium: compute indicators from unit records, see the charts, and the small cells hidden."""

from __future__ import annotations

import csv

import pytest
from django.contrib.auth.models import User

from grmg.indicators.models import Observation
from grmg.indicators.services import ensure_registry
from grmg.organisations.models import Membership, Organisation, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEC = """
indicators:
  - code: CONTRACT_BEFORE_DEPARTURE
    numerator: "CASE WHEN contract_before_departure THEN 100 ELSE 0 END"
    denominator: "1"
    by: [[year, sex], [year, sex, destination]]
    min_units: 5
"""


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a long demo password")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_it_computes_from_unit_records_charts_by_sex_and_hides_small_cells_from_a_viewer(live_server, page, browser,
                                                                                         kenya, tmp_path):
    ensure_registry()  # a transactional test starts from empty tables
    ministry = Organisation.objects.create(name="Ministry of Labour", kind="government_ministry", country=kenya)
    union = Organisation.objects.create(name="Domestic Workers Union", kind="trade_union", country=kenya)
    for username, organisation, role in (("amina", ministry, Role.FOCAL_POINT), ("otieno", union, Role.VIEWER)):
        user = User.objects.create_user(username, password="a long demo password")
        Membership.objects.create(user=user, organisation=organisation, country=kenya, role=role)
    records = tmp_path / "survey.csv"
    with records.open("w", newline="") as stream:
        # 2024: 20 women and 20 men to Saudi Arabia or Malaysia (half of each with a contract), 3 women to Qatar.
        writer = csv.writer(stream)
        writer.writerow(["year", "sex", "destination", "contract_before_departure"])
        for n in range(40):
            writer.writerow([2024, "female" if n < 20 else "male", "SAU" if n % 4 < 2 else "MYS", str(n % 2 == 0)])
        writer.writerows([[2024, "female", "QAT", "false"]] * 3)
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)

    log_in(page, live_server.url, "amina")
    page.goto(f"{live_server.url}/countries/KEN/monitoring/import/")
    page.set_input_files("#id_file", str(records))
    page.set_input_files("#id_spec", str(spec))
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("[role=status] >> text=Imported")
    qatar = Observation.objects.get(indicator__code="CONTRACT_BEFORE_DEPARTURE", key="destination=QAT|sex=female")
    assert (qatar.status, qatar.units, qatar.value) == ("suppressed", 3, 0)

    page.goto(f"{live_server.url}/countries/KEN/monitoring/CONTRACT_BEFORE_DEPARTURE/?by=destination")
    page.wait_for_selector("#sex-chart svg")
    page.wait_for_selector("#dimension-chart svg")
    # 10 of 23 women had a contract (43.48 %), 10 of 20 men (50 %).
    assert page.inner_text("[data-testid=women]") == "43.48"
    values = page.inner_text("[data-testid=values]")
    assert "suppressed · confidential" in values  # the focal point may see the suppressed cells, marked

    viewer = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
    log_in(viewer, live_server.url, "otieno")
    viewer.goto(f"{live_server.url}/countries/KEN/monitoring/CONTRACT_BEFORE_DEPARTURE/?by=destination")
    viewer.wait_for_selector("#dimension-chart svg")
    rows = {row.inner_text().split("\t")[1]: row.inner_text() for row in
            viewer.locator("[data-testid=values] tbody tr").all()}
    qatar_row = next(text for label, text in rows.items() if "Qatar" in label)
    assert qatar_row.split("\t")[2:] == ["–", "–", "suppressed"]
    assert "confidential" not in viewer.inner_text("[data-testid=values]")
    with viewer.expect_download() as download:
        viewer.evaluate("window.location = '/countries/KEN/monitoring/export.csv?indicator=CONTRACT_BEFORE_DEPARTURE'")
    exported = list(csv.DictReader(download.value.path().read_text().splitlines()))
    assert [row["Status"] for row in exported if row["Destination"] == "QAT"] == ["suppressed"] * 2  # women, total
    assert all(row["Value"] == "" for row in exported if row["Status"] == "suppressed")
    viewer.context.close()
