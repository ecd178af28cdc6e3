"""Indicators from unit records in one scan of the data: checked expressions, GROUPING SETS, disclosure control.

Every indicator of a spec is computed by one DuckDB statement that reads the data file once. Its tables are the cubes
of its `by` groups (every subset of every group; the grand total always). The statement

1. scans the data once, grouping by the *maximal* grouping sets of the union of all the cubes (those no other set
   contains), with three aggregates per indicator: `sum(n)`, `sum(d)` and `count(n)`, where per row `n` is
   `w * (numerator)` and `d` is `w * (denominator)` when the row counts for the indicator, NULL when it does not;
2. rolls every other grouping set up from the first maximal set that contains it: sums and counts are additive, and
   the maximal sets have a few thousand rows where the data has millions;
3. tells the grouping sets apart with GROUPING(), so a NULL in the data is never taken for a total.

This is the design of one GROUPING SETS query with `sum(w * (num)) FILTER (WHERE filter)` aggregates, made faster
with the same results: DuckDB evaluates a FILTER once per grouping set (CASE values are computed once per row), and
the roll-up runs the costly grouping over the data for 4 sets instead of 14 (the standard spec). AND terms common to
every indicator's filter become the scan's WHERE (a row failing one counts for no cell).

A row counts as a unit of a cell when it passes the filter and its numerator, denominator (if any) and weight (if
any) are not NULL; only those rows enter the sums, so a cell's numerator and denominator rest on the same rows. A
true/false numerator or denominator counts 1 for true and 0 for false. A NULL (or empty) dimension value is written
`_missing`, never blank (blank is the total); a value spelt `_missing` in the data would share its cell. A cell no row
of the indicator falls in is not part of its table (it would have 0 units), except the grand total. A value that is
not a finite number (a ratio over a zero denominator, a division by zero in some row) is published blank.

DuckDB runs out of core: a memory limit (default half the machine's memory) and a spill directory, so a file larger
than memory still computes. The connection reads the data file and nothing else (external access off, settings
locked) whatever an expression says, on top of the expression allow-list. Sums run in parallel: the last one or two
of the 17 significant digits of a value may differ from run to run; units and statuses never do.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, TextIO

import duckdb
import psutil

from grmg.core.disclosure import Suppression, Table, protect
from grmg.core.i18n import _
from grmg.core.indicators.expressions import NUMERIC_TYPES, CheckedIndicator, check_indicators
from grmg.core.indicators.spec import IndicatorSpec
from grmg.core.problems import InputError, Problem

Progress = Callable[[int, int, str], None]
Status = Literal["published", "suppressed"]
Reason = Literal["primary", "secondary", ""]
MISSING = "_missing"
# Guards against a spec (maybe uploaded) that asks for too much: the union of the cubes of all the groups.
MAX_DIMENSIONS = 32
MAX_GROUPING_SETS = 1024
_PREFIX = "__grmg_"  # internal column names in the query; a data column may not start with it
_EMPTY = f"{_PREFIX}empty"
_PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class Cell:
    """One cell of one indicator's table; a suppressed cell keeps its numbers here but is written blank."""

    indicator: str
    key: dict[str, str | None]  # every dimension of the result; None = total over that dimension
    value: float | None
    units: int | None
    numerator: float | None
    denominator: float | None
    status: Status
    reason: Reason


@dataclass(frozen=True)
class ComputeResult:
    """The cells of every indicator, sorted, and the dimensions (columns) they are keyed by."""

    dimensions: tuple[str, ...]
    cells: list[Cell]


def compute(data: Path, specs: Sequence[IndicatorSpec], *, progress: Progress | None = None,
            memory_limit: str | None = None, temp_directory: Path | None = None,
            spec_source: str = "spec") -> ComputeResult:
    """Compute the indicators over a CSV or Parquet file; InputError names the data file or `spec_source`."""
    # Everything is checked before the scan: the file, its weight and `by` columns, then every expression.
    # `memory_limit` is a DuckDB size such as "4GB"; DuckDB spills to `temp_directory` (default: a fresh one).
    source = str(data)
    dimensions = tuple(dict.fromkeys(d for spec in specs for d in spec.dimensions))
    plan = _plan(specs, dimensions)
    if len(dimensions) > MAX_DIMENSIONS or sum(map(len, plan.rollups)) > MAX_GROUPING_SETS:
        raise InputError(spec_source, [Problem("indicators", _(
            "too many disaggregations: at most %d dimensions and %d grouping sets in all")
            % (MAX_DIMENSIONS, MAX_GROUPING_SETS))])
    with _session(data, memory_limit, temp_directory) as con:
        columns = _data_columns(con, source)
        _check_data_columns(specs, columns, source)
        con.execute(f"CREATE TEMP TABLE {_EMPTY} AS SELECT * FROM data LIMIT 0")
        checked = check_indicators(con, _EMPTY, specs, spec_source, progress)
        if not checked:
            return ComputeResult(dimensions, [])
        query, names = _query(checked, plan)
        rows = _run(con, query, source, progress)
    cells = _cells(checked, plan, names, rows, progress)
    return ComputeResult(dimensions, cells)


