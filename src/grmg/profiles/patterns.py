"""A country's migration-pattern figures, from the reference data shipped in grmg/profiles/data (see SOURCES.md)."""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from grmg.core.i18n import _

DATA_DIR = Path(__file__).resolve().parent / "data"
YEARS: tuple[int, ...] = (1990, 1995, 2000, 2005, 2010, 2015, 2020)

Direction = Literal["emigrants", "immigrants"]
Sex = Literal["female", "male", "total"]


@dataclass(frozen=True)
class Source:
    """Who produced a data set, which edition it is, and the date (or year) its latest figures refer to."""

    producer: str
    edition: str
    as_of: str


SOURCES: dict[str, Source] = {
    "migrant_stock": Source(
        producer="United Nations, Department of Economic and Social Affairs (UN DESA), Population Division",
        edition="International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020)",
        as_of="2020-07-01",  # mid-year estimates; 1990-2020 every five years
    ),
    "wbl": Source(
        producer="World Bank",
        edition="Women, Business and the Law 2021, 1.0 methodology (report years 1971-2021)",
        as_of="2020-10-01",  # WBL 2021 records laws in force on 1 October 2020
    ),
    "sdg_10_7_2": Source(
        producer="UN DESA Population Division and IOM, UN SDG Global Database (series SG_CPA_MIGRS)",
        edition="SDG indicator 10.7.2, all domains, 2019 and 2021 rounds",
        as_of="2021",
    ),
}

SDG_10_7_2_LABELS: dict[int, str] = {
    1: _("Requires further progress"),
    2: _("Partially meets"),
    3: _("Meets"),
    4: _("Fully meets"),
}


@dataclass(frozen=True)
class StockYear:
    """A country's emigrant or immigrant stock in one year; female_share is a percentage, None when total is 0."""

    year: int
    total: int
    male: int
    female: int
    female_share: float | None


@dataclass(frozen=True)
class Corridor:
    """A partner country's stock for one sex and year; share is a percentage of the country's stock for that sex."""

    partner_iso3: str
    partner_name: str
    stock: int
    share: float


@dataclass(frozen=True)
class WblYear:
    """Women, Business and the Law index and its eight indicator scores (0-100) for one report year."""

    year: int
    index: float
    mobility: float
    workplace: float
    pay: float
    marriage: float
    parenthood: float
    entrepreneurship: float
    assets: float
    pension: float


@dataclass(frozen=True)
class Sdg1072:
    """SDG 10.7.2 all-domains category (1-4) for one year, with its label (marked for translation)."""

    year: int
    category: int
    label: str


# --- loading: each data set once per process, on first use -----------------------------------------------------

_WBL_SCORES = ("wbl_index", "mobility", "workplace", "pay", "marriage", "parenthood", "entrepreneurship", "assets",
               "pension")

# Per table: the statement that reads the file (its path is the one parameter), then statements deriving from it.
_LOAD_SQL: dict[str, tuple[str, ...]] = {
    "stock": ("""
        CREATE TABLE stock AS SELECT * FROM read_csv(?, header = true, compression = 'gzip', columns = {
            'year': 'INTEGER', 'origin': 'VARCHAR', 'origin_iso3': 'VARCHAR', 'destination': 'VARCHAR',
            'destination_iso3': 'VARCHAR', 'stock_total': 'BIGINT', 'stock_male': 'BIGINT', 'stock_female': 'BIGINT'})
    """, "CREATE TABLE stock_areas AS SELECT origin_iso3 AS iso3 FROM stock UNION SELECT destination_iso3 FROM stock"),
    "wbl": ("""
        CREATE TABLE wbl AS SELECT * FROM read_csv(?, header = true, columns = {
            'iso3': 'VARCHAR', 'economy': 'VARCHAR', 'report_year': 'INTEGER', 'wbl_index': 'DOUBLE',
            'mobility': 'DOUBLE', 'workplace': 'DOUBLE', 'pay': 'DOUBLE', 'marriage': 'DOUBLE',
            'parenthood': 'DOUBLE', 'entrepreneurship': 'DOUBLE', 'assets': 'DOUBLE', 'pension': 'DOUBLE'})
    """,),
    "sdg": ("""
        CREATE TABLE sdg AS SELECT * FROM read_csv(?, header = true, columns = {
            'iso3': 'VARCHAR', 'entity': 'VARCHAR', 'year': 'INTEGER', 'category': 'INTEGER'})
    """,),
}
_FILES: dict[str, str] = {
    "stock": "undesa_ims2020_stock.csv.gz",
    "wbl": "wbl_1971_2021.csv",
    "sdg": "sdg_10_7_2.csv",
}


