"""The catalogue and ratification records in the database: loading, current status, imports, records by hand."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest

from grmg.core.framework import load_framework_file
from grmg.core.problems import InputError
from grmg.countries.models import Country
from grmg.frameworks.services import SHIPPED_FRAMEWORK
from grmg.standards import services
from grmg.standards.catalogue import load_catalogue
from grmg.standards.models import Instrument, Provision, Ratification, RatificationSource

FRAMEWORK = load_framework_file(SHIPPED_FRAMEWORK)


def test_it_links_the_catalogue_and_the_framework_both_ways():
    catalogue = load_catalogue(framework=FRAMEWORK)
    cited = {(ref.instrument, ref.provision, c.id) for c in FRAMEWORK.criteria() for ref in c.standards}
    linked = {(i.code, p.ref, c) for i in catalogue.instruments for p in i.provisions for c in p.criteria}
    assert cited == linked
    assert {c.id for c in FRAMEWORK.criteria()} == {criterion for _i, _p, criterion in linked}
    assert set(FRAMEWORK.instruments) <= {i.code for i in catalogue.instruments}


def test_it_loads_the_catalogue_and_the_shipped_records_once(db):
    catalogue = load_catalogue()
    assert Instrument.objects.count() == len(catalogue.instruments)
    assert Provision.objects.count() == sum(len(i.provisions) for i in catalogue.instruments)
    shipped = RatificationSource.objects.get(origin="shipped")
    assert shipped.records.count() == 2012
    services.ensure_reference_data()
    assert RatificationSource.objects.count() == 1 and Ratification.objects.count() == 2012


def test_it_gives_each_instrument_its_current_status_with_source_and_date(db, nepal):
    rows = {row.instrument.code: row for row in services.ratification_table(nepal)}
    cedaw = rows["CEDAW"].record
    assert (cedaw.status, cedaw.year, cedaw.as_of) == ("party", 1991, date(2022, 8, 25))
    assert rows["ICMW"].record.status == "no_action"
    assert rows["ILO-C189"].record is None
    assert rows["ILO-C189"].silent_sources == (("the data shipped with grmg", date(2020, 10, 5)),)
    assert rows["ILO-C097"].silent_sources == ()


def test_it_prefers_a_newer_record_made_by_hand(db, nepal):
    c190 = Instrument.objects.get(code="ILO-C190")
    services.record_by_hand(nepal, c190, "party", 2025, "NORMLEX, consulted 2026-11-01", date(2026, 11, 1),
                            "", None)
    row = {row.instrument.code: row for row in services.ratification_table(nepal)}["ILO-C190"]
    assert (row.record.status, row.record.citation, row.record.source.origin) == (
        "party", "NORMLEX, consulted 2026-11-01", "manual")
    kenya = {row.instrument.code: row for row in services.ratification_table(Country.objects.get(iso3="KEN"))}
    assert kenya["ILO-C190"].silent_sources == (("the data shipped with grmg", date(2025, 11, 30)),)


def test_it_refuses_a_record_without_a_source_or_with_an_impossible_year(db, nepal):
    c190 = Instrument.objects.get(code="ILO-C190")
    with pytest.raises(InputError, match="say where this status comes from"):
        services.record_by_hand(nepal, c190, "party", 2021, " ", date(2026, 1, 1), "", None)
    with pytest.raises(InputError, match="row 2, column year"):
        services.record_by_hand(nepal, c190, "party", 2012, "NORMLEX", date(2026, 1, 1), "", None)
    assert not Ratification.objects.filter(source__origin="manual").exists()


GOOD = b"iso3,instrument,status,year,source,as_of\nNPL,ILO-C189,party,2026,NORMLEX,2026-06-30\n" \
       b"KEN,ILO-C190,party,2025,NORMLEX,2026-06-30\n"


def test_it_imports_a_newer_file_once(db, nepal):
    source, created = services.import_file(BytesIO(GOOD), "ilo-2026.csv")
    assert created and source.records.count() == 2
    again, created_again = services.import_file(BytesIO(GOOD), "ilo-2026.csv")
    assert (again.pk, created_again) == (source.pk, False)
    row = {row.instrument.code: row for row in services.ratification_table(nepal)}["ILO-C189"]
    assert (row.record.year, row.record.as_of) == (2026, date(2026, 6, 30))


def test_it_refuses_a_bad_file_whole(db):
    bad = GOOD + b"NPL,ILO-C189,party,2026,NORMLEX,2026-06-30\nKEN,CEDAW,party,1891,UN,2022-08-25\n"
    with pytest.raises(InputError) as caught:
        services.import_file(BytesIO(bad), "bad.csv")
    assert any("row 4" in line and "row 2" in line for line in caught.value.lines())  # the duplicate names both
    assert any(line.startswith("bad.csv: row 5, column year") for line in caught.value.lines())
    assert not RatificationSource.objects.filter(origin="imported").exists()