def write_csv(result: ComputeResult, out: Path | str | TextIO, progress: Progress | None = None) -> None:
    """Write the tidy CSV of the contract: indicator, one column per dimension, value, units, status."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            write_csv(result, stream, progress)
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", *result.dimensions, "value", "units", "status"])
    total = len(result.cells)
    for n, cell in enumerate(result.cells, start=1):
        published = cell.status == "published"
        writer.writerow([
            cell.indicator,
            *("" if cell.key.get(d) is None else cell.key[d] for d in result.dimensions),
            _number(cell.value) if published else "",
            "" if not published or cell.units is None else str(cell.units),
            cell.status,
        ])
        if progress and (n % 10_000 == 0 or n == total):
            progress(n, total, "write")
    if progress and not total:
        progress(0, 0, "write")


def to_csv_text(result: ComputeResult) -> str:
    """The tidy CSV as a string (for small results and tests)."""
    stream = io.StringIO()
    write_csv(result, stream)
    return stream.getvalue()


def _number(value: float | None) -> str:
    """A value as written in the CSV: whole numbers without a decimal point, others in full (repr)."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def default_memory_limit() -> str:
    """Half the machine's memory, as a DuckDB size."""
    return f"{int(psutil.virtual_memory().total * 0.5) // 2**20}MiB"


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def _session(data: Path, memory_limit: str | None,
             temp_directory: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with a view `data` over the file, locked down to read that file and nothing else."""
    source = str(data)
    reader = _reader(data)
    spill = Path(tempfile.mkdtemp(prefix="grmg-compute-")) if temp_directory is None else temp_directory
    try:
        spill.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(":memory:", config={
            "memory_limit": memory_limit or default_memory_limit(),
            "temp_directory": str(spill),
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        })
        try:
            try:
                con.execute(f"CREATE VIEW data AS SELECT * FROM {reader}")
            except duckdb.Error as exc:
                raise _unreadable(source, data, exc) from None
            con.execute("SET enable_progress_bar = true")
            con.execute("SET enable_progress_bar_print = false")
            con.execute(f"SET allowed_paths = [{_quote(str(data.resolve()))}, {_quote(str(data))}]")
            con.execute(f"SET allowed_directories = [{_quote(str(spill.resolve()))}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            yield con
        finally:
            con.close()
    finally:
        if temp_directory is None:
            shutil.rmtree(spill, ignore_errors=True)


def _reader(data: Path) -> str:
    """The DuckDB table function that reads the file (Parquet by its magic bytes, else CSV with a header)."""
    source = str(data)
    if not data.exists():
        raise InputError(source, [Problem("", _("no such file"))])
    if not data.is_file():
        raise InputError(source, [Problem("", _("not a file"))])
    try:
        with data.open("rb") as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise InputError(source, [Problem("", _("cannot read the file: %s") % exc.strerror)]) from None
    path = _quote(str(data))
    if head[:4] == b"PAR1":
        return f"read_parquet({path})"
    if data.suffix.lower() in _PARQUET_SUFFIXES:
        raise InputError(source, [Problem("", _("not a Parquet file"))])
    compressed = head[:2] == b"\x1f\x8b" and data.suffix.lower() == ".gz"
    if not head or (b"\x00" in head and not compressed):
        message = _("not a CSV file with a header row") if head else _("the file is empty")
        raise InputError(source, [Problem("", message)])
    return f"read_csv({path}, header = true)"


def _unreadable(source: str, data: Path, exc: duckdb.Error) -> InputError:
    """The InputError for a file DuckDB cannot open."""
    kind = "Parquet" if data.suffix.lower() in _PARQUET_SUFFIXES else "CSV"
    return InputError(source, [Problem("", _("cannot read the file as %s: %s") % (kind, _first_line(exc)))])


def _first_line(exc: BaseException) -> str:
    """The first line of an error message, at most 300 characters."""
    text = str(exc).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(exc).__name__
    return line if len(line) <= 300 else line[:299] + "…"


def _data_columns(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """The data's column names and DuckDB types (reads the file's header or metadata, not its rows)."""
    try:
        rows = con.execute("DESCRIBE SELECT * FROM data").fetchall()
    except duckdb.Error as exc:
        raise InputError(source, [Problem("", _("cannot read the file: %s") % _first_line(exc))]) from None
    columns = {str(row[0]): str(row[1]) for row in rows}
    reserved = [name for name in columns if name.lower().startswith(_PREFIX)]
    if reserved:
        raise InputError(source, [Problem("", _("column names starting with %s are reserved: %s")
                                          % (_PREFIX, ", ".join(reserved)))])
    return columns


def _check_data_columns(specs: Sequence[IndicatorSpec], columns: dict[str, str], source: str) -> None:
    """The weight and `by` columns must be in the data, spelled as in the data; a weight must hold numbers."""
    lower = {name.lower(): name for name in columns}
    problems: list[Problem] = []

    def missing(name: str) -> str:
        """The message for a column not in the data, with the column of the same name in other letter case."""
        near = lower.get(name.lower())
        hint = _(" (did you mean %r?)") % near if near else ""
        return _("column %r is not in the data") % name + hint

    for n, spec in enumerate(specs):
        where = f"indicators[{n}] ({spec.code})"
        if spec.weight is not None:
            if spec.weight not in columns:
                problems.append(Problem(f"{where}.weight", missing(spec.weight)))
            elif columns[spec.weight].split("(")[0] not in NUMERIC_TYPES:
                problems.append(Problem(f"{where}.weight", _("column %r holds %s, not numbers")
                                        % (spec.weight, columns[spec.weight])))
        problems += [Problem(f"{where}.by", missing(d)) for d in spec.dimensions if d not in columns]
    if problems:
        raise InputError(source, problems)


def _cube(group: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every subset of a group, the empty one included."""
    for mask in range(2 ** len(group)):
        yield tuple(d for j, d in enumerate(group) if mask >> j & 1)


