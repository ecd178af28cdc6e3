"""The shipped ratification data and the reader that checks it and users' files. No Django, no network."""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections import Counter

import pycountry
import pytest

from grmg.core.problems import InputError
from grmg.standards.ratifications import (
    ADOPTED,
    INSTRUMENTS,
    SHIPPED_FILE,
    SHIPPED_INSTRUMENTS,
    STATUS_LABELS,
    STATUSES,
    RatificationRecord,
    read_ratification_file,
    shipped_ratifications,
)

MEMBER_STATES_FILE = SHIPPED_FILE.parents[2] / "countries" / "data" / "un_member_states.csv"
UN_INSTRUMENTS = ("CEDAW", "OP-CEDAW", "ICMW", "ICESCR", "ICCPR", "CRC", "ICERD", "CAT", "CRPD", "CPED")
ILO_INSTRUMENTS = ("ILO-C189", "ILO-C190")
# English names the source uses that pycountry does not know: former or everyday names of these countries.
NAME_ALIASES = {
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of Congo",
    "CPV": "Cape Verde",
    "RUS": "Russia",
    "SWZ": "Swaziland",
    "TLS": "East Timor",
    "TUR": "Turkey",
}
HEADER = "iso3,instrument,status,year,source,as_of,note\n"
GOOD_ROW = "PHL,ICMW,party,1995,UN Treaty Collection,2022-08-25,\n"


