"""Migration-pattern figures, checked against values computed independently from the shipped files."""

import csv
import faulthandler
import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import FrozenInstanceError
from pathlib import Path

import pycountry
import pytest

from grmg.countries.names import NON_ISO_CODES
from grmg.profiles import patterns
from grmg.profiles.patterns import SOURCES, sdg_10_7_2, stock_series, top_corridors, wbl_series

DATA = Path(patterns.__file__).parent / "data"
YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020]


@pytest.fixture(scope="module")
def stock() -> list[dict[str, str]]:
    with gzip.open(DATA / "undesa_ims2020_stock.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def wbl() -> list[dict[str, str]]:
    with (DATA / "wbl_1971_2021.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sdg() -> list[dict[str, str]]:
    with (DATA / "sdg_10_7_2.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def side(direction):
    return ("origin_iso3", "destination_iso3", "destination") if direction == "emigrants" else (
        "destination_iso3", "origin_iso3", "origin")


def sums(rows, iso3, direction, year):
    """Total, male and female stock of iso3 in year, summed by hand."""
    column = side(direction)[0]
    selected = [r for r in rows if r[column] == iso3 and int(r["year"]) == year]
    return tuple(sum(int(r[f"stock_{sex}"]) for r in selected) for sex in ("total", "male", "female"))


def partners(rows, iso3, direction, sex, year):
    """(stock, partner code, partner name) of every partner with a positive stock, largest first, ties by code."""
    column, partner, name = side(direction)
    found = [(int(r[f"stock_{sex}"]), r[partner], r[name])
             for r in rows if r[column] == iso3 and int(r["year"]) == year and int(r[f"stock_{sex}"]) > 0]
    return sorted(found, key=lambda item: (-item[0], item[1]))


# --- the shipped files ------------------------------------------------------------------------------------------

def test_it_ships_female_plus_male_equal_to_total_in_every_row(stock):
    assert len(stock) > 70_000
    bad = [r for r in stock if int(r["stock_female"]) + int(r["stock_male"]) != int(r["stock_total"])]
    assert bad == []


def test_it_ships_kenya_to_burundi_2020_female_533(stock):
    [row] = [r for r in stock if r["year"] == "2020" and r["origin_iso3"] == "KEN" and r["destination_iso3"] == "BDI"]
    assert int(row["stock_female"]) == 533
    burundi = {c.partner_iso3: c.stock for c in top_corridors("BDI", "immigrants", "female", limit=1000)}
    assert burundi["KEN"] == 533


def test_it_ships_the_stock_years_and_columns(stock):
    assert sorted({int(r["year"]) for r in stock}) == YEARS
    assert list(stock[0]) == ["year", "origin", "origin_iso3", "destination", "destination_iso3",
                              "stock_total", "stock_male", "stock_female"]


def test_it_ships_valid_codes_in_wbl_and_sdg(wbl, sdg):
    for row in [*wbl, *sdg]:
        assert pycountry.countries.get(alpha_3=row["iso3"]) is not None or row["iso3"] in NON_ISO_CODES, row


def test_it_ships_sdg_10_7_2_for_2019_and_2021(sdg):
    assert {r["year"] for r in sdg} == {"2019", "2021"}
    assert {r["category"] for r in sdg} <= {"1", "2", "3", "4"}


def test_it_ships_sources_with_producer_edition_and_as_of():
    assert set(SOURCES) == {"migrant_stock", "wbl", "sdg_10_7_2"}
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for source in SOURCES.values():
        assert source.producer and source.edition and source.as_of
        assert source.as_of in text
    for name in ("undesa_ims2020_stock.csv.gz", "wbl_1971_2021.csv", "sdg_10_7_2.csv", "CHI", "XKX"):
        assert name in text


# --- stock_series -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("iso3", ["PHL", "NPL"])
def test_it_gives_the_2020_female_emigrant_stock_and_share(stock, iso3):
    total, male, female = sums(stock, iso3, "emigrants", 2020)
    [year2020] = [y for y in stock_series(iso3, "emigrants") if y.year == 2020]
    assert (year2020.total, year2020.male, year2020.female) == (total, male, female)
    assert female > 0
    assert year2020.female_share == pytest.approx(100 * female / total)


@pytest.mark.parametrize("year", [1990, 2020])
def test_it_gives_kenyas_immigrant_stock(stock, year):
    total, male, female = sums(stock, "KEN", "immigrants", year)
    [found] = [y for y in stock_series("KEN", "immigrants") if y.year == year]
    assert (found.total, found.male, found.female) == (total, male, female)
    assert total > 0


@pytest.mark.parametrize(("iso3", "direction"), [("IDN", "emigrants"), ("SAU", "immigrants"), ("CHI", "emigrants")])
def test_it_gives_every_year_in_order(stock, iso3, direction):
    series = stock_series(iso3, direction)
    assert [y.year for y in series] == YEARS
    for y in series:
        assert (y.total, y.male, y.female) == sums(stock, iso3, direction, y.year)


def test_it_gives_zeros_for_a_year_without_rows(stock):
    assert sums(stock, "SSD", "immigrants", 1990) == (0, 0, 0)
    series = {y.year: y for y in stock_series("SSD", "immigrants")}
    assert list(series) == YEARS
    assert (series[1990].total, series[1990].female, series[1990].female_share) == (0, 0, None)
    assert series[2020].total > 0
    assert [y.total for y in stock_series("VAT", "immigrants")] == [0] * 7  # an origin only


def test_it_accepts_a_lower_case_code():
    assert stock_series("ken", "immigrants") == stock_series("KEN", "immigrants")


# --- top_corridors ----------------------------------------------------------------------------------------------

def test_it_gives_the_top_3_destinations_of_women_from_indonesia(stock):
    expected = partners(stock, "IDN", "emigrants", "female", 2020)[:3]
    total_female = sums(stock, "IDN", "emigrants", 2020)[2]
    found = top_corridors("IDN", "emigrants", "female", year=2020, limit=3)
    assert [(c.stock, c.partner_iso3, c.partner_name) for c in found] == expected
    assert [c.share for c in found] == pytest.approx([100 * s / total_female for s, _, _ in expected])
    assert found[0].partner_iso3 == "SAU"


@pytest.mark.parametrize(("iso3", "direction", "sex", "year"), [
    ("NPL", "emigrants", "female", 2020),  # two destinations tie at 1,021 women
    ("KEN", "immigrants", "male", 1990),
    ("PHL", "emigrants", "total", 2005),
])
def test_it_orders_every_corridor_largest_first_ties_by_code(stock, iso3, direction, sex, year):
    expected = partners(stock, iso3, direction, sex, year)
    found = top_corridors(iso3, direction, sex, year=year, limit=1000)
    assert [(c.stock, c.partner_iso3, c.partner_name) for c in found] == expected
    assert sum(c.share for c in found) == pytest.approx(100)


def test_it_limits_corridors_to_ten_by_default():
    assert len(top_corridors("PHL", "emigrants", "female")) == 10
    assert top_corridors("PHL", "emigrants", "female", limit=0) == []


def test_it_rejects_an_unknown_direction_or_sex():
    with pytest.raises(ValueError, match="direction"):
        stock_series("KEN", "refugees")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sex"):
        top_corridors("KEN", "emigrants", "women")  # type: ignore[arg-type]


# --- WBL and SDG 10.7.2 -----------------------------------------------------------------------------------------

def test_it_gives_the_published_wbl_index():
    assert {y.year: y.index for y in wbl_series("BEL")}[2020] == 100
    saudi = {y.year: y for y in wbl_series("SAU")}
    assert saudi[2021].index == 80
    assert (saudi[2021].marriage, saudi[2021].parenthood, saudi[2021].assets) == (60, 40, 40)


def test_it_gives_the_whole_wbl_series_in_year_order(wbl):
    expected = sorted((r for r in wbl if r["iso3"] == "KEN"), key=lambda r: int(r["report_year"]))
    found = wbl_series("KEN")
    assert [y.year for y in found] == list(range(1971, 2022))
    for row, year in zip(expected, found, strict=True):
        assert year.index == float(row["wbl_index"])
        for field in ("mobility", "workplace", "pay", "marriage", "parenthood", "entrepreneurship", "assets",
                      "pension"):
            assert getattr(year, field) == float(row[field])


def test_it_gives_sdg_10_7_2_with_labels(sdg):
    expected = sorted((int(r["year"]), int(r["category"])) for r in sdg if r["iso3"] == "ARG")
    found = sdg_10_7_2("ARG")
    assert [(s.year, s.category) for s in found] == expected
    labels = {1: "Requires further progress", 2: "Partially meets", 3: "Meets", 4: "Fully meets"}
    assert all(s.label == labels[s.category] for s in found)


# --- unknown codes, immutability, threads -----------------------------------------------------------------------

@pytest.mark.parametrize("code", ["XXX", "", "EU", "1; DROP TABLE stock"])
def test_it_gives_empty_results_for_an_unknown_code(code):
    assert stock_series(code, "emigrants") == []
    assert stock_series(code, "immigrants") == []
    assert top_corridors(code, "emigrants", "female") == []
    assert wbl_series(code) == []
    assert sdg_10_7_2(code) == []


def test_it_returns_frozen_results():
    with pytest.raises(FrozenInstanceError):
        stock_series("KEN", "emigrants")[0].total = 1  # type: ignore[misc]


def test_it_answers_from_several_threads_at_once():
    calls = [("PHL", "emigrants"), ("KEN", "immigrants"), ("NPL", "emigrants"), ("IDN", "emigrants")] * 8
    expected = [(stock_series(c, d), top_corridors(c, d, "female")) for c, d in calls]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda call: (stock_series(*call), top_corridors(call[0], call[1], "female")), calls))
    assert found == expected



@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_it_answers_in_a_forked_child_process():
    expected = stock_series("KEN", "immigrants")
    pid = os.fork()
    if pid == 0:  # the child: exit code 0 if it gets the same answer from its own database
        faulthandler.dump_traceback_later(20, exit=True)
        os._exit(0 if stock_series("KEN", "immigrants") == expected and wbl_series("KEN") else 1)
    assert os.waitpid(pid, 0)[1] == 0
    assert stock_series("KEN", "immigrants") == expected