def _cube_sets(spec: IndicatorSpec) -> set[frozenset[str]]:
    """The grouping sets of one indicator's table: every subset of every group, and the grand total."""
    return {frozenset(s) for group in spec.by for s in _cube(group)} | {frozenset()}


@dataclass(frozen=True)
class _Plan:
    """Which grouping sets the scan computes (the maximal ones) and which sets each one rolls up to."""

    dimensions: tuple[str, ...]
    maximal: tuple[tuple[str, ...], ...]  # in dimension order
    rollups: tuple[tuple[frozenset[str], ...], ...]  # per maximal set: the sets computed from its rows


def _plan(specs: Sequence[IndicatorSpec], dimensions: tuple[str, ...]) -> _Plan:
    """Every set of the union of the indicators' cubes is rolled up from the first maximal set that contains it."""
    order = {d: j for j, d in enumerate(dimensions)}
    sets = sorted(set().union(*(_cube_sets(spec) for spec in specs)) if specs else {frozenset()},
                  key=lambda s: (-len(s), sorted(order[d] for d in s)))
    maximal = [s for s in sets if not any(s < other for other in sets)]
    rollups: list[list[frozenset[str]]] = [[] for _ in maximal]
    for s in sets:
        rollups[next(n for n, m in enumerate(maximal) if s <= m)].append(s)
    return _Plan(dimensions, tuple(tuple(d for d in dimensions if d in m) for m in maximal),
                 tuple(tuple(r) for r in rollups))


