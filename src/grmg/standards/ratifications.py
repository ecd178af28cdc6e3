"""Who has ratified what: reads and checks ratification files, including the one shipped in the package.

Pure Python, no Django. Every record carries its source and the date its status was checked; a file with any
problem is refused whole, with one line per problem saying where it is.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pycountry

from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "ratifications.csv"

STATUSES = ("party", "signatory", "no_action", "denounced")
STATUS_LABELS: dict[str, str] = {
    "party": _("Party"),
    "signatory": _("Signatory"),
    "no_action": _("No action"),
    "denounced": _("Denounced"),
}

# Year each instrument was adopted; no ratification, signature or denunciation can come before it.
ADOPTED: dict[str, int] = {
    "CEDAW": 1979,
    "OP-CEDAW": 1999,
    "ICMW": 1990,
    "ICESCR": 1966,
    "ICCPR": 1966,
    "CRC": 1989,
    "ICERD": 1965,
    "CAT": 1984,
    "CRPD": 2006,
    "CPED": 2006,
    "ILO-C189": 2011,
    "ILO-C190": 2019,
    "ILO-C097": 1949,
    "ILO-C143": 1975,
    "ILO-C181": 1997,
    "ILO-P029": 2014,
    "ILO-C100": 1951,
    "ILO-C111": 1958,
    "ILO-C087": 1948,
    "ILO-C098": 1949,
    "ILO-C144": 1976,
    "UN-TIP": 2000,
}
INSTRUMENTS: tuple[str, ...] = tuple(ADOPTED)
SHIPPED_INSTRUMENTS: tuple[str, ...] = INSTRUMENTS[:12]  # the others have no shipped list: users record or import
EARLIEST_YEAR = 1945

REQUIRED_COLUMNS = ("iso3", "instrument", "status", "year", "source", "as_of")
OPTIONAL_COLUMNS = ("note", "source_name", "source_code")

# Words people write for a status, and the status they mean; used only to suggest a fix.
_STATUS_HINTS = {
    "state party": "party", "state_party": "party", "ratified": "party", "ratification": "party",
    "accession": "party", "acceded": "party", "signed": "signatory", "signatory state": "signatory",
    "signature": "signatory", "no action": "no_action", "none": "no_action", "not signed": "no_action",
    "denunciation": "denounced", "withdrawn": "denounced",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Codes people use that ISO 3166-1 does not have, and the alpha-3 code they mean; used only to suggest a fix.
_COUNTRY_HINTS = {"UK": "GBR", "EL": "GRC", "KSA": "SAU", "UAE": "ARE"}


@dataclass(frozen=True)
class RatificationRecord:
    """One country's status under one instrument, with where it comes from and when it was true."""

    iso3: str
    instrument: str
    status: str
    year: int | None
    source: str
    as_of: datetime.date
    note: str = ""


def read_ratification_file(
    stream: IO[bytes], source: str, *, today: datetime.date | None = None, extra_codes: frozenset[str] = frozenset()
) -> list[RatificationRecord]:
    """Read a ratification CSV; InputError lists every problem and no record is kept if there is one.

    `extra_codes` are country codes accepted beside ISO 3166 (the fictional demo countries).
    """
    today = today or datetime.date.today()
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, [Problem("", _("the file is not UTF-8 text (byte %(position)d); save it as CSV "
                                                "UTF-8") % {"position": exc.start + 1})]) from None
    problems: list[Problem] = []
    rows = _records(text, problems)
    if problems:
        raise InputError(source, problems)
    if not rows:
        raise InputError(source, [Problem("", _("the file is empty; it needs a header row with the columns %(columns)s")
                                          % {"columns": ", ".join(REQUIRED_COLUMNS)})])
    header_number, header = rows[0]
    columns = _columns(header_number, header, problems)
    if problems:
        raise InputError(source, problems)
    records: list[RatificationRecord] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, values in rows[1:]:
        if len(values) > len(header) and any(value.strip() for value in values[len(header):]):
            problems.append(Problem(f"row {number}", _("%(found)d values but the header has %(columns)d columns")
                                    % {"found": len(values), "columns": len(header)}))
            continue
        cells = {name: values[index].strip() if index < len(values) else "" for name, index in columns.items()}
        record = _record(number, cells, today, problems, extra_codes)
        if record is None:
            continue
        key = (record.iso3, record.instrument)
        if key in first_row:
            problems.append(Problem(f"row {number}", _("%(iso3)s and %(instrument)s are also on row %(first)d; give "
                                                       "one record per country and instrument")
                                    % {"iso3": record.iso3, "instrument": record.instrument, "first": first_row[key]}))
            continue
        first_row[key] = number
        records.append(record)
    if not records and not problems:
        problems.append(Problem("", _("the file has a header (row %(row)d) but no records below it")
                                % {"row": header_number}))
    if problems:
        raise InputError(source, problems)
    return records