class _Store:
    """One in-memory DuckDB database per process; tables are loaded on first use, under a lock."""

    def __init__(self) -> None:
        """Start empty: nothing is read until a function needs it."""
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._loaded: frozenset[str] = frozenset()

    def cursor(self, table: str) -> duckdb.DuckDBPyConnection:
        """A new cursor on the database, with table loaded; each call gets its own, so threads do not share one."""
        connection = self._connection
        if connection is None or table not in self._loaded:
            connection = self._load(table)
        return connection.cursor()

    def _load(self, table: str) -> duckdb.DuckDBPyConnection:
        """Open the database if needed and load table if not yet loaded."""
        with self._lock:
            if self._connection is None:
                self._connection = duckdb.connect(":memory:", config={"threads": 1})
                self._loaded = frozenset()
            if table not in self._loaded:
                read, *derive = _LOAD_SQL[table]
                self._connection.execute(read, [str(DATA_DIR / _FILES[table])])
                for statement in derive:
                    self._connection.execute(statement)
                self._loaded = self._loaded | {table}
            return self._connection

    def after_fork(self) -> None:
        """In a forked child: start again with a fresh lock and database (the parent's may be mid-use)."""
        self._lock = threading.Lock()
        if self._connection is not None:
            # DuckDB is not fork-safe (duckdb/duckdb-python#292): freeing the parent's connection in the child hangs
            # or crashes the child, even at exit. So the child never frees it: one extra reference, never released.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(self._connection))
        self._connection = None
        self._loaded = frozenset()


_store = _Store()
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_store.after_fork)

# --- queries: fixed SQL texts, the country code and year always passed as parameters ------------------------------

# (filter column, partner code column, partner name column) for each direction
_SIDES: dict[str, tuple[str, str, str]] = {
    "emigrants": ("origin_iso3", "destination_iso3", "destination"),
    "immigrants": ("destination_iso3", "origin_iso3", "origin"),
}
_COLUMNS: dict[str, str] = {"female": "stock_female", "male": "stock_male", "total": "stock_total"}

_SERIES_SQL: dict[str, str] = {
    direction: f"""
        SELECT year, sum(stock_total), sum(stock_male), sum(stock_female)
        FROM stock WHERE {where} = ? GROUP BY year
    """
    for direction, (where, _partner, _name) in _SIDES.items()
}
_KNOWN_SQL = "SELECT count(*) FROM stock_areas WHERE iso3 = ?"
_CORRIDORS_SQL: dict[tuple[str, str], str] = {
    (direction, sex): f"""
        SELECT {partner}, {name}, {column}, 100.0::DOUBLE * {column} / sum({column}) OVER ()
        FROM stock WHERE {where} = ? AND year = ? AND {column} > 0
        ORDER BY {column} DESC, {partner}
        LIMIT ?
    """
    for direction, (where, partner, name) in _SIDES.items()
    for sex, column in _COLUMNS.items()
}
_WBL_SQL = f"SELECT report_year, {', '.join(_WBL_SCORES)} FROM wbl WHERE iso3 = ? ORDER BY report_year"
_SDG_SQL = "SELECT year, category FROM sdg WHERE iso3 = ? ORDER BY year"


def _code(iso3: str) -> str:
    """The code as the data spell it: upper case, no surrounding spaces."""
    return iso3.strip().upper()


def _check(name: str, value: str, allowed: Collection[str]) -> None:
    """Raise ValueError if value is not one of the allowed keys."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")


def stock_series(iso3: str, direction: Direction) -> list[StockYear]:
    """Emigrant or immigrant stock by sex for each year 1990-2020 (zeros if none); empty for a code not in the data."""
    _check("direction", direction, _SIDES)
    code = _code(iso3)
    with _store.cursor("stock") as cursor:
        known = cursor.execute(_KNOWN_SQL, [code]).fetchone()
        if not known or not known[0]:
            return []
        by_year = {row[0]: row[1:] for row in cursor.execute(_SERIES_SQL[direction], [code]).fetchall()}
    series = []
    for year in YEARS:
        total, male, female = (int(value) for value in by_year.get(year, (0, 0, 0)))
        series.append(StockYear(year, total, male, female, 100 * female / total if total else None))
    return series


def top_corridors(iso3: str, direction: Direction, sex: Sex, year: int = 2020, limit: int = 10) -> list[Corridor]:
    """The partner countries with the largest stock for sex in year (none with 0), largest first, ties by code."""
    _check("direction", direction, _SIDES)
    _check("sex", sex, _COLUMNS)
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    with _store.cursor("stock") as cursor:
        rows = cursor.execute(_CORRIDORS_SQL[(direction, sex)], [_code(iso3), year, limit]).fetchall()
    return [Corridor(partner, name, int(stock), share) for partner, name, stock, share in rows]


def wbl_series(iso3: str) -> list[WblYear]:
    """Women, Business and the Law index and indicators by report year; empty if the economy is not covered."""
    with _store.cursor("wbl") as cursor:
        rows = cursor.execute(_WBL_SQL, [_code(iso3)]).fetchall()
    return [WblYear(*row) for row in rows]


def sdg_10_7_2(iso3: str) -> list[Sdg1072]:
    """SDG 10.7.2 all-domains category by year, with its label; empty if the country has no data."""
    with _store.cursor("sdg") as cursor:
        rows = cursor.execute(_SDG_SQL, [_code(iso3)]).fetchall()
    return [Sdg1072(year, category, SDG_10_7_2_LABELS[category]) for year, category in rows]