def _query(checked: Sequence[CheckedIndicator], plan: _Plan) -> tuple[str, list[str]]:
    """One statement, one scan: the maximal grouping sets from the data, every set rolled up from them."""
    # The scan groups the raw columns (fastest); the roll-up, over a few thousand rows, spells values as text and
    # NULL or '' as `_missing`. Returns the SQL and the names of the aggregate columns, in order.
    dims = plan.dimensions
    common = _common_conjuncts(checked)
    columns: list[str] = []
    per_row: list[str] = []
    for i, ind in enumerate(checked):
        weight = _identifier(ind.spec.weight) if ind.spec.weight else None
        own_filter = [c for c in ind.filter_conjuncts if c not in common]
        when_n = [f"({' AND '.join(f'({c})' for c in own_filter)})"] if own_filter else []
        when_d = list(when_n)
        if ind.denominator:
            when_n.append(f"({ind.denominator}) IS NOT NULL")
            when_d.append(f"({ind.numerator}) IS NOT NULL")
        per_row.append(f"{_case(when_n, _weighted(weight, ind.numerator))} AS {_PREFIX}n{i}")
        columns.append(f"{_PREFIX}n{i}")
        if ind.denominator:
            per_row.append(f"{_case(when_d, _weighted(weight, ind.denominator))} AS {_PREFIX}d{i}")
            columns.append(f"{_PREFIX}d{i}")
    aggregates = [f"sum({c}) AS {c}" for c in columns]
    aggregates += [f"count({_PREFIX}n{i}) AS {_PREFIX}u{i}" for i in range(len(checked))]
    names = [*columns, *(f"{_PREFIX}u{i}" for i in range(len(checked)))]
    quoted = [_identifier(d) for d in dims]
    grouping = f"GROUPING({', '.join(quoted)})" if dims else "0"
    scan = (f"SELECT {grouping} AS {_PREFIX}set, {', '.join([*quoted, *aggregates])} "
            f"FROM (SELECT {', '.join([*quoted, *per_row])} FROM data"
            + (f" WHERE {' AND '.join(f'({c})' for c in common)}" if common else "") + ")")
    if dims:
        sets = ", ".join(f"({', '.join(map(_identifier, m))})" for m in plan.maximal)
        scan += f" GROUP BY GROUPING SETS ({sets})"
    parts = []
    for n, (maximal, rollups) in enumerate(zip(plan.maximal, plan.rollups, strict=True)):
        mask = sum(1 << (len(dims) - 1 - j) for j, d in enumerate(dims) if d not in maximal)
        text = [f"coalesce(nullif(CAST({_identifier(d)} AS VARCHAR), ''), {_quote(MISSING)}) AS {_identifier(d)}"
                for d in maximal]
        own = f"GROUPING({', '.join(map(_identifier, maximal))})" if maximal else "0"
        select = [f"{n} AS {_PREFIX}part", f"{own} AS {_PREFIX}set",
                  *(_identifier(d) if d in maximal else f"NULL AS {_identifier(d)}" for d in dims),
                  *(f"sum({c}) AS {c}" for c in names)]
        part = (f"SELECT {', '.join(select)} FROM (SELECT {', '.join([*text, *names])} FROM {_PREFIX}scan "
                f"WHERE {_PREFIX}set = {mask})")
        if maximal:
            part += " GROUP BY GROUPING SETS (" + ", ".join(
                "(" + ", ".join(_identifier(d) for d in maximal if d in s) + ")" for s in rollups) + ")"
        parts.append(part)
    return f"WITH {_PREFIX}scan AS MATERIALIZED ({scan}) " + " UNION ALL ".join(parts), names


def _common_conjuncts(checked: Sequence[CheckedIndicator]) -> list[str]:
    """The AND terms in every indicator's filter: a row failing one counts for no cell, so the scan skips it."""
    if not checked or any(not ind.filter_conjuncts for ind in checked):
        return []
    return [c for c in dict.fromkeys(checked[0].filter_conjuncts) if all(c in ind.filter_conjuncts for ind in checked)]


def _case(conditions: list[str], value: str) -> str:
    """The value when every condition holds, else NULL."""
    return f"CASE WHEN {' AND '.join(conditions)} THEN {value} END" if conditions else value


def _weighted(weight: str | None, expression: str) -> str:
    """The expression times the weight column, if any."""
    return f"{weight} * ({expression})" if weight else f"({expression})"


def _run(con: duckdb.DuckDBPyConnection, query: str, source: str, progress: Progress | None) -> list[tuple[Any, ...]]:
    """Run the query (the one scan of the data), reporting DuckDB's progress in percent when asked."""
    outcome: list[list[tuple[Any, ...]]] = []
    failure: list[BaseException] = []

    def work() -> None:
        """Run the query, keeping its rows or its exception for the calling thread."""
        try:
            outcome.append(con.execute(query).fetchall())
        except BaseException as exc:  # handed to the calling thread
            failure.append(exc)

    if progress is None:
        work()
    else:
        progress(0, 100, "aggregate")
        thread = threading.Thread(target=work, name="grmg-compute", daemon=True)
        thread.start()
        done = 0
        try:
            while thread.is_alive():
                thread.join(0.2)
                percent = int(con.query_progress())
                if 0 < percent < 100 and percent > done:
                    done = percent
                    progress(done, 100, "aggregate")
        except BaseException:
            con.interrupt()
            thread.join()
            raise
        progress(100, 100, "aggregate")
    if failure:
        exc = failure[0]
        if isinstance(exc, duckdb.ConversionException | duckdb.InvalidInputException | duckdb.IOException
                      | duckdb.OutOfRangeException | duckdb.PermissionException):
            raise InputError(source, [Problem("", _("cannot compute over the data: %s") % _first_line(exc))]) from exc
        raise exc
    return outcome[0]