def shipped_ratifications() -> list[RatificationRecord]:
    """The ratification statuses shipped in the package, checked by the same reader as an imported file."""
    return list(_shipped())


@lru_cache(maxsize=1)
def _shipped() -> tuple[RatificationRecord, ...]:
    """Read the shipped file once per process."""
    with SHIPPED_FILE.open("rb") as stream:
        return tuple(read_ratification_file(stream, str(SHIPPED_FILE)))


def _records(text: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """Every non-blank CSV record with its row number; the first record is row 1 and blank rows are counted."""
    rows: list[tuple[int, list[str]]] = []
    reader: Iterator[list[str]] = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(f"row {number + 1}", _("cannot read this row as CSV: %(error)s") % {"error": exc}))
            break
        number += 1
        if any(value.strip() for value in values):
            rows.append((number, values))
    return rows


def _columns(header_number: int, header: list[str], problems: list[Problem]) -> dict[str, int]:
    """Position of each known column in the header; problems for missing or repeated ones."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        if key not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            continue  # unknown columns are ignored
        if key in positions:
            problems.append(Problem(f"column {key}", _("appears twice in the header (columns %(first)d and "
                                                        "%(second)d)") % {"first": positions[key] + 1,
                                                                          "second": index + 1}))
            continue
        positions[key] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing and len(header) == 1 and ";" in header[0]:
        problems.append(Problem(f"row {header_number}", _("the file seems to use ';' between values; save it as "
                                                          "comma-separated CSV")))
        return positions
    for name in missing:
        problems.append(Problem(f"column {name}", _("missing; the file needs the columns %(columns)s")
                                % {"columns": ", ".join(REQUIRED_COLUMNS)}))
    return positions


def _record(number: int, cells: dict[str, str], today: datetime.date,
            problems: list[Problem], extra_codes: frozenset[str] = frozenset()) -> RatificationRecord | None:
    """The record on one row, or None after adding a problem for each cell that is wrong."""
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(f"row {number}, column {column}", message))

    for column in ("iso3", "instrument", "status", "source", "as_of"):
        if not cells[column]:
            problem(column, _("empty; every record needs it"))

    iso3 = cells["iso3"].upper()
    if iso3 and iso3 not in extra_codes and pycountry.countries.get(alpha_3=iso3) is None:
        problem("iso3", _country_message(cells["iso3"]))

    instrument = cells["instrument"].upper()
    if instrument and instrument not in ADOPTED:
        problem("instrument", _instrument_message(cells["instrument"]))

    status = cells["status"].lower()
    if status and status not in STATUSES:
        problem("status", _status_message(cells["status"]))

    as_of = None
    if cells["as_of"]:
        as_of = _date(cells["as_of"])
        if as_of is None and _ISO_DATE.match(cells["as_of"]):
            problem("as_of", _("%(value)r is not a real date") % {"value": cells["as_of"]})
        elif as_of is None:
            problem("as_of", _("%(value)r is not a date written as YYYY-MM-DD") % {"value": cells["as_of"]})
        elif as_of > today:
            problem("as_of", _("%(value)s is in the future") % {"value": as_of.isoformat()})
            as_of = None

    year = None
    if cells["year"]:
        year = _whole_number(cells["year"])
        if year is None:
            problem("year", _("%(value)r is not a whole number") % {"value": cells["year"]})
        elif year < EARLIEST_YEAR:
            problem("year", _("%(year)d is before %(earliest)d") % {"year": year, "earliest": EARLIEST_YEAR})
        elif year > today.year:
            problem("year", _("%(year)d is after this year") % {"year": year})
        elif instrument in ADOPTED and year < ADOPTED[instrument]:
            problem("year", _("%(year)d is before %(instrument)s was adopted (%(adopted)d)")
                    % {"year": year, "instrument": instrument, "adopted": ADOPTED[instrument]})
        elif as_of is not None and year > as_of.year:
            problem("year", _("%(year)d is after the as-of date %(as_of)s") % {"year": year,
                                                                              "as_of": as_of.isoformat()})

    if len(problems) > before or as_of is None:
        return None
    return RatificationRecord(iso3=iso3, instrument=instrument, status=status, year=year, source=cells["source"],
                              as_of=as_of, note=cells.get("note", ""))


def _date(text: str) -> datetime.date | None:
    """The date written as YYYY-MM-DD, or None."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _whole_number(text: str) -> int | None:
    """The whole number written (1995, or 1995.0 as some spreadsheets write it), or None."""
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.0+", text):
        return int(text.split(".")[0])
    return None


