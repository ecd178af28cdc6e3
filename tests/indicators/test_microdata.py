"""Indicators computed from unit records: suppressed cells stored, shown only to roles allowed, never exported."""

from __future__ import annotations

import csv
import io
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


def test_it_keeps_a_suppressed_value_out_of_charts_gaps_and_trends_for_everyone(client, kenya, member, ministry, focal):
    # Women's 2024 value rests on too few people: suppressed (its value, 12.34, is stored for the roles allowed).
    tidy = ("Year,Indicator,Country,Sex,Value,Units,Status\n"
            "2022,CONTRACT_BEFORE_DEPARTURE,KEN,female,40,50,published\n"
            "2022,CONTRACT_BEFORE_DEPARTURE,KEN,male,60,50,published\n"
            "2023,CONTRACT_BEFORE_DEPARTURE,KEN,female,46,50,published\n"
            "2023,CONTRACT_BEFORE_DEPARTURE,KEN,male,62,50,published\n"
            "2024,CONTRACT_BEFORE_DEPARTURE,KEN,female,12.34,3,suppressed\n"
            "2024,CONTRACT_BEFORE_DEPARTURE,KEN,male,64,50,published\n")
    imports.import_file(io.BytesIO(tidy.encode()), "kenya.csv")
    series = reverse("indicators:series", args=["KEN", "CONTRACT_BEFORE_DEPARTURE"])
    for user in (member("zawadi", "viewer", ministry, kenya), focal):
        client.force_login(user)
        chart = client.get(series).content.decode().split('data-testid="values"')[0]  # all but the values table
        assert "12.34" not in chart and "-51.66" not in chart  # neither the value nor the gap it would give
        # Trends from published values only: women 40 -> 46 (+6 a year), men 60, 62, 64 (+2); gap -20, -16: narrowing
        trend = " ".join(client.get(series).content.decode().split('data-testid="trend">')[1].split("</p>")[0].split())
        assert "women <strong>+6</strong>" in trend and "men <strong>+2</strong>" in trend
        assert "the gap is narrowing" in trend
    client.force_login(member("amani", "viewer", ministry, kenya))
    assert "12.34" not in client.get(series).content.decode()
