"""Indicators computed from unit records: suppressed cells stored, shown only to roles allowed, never exported."""

from __future__ import annotations

import csv
import random

import pytest
from django.urls import reverse

from grmg.core.problems import InputError
from grmg.indicators import imports
from grmg.indicators.models import Observation

SPEC = """
indicators:
  - code: CONTRACT_BEFORE_DEPARTURE
    numerator: "CASE WHEN contract_before_departure THEN 100 ELSE 0 END"
    denominator: "1"
    weight: weight
    by: [[year, sex], [year, sex, destination]]
    min_units: 5
"""


@pytest.fixture
def records(tmp_path):
    """40 workers in 2024: 20 women and 18 men to Saudi Arabia or Malaysia, and 2 women to Qatar (a small cell)."""
    rng = random.Random(7)
    path = tmp_path / "survey.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["year", "sex", "destination", "weight", "contract_before_departure"])
        for n in range(38):
            writer.writerow([2024, "female" if n < 20 else "male", "SAU" if n % 2 else "MYS", rng.choice([1, 2]),
                             "true" if rng.random() < 0.6 else "false"])
        writer.writerows([[2024, "female", "QAT", 1, "false"], [2024, "female", "QAT", 1, "true"]])
    return path


def test_it_stores_the_cells_with_small_ones_suppressed(records, kenya):
    report = imports.import_microdata(records, SPEC, "spec.yaml", kenya)
    assert report.created and report.changed > 0
    cells = {o.key: o for o in Observation.objects.filter(indicator__code="CONTRACT_BEFORE_DEPARTURE")}
    assert {o.year for o in cells.values()} == {2024}  # the year column gives each cell its year
    qatar = cells["destination=QAT|sex=female"]
    assert (qatar.status, qatar.units) == ("suppressed", 2)  # stored for the roles allowed to see it
    suppressed = [o for o in cells.values() if o.status == "suppressed"]
    assert len(suppressed) >= 2  # the primary and at least one secondary cell
    assert cells[""].status == "published" and cells[""].units == 40
    again = imports.import_microdata(records, SPEC, "spec.yaml", kenya)
    assert (again.created, again.changed) == (False, 0)


def test_it_refuses_a_spec_for_an_indicator_the_registry_lacks(records, kenya):
    with pytest.raises(InputError, match=r"indicators\[0\]\.code: 'NOPE' is not an indicator of the registry"):
        imports.import_microdata(records, SPEC.replace("CONTRACT_BEFORE_DEPARTURE", "NOPE"), "spec.yaml", kenya)
    assert not Observation.objects.exists()


def test_it_shows_suppressed_values_only_to_roles_allowed(client, records, kenya, member, ministry, focal):
    imports.import_microdata(records, SPEC, "spec.yaml", kenya)
    url = reverse("indicators:series", args=["KEN", "CONTRACT_BEFORE_DEPARTURE"])
    viewer = member("zawadi", "viewer", ministry, kenya)
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "suppressed · confidential" not in page and "suppressed" in page
    client.force_login(focal)
    page = client.get(url).content.decode()
    assert "suppressed · confidential" in page
    exported = client.get(reverse("indicators:export", args=["KEN", "csv"])).content.decode()
    qatar = next(line for line in exported.splitlines() if ",QAT,female," in line)
    assert qatar.endswith(",,,suppressed")  # even for a focal point, a download is public
