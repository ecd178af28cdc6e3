"""Country names to ISO 3166-1 alpha-3 codes, checked on every row of the shipped migrant-stock file."""

import csv
import gzip
from pathlib import Path

import pycountry
import pytest

import grmg.profiles
from grmg.countries import names
from grmg.countries.names import NON_ISO_CODES, to_iso3

STOCK = Path(grmg.profiles.__file__).parent / "data" / "undesa_ims2020_stock.csv.gz"


def is_iso(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


@pytest.mark.parametrize(("name", "code"), [
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Côte d'Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"),
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("Micronesia (Fed. States of)", "FSM"),
    ("Saint Helena", "SHN"),
    ("China, Hong Kong SAR", "HKG"),
    ("China, Macao SAR", "MAC"),
    ("Channel Islands", "CHI"),
    ("Kosovo", "XKX"),
    ("United States of America", "USA"),
    ("Democratic Republic of the Congo", "COD"),
    ("Congo", "COG"),
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("Serbia*", "SRB"),
    ("  kenya ", "KEN"),
    ("Curaçao", "CUW"),
    ("Holy See", "VAT"),
])
def test_it_maps_un_names(name, code):
    assert to_iso3(name) == code


@pytest.mark.parametrize("name", ["Narnia", "", "KEN", "Europe", "Sub-Saharan Africa"])
def test_it_gives_none_for_an_unknown_name(name):
    assert to_iso3(name) is None


def test_it_documents_every_non_iso_code():
    assert {"CHI", "XKX"} <= NON_ISO_CODES.keys()
    for code, reason in NON_ISO_CODES.items():
        assert len(code) == 3 and code.isupper()
        assert not is_iso(code), f"{code} is an ISO code; it does not belong in NON_ISO_CODES"
        assert reason.strip()


def test_it_only_overrides_with_known_codes_that_agree_with_pycountry():
    by_name = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            if value := getattr(country, field, None):
                by_name[names._key(value)] = country.alpha_3
    for name, code in names._OVERRIDES.items():
        assert is_iso(code) or code in NON_ISO_CODES, (name, code)
        assert by_name.get(names._key(name), code) == code, f"override for {name!r} contradicts pycountry"


def test_it_maps_every_row_of_the_shipped_stock_file():
    mapped: dict[str, str | None] = {}
    rows = 0
    with gzip.open(STOCK, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            for name_column, code_column in (("origin", "origin_iso3"), ("destination", "destination_iso3")):
                name, code = row[name_column], row[code_column]
                if name not in mapped:
                    mapped[name] = to_iso3(name)
                assert code == mapped[name], (row, mapped[name])
                assert is_iso(code) or code in NON_ISO_CODES, row
    assert rows > 70_000
    assert len(mapped) == 232
    assert len(set(mapped.values())) == len(mapped), "two names share a code"
