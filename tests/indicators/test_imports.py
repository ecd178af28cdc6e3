"""Indicator data in and out: tidy CSV, Excel, SDMX; validation rules; all or nothing; idempotent; round trips."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from grmg.core.problems import InputError
from grmg.indicators import exports, imports
from grmg.indicators.models import DataSource, Observation
from grmg.indicators.readers import Defaults
from grmg.indicators.services import registry

TIDY = """Year,Indicator,Country,Sex,Destination,Value
2023,MW_DEPLOYED,KEN,,,500
2023,MW_DEPLOYED,KEN,Female,,200
2023,MW_DEPLOYED,KEN,Male,,300
2024,MW_DEPLOYED,KEN,,,600
2024,MW_DEPLOYED,KEN,female,,250
2024,MW_DEPLOYED,KEN,male,,350
2024,MW_DEPLOYED,KEN,female,SAU,120
2024,SDG_10_7_1,KEN,female,,31.5
"""


def load(text: str, name: str = "kenya.csv", defaults: Defaults | None = None) -> imports.ImportReport:
    return imports.import_file(io.BytesIO(text.encode()), name, None, defaults)


def cells() -> dict[tuple[str, int, str], float | None]:
    return {(o.indicator.code, o.year, o.key): o.value for o in Observation.objects.select_related("indicator")}


def test_it_imports_an_open_sdg_tidy_csv(kenya):
    report = load(TIDY)
    assert (report.created, report.changed, report.warnings) == (True, 8, ())
    assert cells()[("MW_DEPLOYED", 2024, "destination=SAU|sex=female")] == 120
    assert cells()[("MW_DEPLOYED", 2023, "")] == 500  # a blank dimension cell is the total
    assert cells()[("SDG_10_7_1", 2024, "sex=female")] == 31.5


def test_it_changes_nothing_when_the_same_file_comes_twice(kenya):
    load(TIDY)
    again = load(TIDY)
    assert (again.created, again.changed) == (False, 0)
    assert DataSource.objects.count() == 1 and Observation.objects.count() == 8


@pytest.mark.parametrize(("change", "message"), [
    (("male,,350", "male,,450"), "row 5: the total 600 disagrees with its parts by sex, which add up to 700"),
    (("female,SAU,120", "female,XYZ,120"), "row 8, column destination: 'XYZ' is not a code of destination"),
    (("female,SAU,120", "female,SAU,many"), "row 8, column Value: 'many' is not a number"),
    (("female,,250", "female,,-250"), "row 6: -250.0 is below 0.0"),
    (("female,,31.5", "female,,131.5"), "row 9: 131.5 is above 100.0"),
    (("2024,MW_DEPLOYED,KEN,female,SAU,120", "2024,MW_DEPLOYED,KEN,female,,120"), "row 8: the same cell as row 6"),
    (("Destination,Value", "Occupation group,Value"), "row 1, column 5: unknown column 'Occupation group'"),
])
def test_it_names_the_row_and_column_of_every_error_and_imports_nothing(kenya, change, message):
    old, new = change
    with pytest.raises(InputError) as caught:
        load(TIDY.replace(old, new, 1))
    assert any(message in line for line in caught.value.lines()), caught.value.lines()
    assert not Observation.objects.exists() and not DataSource.objects.exists()


def test_it_warns_of_a_value_far_from_the_series(kenya):
    load(TIDY)
    report = load("Year,Sex,Value\n2025,female,2500\n", "2025.csv", Defaults("MW_DEPLOYED", "KEN"))
    assert report.changed == 1
    assert [w.message for w in report.warnings] == [
        "2,500 is more than 3 times off the series' other years (225)"]


def test_it_reads_the_tidy_layout_from_excel(kenya):
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    for line in [["Year", "Sex", "Value"], [2024, "Female", 250], [2024, "Male", 350], [2024, None, 600]]:
        sheet.append(line)
    stream = io.BytesIO()
    book.save(stream)
    report = imports.import_file(io.BytesIO(stream.getvalue()), "kenya.xlsx", None, Defaults("MW_DEPLOYED", "KEN"))
    assert report.changed == 3 and cells()[("MW_DEPLOYED", 2024, "sex=female")] == 250


def _exported(fmt: str) -> bytes:
    found = Observation.objects.select_related("indicator", "country").order_by("indicator__position", "year", "key")
    return exports.EXPORT_FORMATS[fmt].render(exports.public_rows(found), registry(), False)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "round.csv"), ("xlsx", "round.xlsx"), ("sdmx", "round.xml")])
def test_it_round_trips_its_own_exports(kenya, fmt, name):
    load(TIDY)
    before = cells()
    content = _exported(fmt)
    Observation.objects.all().delete()
    DataSource.objects.all().delete()
    report = imports.import_file(io.BytesIO(content), name)
    assert report.changed == 8
    assert cells() == before


# An SDMX-JSON 1.0 data message as a statistics office publishes it: structure inline, observations by index.
SDMX_JSON = """{
  "header": {"id": "KEN-2024", "prepared": "2025-03-01T00:00:00Z", "sender": {"id": "KNBS"}},
  "dataSets": [{"action": "Information", "observations": {
    "0:0:0:0": [600, 0, 0], "0:0:1:0": [250, 1, 0], "0:0:2:0": [350, 2, 0], "0:0:1:1": [120, 3, 1]}}],
  "structure": {
    "dimensions": {"observation": [
      {"id": "INDICATOR", "name": "Indicator", "keyPosition": 0, "values": [{"id": "MW_DEPLOYED"}]},
      {"id": "REF_AREA", "name": "Reference area", "keyPosition": 1, "values": [{"id": "KEN"}]},
      {"id": "SEX", "name": "Sex", "keyPosition": 2, "values": [{"id": "_T"}, {"id": "female"}, {"id": "male"}]},
      {"id": "TIME_PERIOD", "name": "Time", "values": [{"id": "2024"}, {"id": "2025"}]}]},
    "attributes": {"observation": [
      {"id": "UNIT_COUNT", "name": "Units", "values": [{"id": "600"}, {"id": "250"}, {"id": "350"}, {"id": "120"}]},
      {"id": "CONF_STATUS", "name": "Confidentiality", "values": [{"id": "F"}, {"id": "C"}]}]}}
}"""


def test_it_imports_an_sdmx_json_message(kenya):
    report = load(SDMX_JSON, "ken.json")
    assert (report.created, report.changed) == (True, 4)
    found = {(o.year, o.key): (o.value, o.units, o.status) for o in Observation.objects.all()}
    assert found == {(2024, ""): (600, 600, "published"), (2024, "sex=female"): (250, 250, "published"),
                     (2024, "sex=male"): (350, 350, "published"), (2025, "sex=female"): (120, 120, "suppressed")}


def test_it_never_exports_the_value_of_a_suppressed_cell(kenya):
    load(TIDY)
    Observation.objects.filter(key="destination=SAU|sex=female").update(status="suppressed", units=3)
    text = _exported("csv").decode()
    assert "2024,MW_DEPLOYED,KEN,SAU,female,,,suppressed" in text
    assert b"120" not in _exported("sdmx")