def shipped_rows() -> list[dict[str, str]]:
    with SHIPPED_FILE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def normalised(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bst\.? ", "saint ", text).replace("&", " and ")
    return " ".join(re.sub(r"[^a-z ]", " ", text).split())


def names_of(iso3: str) -> set[str]:
    country = pycountry.countries.get(alpha_3=iso3)
    names = {getattr(country, attribute, None) for attribute in ("name", "common_name", "official_name")}
    return {normalised(name) for name in names if name} | ({normalised(NAME_ALIASES[iso3])} if iso3 in NAME_ALIASES
                                                          else set())


def alpha3_of_alpha2(code: str) -> str:
    """pycountry's alpha-3 for an alpha-2 code; a withdrawn code gives the current country with its numeric code."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        withdrawn = pycountry.historic_countries.get(alpha_2=code)
        assert withdrawn is not None, code
        country = pycountry.countries.get(numeric=withdrawn.numeric)
        assert country is not None, code
    return str(country.alpha_3)


def refused(text: str | bytes, **kwargs: object) -> InputError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        read_ratification_file(io.BytesIO(data), "upload.csv", **kwargs)  # type: ignore[arg-type]
    assert caught.value.source == "upload.csv"
    return caught.value


def wheres(error: InputError) -> list[str]:
    return [problem.where for problem in error.problems]


# The shipped data


def test_it_maps_every_shipped_row_to_the_country_the_source_named() -> None:
    rows = shipped_rows()
    assert len(rows) == 10 * 193 + 30 + 52
    wrong = []
    for number, row in enumerate(rows, start=2):
        if row["instrument"] in UN_INSTRUMENTS:
            expected = alpha3_of_alpha2(row["source_code"])
        else:
            assert row["instrument"] in ILO_INSTRUMENTS, row
            expected = row["source_code"]
        if row["iso3"] != expected or normalised(row["source_name"]) not in names_of(row["iso3"]):
            wrong.append((number, row["iso3"], row["source_code"], row["source_name"]))
    assert wrong == []


def test_it_reads_the_shipped_file_with_the_same_checks_as_an_import() -> None:
    records = shipped_ratifications()
    assert len(records) == len(shipped_rows())
    assert all(isinstance(record, RatificationRecord) for record in records)
    assert {record.instrument for record in records} == set(SHIPPED_INSTRUMENTS)
    assert all(record.source and record.as_of for record in records)
    assert all(record.year is None for record in records if record.status != "party")
    keys = [(record.instrument, record.iso3) for record in records]
    assert keys == sorted(keys)


def test_it_counts_parties_and_signatories_as_the_sources_state() -> None:
    counts = Counter((record.instrument, record.status) for record in shipped_ratifications())
    assert counts[("CEDAW", "party")] == 187
    assert counts[("OP-CEDAW", "party")] == 113
    assert counts[("ICMW", "party")] == 57
    assert counts[("ICMW", "signatory")] == 11
    assert counts[("ILO-C189", "party")] == 30
    assert counts[("ILO-C190", "party")] == 52
    assert {status for instrument, status in counts if instrument in ILO_INSTRUMENTS} == {"party"}
    c190_years = [record for record in shipped_ratifications() if record.instrument == "ILO-C190" and record.year]
    assert len(c190_years) == 20


def test_it_dates_each_source() -> None:
    as_of = {(record.instrument, record.as_of) for record in shipped_ratifications()}
    assert as_of == {(code, datetime.date(2022, 8, 25)) for code in UN_INSTRUMENTS} | {
        ("ILO-C189", datetime.date(2020, 10, 5)), ("ILO-C190", datetime.date(2025, 11, 30))}
    c190 = [record for record in shipped_ratifications() if record.instrument == "ILO-C190"]
    assert all("possibly incomplete" in record.note and "late-2025" in record.note for record in c190)
    ilo = [record for record in shipped_ratifications() if record.instrument in ILO_INSTRUMENTS]
    assert all("does not mean it has not ratified" in record.note for record in ilo)


def test_it_keeps_known_values_as_the_source_gives_them() -> None:
    records = {(record.iso3, record.instrument): record for record in shipped_ratifications()}
    # The compiled UN file gives 1987 for the Philippines and CEDAW (the UN Treaty Collection shows 1981):
    # kept as the source gives it, with the doubt in the note.
    assert records[("PHL", "CEDAW")].status == "party"
    assert records[("PHL", "CEDAW")].year == 1987
    assert "1981" in records[("PHL", "CEDAW")].note
    assert (records[("PHL", "ICMW")].status, records[("PHL", "ICMW")].year) == ("party", 1995)
    assert (records[("PHL", "ILO-C189")].status, records[("PHL", "ILO-C189")].year) == ("party", 2012)
    assert (records[("USA", "CEDAW")].status, records[("USA", "CEDAW")].year) == ("signatory", None)
    assert records[("IRN", "CEDAW")].status == "no_action"
    assert (records[("ZWE", "OP-CEDAW")].status, records[("ZWE", "OP-CEDAW")].year) == ("party", None)
    assert ("USA", "ILO-C189") not in records  # not recorded, which is not "not ratified"


def test_it_lists_every_un_member_state_once_per_un_instrument() -> None:
    with MEMBER_STATES_FILE.open(encoding="utf-8", newline="") as stream:
        members = list(csv.DictReader(stream))
    assert len(members) == 193
    assert len({member["iso3"] for member in members}) == 193
    names = {member["iso3"]: member["name"] for member in members}
    rows = shipped_rows()
    for instrument in UN_INSTRUMENTS:
        here = [row["iso3"] for row in rows if row["instrument"] == instrument]
        assert sorted(here) == sorted(names), instrument
    assert all(names[row["iso3"]] == row["source_name"] for row in rows if row["instrument"] in UN_INSTRUMENTS)
    assert all(row["iso3"] in names for row in rows if row["instrument"] in ILO_INSTRUMENTS)


def test_it_knows_every_instrument_and_status() -> None:
    from grmg.standards.catalogue import load_catalogue

    ratifiable = {i.code: i.adopted for i in load_catalogue().instruments if i.ratifiable}
    assert set(INSTRUMENTS) == set(ADOPTED) == set(ratifiable)  # the reader and the catalogue agree
    assert ratifiable == ADOPTED
    assert {"ILO-C097", "ILO-C143", "ILO-C181", "ILO-P029", "ILO-C100", "ILO-C111"} <= set(INSTRUMENTS)
    assert STATUSES == ("party", "signatory", "no_action", "denounced")
    assert STATUS_LABELS == {"party": "Party", "signatory": "Signatory", "no_action": "No action",
                             "denounced": "Denounced"}


# Reading users' files


def test_it_reads_a_good_file_with_a_bom_and_extra_columns() -> None:
    text = "\ufeffiso3,instrument,status,year,source,as_of,comment\n" \
           "phl,ilo-c097,Party,2009,DOLE letter of 2009,2024-01-31,ours\n" \
           "\n" \
           "KEN,ILO-C143,no_action,,NORMLEX,2024-01-31,\n"
    records = read_ratification_file(io.BytesIO(text.encode("utf-8")), "good.csv")
    assert records == [
        RatificationRecord("PHL", "ILO-C097", "party", 2009, "DOLE letter of 2009", datetime.date(2024, 1, 31), ""),
        RatificationRecord("KEN", "ILO-C143", "no_action", None, "NORMLEX", datetime.date(2024, 1, 31), ""),
    ]


def test_it_refuses_a_file_with_a_missing_column() -> None:
    error = refused("iso3,instrument,year,source,as_of\nPHL,ICMW,1995,UNTC,2022-08-25\n")
    assert wheres(error) == ["column status"]
    assert "upload.csv: column status: missing" in str(error)


def test_it_refuses_an_empty_file() -> None:
    assert "empty" in refused(b"").problems[0].message
    assert "empty" in refused("\ufeff\n\n").problems[0].message
    assert "no records" in refused(HEADER).problems[0].message


def test_it_refuses_the_same_country_and_instrument_twice_naming_both_rows() -> None:
    error = refused(HEADER + GOOD_ROW + "KEN,ICMW,no_action,,UNTC,2022-08-25,\n" + GOOD_ROW)
    assert wheres(error) == ["row 4"]
    assert "row 2" in error.problems[0].message


@pytest.mark.parametrize(("year", "as_of", "message"), [
    (str(datetime.date.today().year + 1), "2022-08-25", "is after this year"),
    ("1930", "2022-08-25", "is before 1945"),
    ("1985", "2022-08-25", "is before ICMW was adopted (1990)"),
    ("2023", "2022-08-25", "is after the as-of date 2022-08-25"),
    ("19x5", "2022-08-25", "is not a whole number"),
    ("1995.5", "2022-08-25", "is not a whole number"),
])
def test_it_refuses_an_impossible_year(year: str, as_of: str, message: str) -> None:
    error = refused(HEADER + GOOD_ROW + GOOD_ROW.replace("PHL", "MEX")
                    + f"KEN,ICMW,party,{year},UNTC,{as_of},\n")
    assert wheres(error) == ["row 4, column year"]
    assert message in error.problems[0].message


def test_it_refuses_a_bad_as_of_date() -> None:
    error = refused(HEADER + "PHL,ICMW,party,1995,UNTC,25/08/2022,\nKEN,ICMW,no_action,,UNTC,2999-01-01,\n"
                    "MEX,ICMW,party,1999,UNTC,,\n")
    assert wheres(error) == ["row 2, column as_of", "row 3, column as_of", "row 4, column as_of"]
    assert "YYYY-MM-DD" in error.problems[0].message
    assert "in the future" in error.problems[1].message


def test_it_refuses_an_unknown_instrument_and_suggests_the_code() -> None:
    error = refused(HEADER + GOOD_ROW + "PHL,C189,party,2012,NORMLEX,2024-01-31,\nPHL,UDHR,party,,x,2024-01-31,\n")
    assert wheres(error) == ["row 3, column instrument", "row 4, column instrument"]
    assert "did you mean ILO-C189" in error.problems[0].message
    assert "known codes are CEDAW" in error.problems[1].message


def test_it_refuses_a_bad_iso3_and_suggests_close_matches() -> None:
    error = refused(HEADER + GOOD_ROW + "PHI,CEDAW,party,1981,UNTC,2022-08-25,\n"
                    "Philippines,CAT,party,1986,UNTC,2022-08-25,\nPH,CRC,party,1990,UNTC,2022-08-25,\n"
                    ",CRPD,party,2008,UNTC,2022-08-25,\n")
    assert wheres(error) == ["row 3, column iso3", "row 4, column iso3", "row 5, column iso3", "row 6, column iso3"]
    assert all("PHL (Philippines)" in problem.message for problem in error.problems[:3])
    assert "empty" in error.problems[3].message


def test_it_refuses_an_unknown_status_and_suggests_one() -> None:
    error = refused(HEADER + "PHL,ICMW,state party,1995,UNTC,2022-08-25,\n")
    assert wheres(error) == ["row 2, column status"]
    assert "did you mean party" in error.problems[0].message


def test_it_refuses_the_whole_file_and_lists_every_problem() -> None:
    error = refused(HEADER + GOOD_ROW + "XXX,ICMW,party,1995,UNTC,2022-08-25,\n\n"
                    "KEN,ICMW,party,2099,,2022-08-25,\n")
    assert wheres(error) == ["row 3, column iso3", "row 5, column source", "row 5, column year"]
    assert len(error.lines()) == 3
    assert all(line.startswith("upload.csv: row ") for line in error.lines())


def test_it_refuses_a_file_that_is_not_utf8_or_uses_semicolons() -> None:
    assert "UTF-8" in refused((HEADER + "CIV,ICMW,no_action,,Côte,2022-08-25,\n").encode("latin-1")).problems[0].message
    error = refused("iso3;instrument;status;year;source;as_of\nPHL;ICMW;party;1995;UNTC;2022-08-25\n")
    assert wheres(error) == ["row 1"]
    assert "';'" in error.problems[0].message