@lru_cache(maxsize=1024)
def _country_message(value: str) -> str:
    """Why a value is not a country code, with close matches when there are some."""
    suggestions = _country_suggestions(value)
    if suggestions:
        return _("%(value)r is not an ISO 3166-1 alpha-3 country code; did you mean %(suggestions)s?") % {
            "value": value, "suggestions": " or ".join(suggestions)}
    return _("%(value)r is not an ISO 3166-1 alpha-3 country code such as PHL") % {"value": value}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, Any]:
    """Every current country by its lower-case name, common name and official name."""
    names: dict[str, Any] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names[name.lower()] = country
    return names


def _country_suggestions(value: str) -> list[str]:
    """Up to three countries the value may have meant, as 'PHL (Philippines)'."""
    query = value.strip()
    found: list[Any] = []
    if query.upper() in _COUNTRY_HINTS:
        found.append(pycountry.countries.get(alpha_3=_COUNTRY_HINTS[query.upper()]))
    if len(query) == 2:
        found.append(pycountry.countries.get(alpha_2=query.upper()))
    with contextlib.suppress(LookupError):
        found.append(pycountry.countries.lookup(query))
    names = _country_names()
    lowered = query.lower()
    if len(lowered) >= 3:
        found += [country for name, country in names.items() if name.startswith(lowered)]
    found += [names[name] for name in difflib.get_close_matches(lowered, list(names), n=3, cutoff=0.75)]
    if len(query) == 3:
        codes = {country.alpha_3: country for country in pycountry.countries}
        found += [codes[code] for code in difflib.get_close_matches(query.upper(), list(codes), n=3, cutoff=0.6)]
    suggestions: list[str] = []
    for country in found:
        text = f"{country.alpha_3} ({country.name})" if country is not None else ""
        if text and text not in suggestions:
            suggestions.append(text)
    return suggestions[:3]


def _squash(text: str) -> str:
    """Letters and digits only, upper case: 'ILO C 189' and 'ilo-c189' become 'ILOC189'."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _instrument_message(value: str) -> str:
    """Why a value is not a known instrument code, with the codes it may have meant."""
    squashed = _squash(value)
    suggestions = [code for code in INSTRUMENTS if squashed and squashed in (_squash(code), _squash(code)[3:])]
    if squashed.startswith("C") or squashed.startswith("P"):
        number = squashed[1:].lstrip("0")
        suggestions += [code for code in INSTRUMENTS if code.startswith("ILO-") and code[5:].lstrip("0") == number
                        and code[4] == squashed[0] and code not in suggestions]
    suggestions += [code for code in difflib.get_close_matches(value.strip().upper(), INSTRUMENTS, n=3, cutoff=0.6)
                    if code not in suggestions]
    if suggestions:
        return _("unknown instrument %(value)r; did you mean %(suggestions)s?") % {
            "value": value, "suggestions": " or ".join(suggestions[:3])}
    return _("unknown instrument %(value)r; known codes are %(codes)s") % {"value": value,
                                                                           "codes": ", ".join(INSTRUMENTS)}


def _status_message(value: str) -> str:
    """Why a value is not a status, with the status it may have meant."""
    lowered = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    suggestion = _STATUS_HINTS.get(lowered)
    if suggestion is None:
        close = difflib.get_close_matches(lowered.replace(" ", "_"), STATUSES, n=1, cutoff=0.6)
        suggestion = close[0] if close else None
    if suggestion:
        return _("unknown status %(value)r; did you mean %(suggestion)s? Statuses are %(statuses)s") % {
            "value": value, "suggestion": suggestion, "statuses": ", ".join(STATUSES)}
    return _("unknown status %(value)r; statuses are %(statuses)s") % {"value": value, "statuses": ", ".join(STATUSES)}