def _cells(checked: Sequence[CheckedIndicator], plan: _Plan, names: list[str], rows: list[tuple[Any, ...]],
           progress: Progress | None) -> list[Cell]:
    """Each indicator's cells from the rows of the grouping sets it uses, with disclosure control applied."""
    dims = plan.dimensions
    k = len(dims)
    at = {name: 2 + k + j for j, name in enumerate(names)}
    decoded: dict[tuple[int, int], frozenset[str]] = {}
    by_set: dict[frozenset[str], list[tuple[Any, ...]]] = {}
    for row in rows:
        used = decoded.get((row[0], row[1]))
        if used is None:
            maximal, local = plan.maximal[row[0]], int(row[1])
            used = frozenset(d for j, d in enumerate(maximal) if not local >> (len(maximal) - 1 - j) & 1)
            decoded[row[0], row[1]] = used
        by_set.setdefault(used, []).append(row)
    # Output order: fewest dimensions first; then a dimension's rows before the next one's; then by value. Within a
    # set the totals (None) sit at the same places in every key, so keys compare as plain tuples.
    in_order = sorted(by_set, key=lambda s: (len(s), tuple(d not in s for d in dims)))
    position = {d: j for j, d in enumerate(dims)}
    cells: list[Cell] = []
    for i, ind in enumerate(checked):
        spec = ind.spec
        at_n, at_d, at_u = at[f"{_PREFIX}n{i}"], at.get(f"{_PREFIX}d{i}"), at[f"{_PREFIX}u{i}"]
        wanted = _cube_sets(spec)
        found: dict[tuple[str | None, ...], tuple[int, float | None, float | None]] = {}
        for used in in_order:
            if used in wanted:
                for row in sorted(by_set[used], key=lambda row: row[2:2 + k]):
                    if row[at_u]:
                        found[row[2:2 + k]] = (int(row[at_u]), _float(row[at_n]),
                                               None if at_d is None else _float(row[at_d]))
        own = _projection([position[d] for d in spec.dimensions], k)
        if found:  # the grand total is first, with every unit of the indicator
            decision = protect(Table(dimensions=spec.dimensions, groups=spec.by or ((),),  # no `by`: the total
                                     units={own(key): numbers[0] for key, numbers in found.items()}),
                               min_units=spec.min_units)
        else:  # no row counts for the indicator: its table is the grand total, 0 units, not published
            found[(None,) * k] = (0, None, None)
            decision = Suppression(primary=frozenset({own((None,) * k)}), secondary=frozenset())
        ratio = ind.denominator is not None
        for key, (units, numerator, denominator) in found.items():
            own_key = own(key)
            reason: Reason = ("primary" if own_key in decision.primary
                              else "secondary" if own_key in decision.secondary else "")
            cells.append(Cell(spec.code, dict(zip(dims, key, strict=True)), _value(numerator, denominator, ratio),
                              units, numerator, denominator, "suppressed" if reason else "published", reason))
        if progress:
            progress(i + 1, len(checked), "suppress")
    return cells


def _projection(positions: list[int], k: int) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """A function from a key over all the result's dimensions to the key over some of them."""
    if positions == list(range(k)):
        return lambda key: key
    if len(positions) < 2:
        return lambda key: tuple(key[j] for j in positions)
    return itemgetter(*positions)


def _float(number: Any) -> float | None:
    """A sum from DuckDB (int, Decimal or float) as a float."""
    return None if number is None else float(number)


def _value(numerator: float | None, denominator: float | None, ratio: bool) -> float | None:
    """The cell's value: the ratio of the sums (or the numerator's sum), None if not a finite number."""
    if numerator is None:
        return None
    if ratio:
        if not denominator:
            return None
        value = numerator / denominator
    else:
        value = numerator
    return value if math.isfinite(value) else None
