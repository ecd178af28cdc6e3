"""Benchmark `grmg indicators compute` against hand-written DuckDB SQL and pandas on synthetic microdata.

    python benchmarks/compute.py --rows 10000000

Generates (or reuses) a Parquet file under /tmp, then runs each contender in a fresh subprocess so that its wall
time and peak memory (max RSS, from wait4) are its own:

  (a)  grmg: read benchmarks/standard_spec.yaml, compute every indicator with disclosure control, write the CSV;
  (b)  hand-written DuckDB SQL, one GROUPING SETS query with `sum(…) FILTER (WHERE …)` aggregates;
  (b′) the same hand-written query with the aggregates over per-row CASE values (DuckDB's faster form);
  (c)  pandas: load the columns needed, one groupby per grouping set.

All compute the same numbers: for each of the 7 standard indicators, the weighted numerator and denominator sums and
the units (row count) for each of the 14 grouping sets of the spec's disaggregations. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "standard_spec.yaml"
DIMENSIONS = ("sex", "destination", "occupation", "age_group", "area", "sector")
# The 14 grouping sets of the standard spec, written out by hand: the cubes of the groups [sex], [sex, destination],
# [sex, occupation], [sex, age_group], [sex, area] and [sex, destination, sector].
GROUPING_SETS = (
    (), ("sex",), ("destination",), ("occupation",), ("age_group",), ("area",), ("sector",),
    ("sex", "destination"), ("sex", "occupation"), ("sex", "age_group"), ("sex", "area"), ("sex", "sector"),
    ("destination", "sector"), ("sex", "destination", "sector"),
)
INDICATORS = ("REC_COST_SHARE", "CONTRACT_BEFORE_DEPARTURE", "DOCUMENTS_WITHHELD", "COMPLAINTS_PER_1000",
              "COMPLAINTS_RESOLVED", "TRAINED_PREDEPARTURE", "WORKERS_DEPLOYED")

HAND_SQL_FILTER = """
SELECT GROUPING(sex, destination, occupation, age_group, area, sector) AS grouping_id,
       sex, destination, occupation, age_group, area, sector,
       -- REC_COST_SHARE: mean of recruitment cost / monthly income (SDG 10.7.1)
       sum(weight * (recruitment_cost / monthly_income))
           FILTER (WHERE monthly_income > 0 AND recruitment_cost IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE monthly_income > 0 AND recruitment_cost IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE monthly_income > 0 AND recruitment_cost IS NOT NULL AND weight IS NOT NULL),
       -- CONTRACT_BEFORE_DEPARTURE, %
       sum(weight * 100 * CAST(contract_before_departure AS INTEGER))
           FILTER (WHERE contract_before_departure IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE contract_before_departure IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE contract_before_departure IS NOT NULL AND weight IS NOT NULL),
       -- DOCUMENTS_WITHHELD, %
       sum(weight * 100 * CAST(documents_withheld AS INTEGER))
           FILTER (WHERE documents_withheld IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE documents_withheld IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE documents_withheld IS NOT NULL AND weight IS NOT NULL),
       -- COMPLAINTS_PER_1000
       sum(weight * 1000 * CAST(complaint_filed AS INTEGER))
           FILTER (WHERE complaint_filed IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE complaint_filed IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE complaint_filed IS NOT NULL AND weight IS NOT NULL),
       -- COMPLAINTS_RESOLVED, % of complaints filed
       sum(weight * 100 * CAST(complaint_resolved AS INTEGER))
           FILTER (WHERE complaint_filed AND complaint_resolved IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE complaint_filed AND complaint_resolved IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE complaint_filed AND complaint_resolved IS NOT NULL AND weight IS NOT NULL),
       -- TRAINED_PREDEPARTURE, %
       sum(weight * 100 * CAST(trained_predeparture AS INTEGER))
           FILTER (WHERE trained_predeparture IS NOT NULL AND weight IS NOT NULL),
       sum(weight) FILTER (WHERE trained_predeparture IS NOT NULL AND weight IS NOT NULL),
       count(*) FILTER (WHERE trained_predeparture IS NOT NULL AND weight IS NOT NULL),
       -- WORKERS_DEPLOYED: weighted count (no denominator)
       sum(weight) FILTER (WHERE migration_status <> 'returnee' AND weight IS NOT NULL),
       NULL,
       count(*) FILTER (WHERE migration_status <> 'returnee' AND weight IS NOT NULL)
FROM read_parquet('{path}')
WHERE year = 2024
GROUP BY GROUPING SETS (
    (), (sex), (destination), (occupation), (age_group), (area), (sector),
    (sex, destination), (sex, occupation), (sex, age_group), (sex, area), (sex, sector),
    (destination, sector), (sex, destination, sector)
)
"""

HAND_SQL_CASE = """
SELECT GROUPING(sex, destination, occupation, age_group, area, sector) AS grouping_id,
       sex, destination, occupation, age_group, area, sector,
       sum(rec_n), sum(rec_d), count(rec_n),
       sum(contract_n), sum(contract_d), count(contract_n),
       sum(documents_n), sum(documents_d), count(documents_n),
       sum(complaints_n), sum(complaints_d), count(complaints_n),
       sum(resolved_n), sum(resolved_d), count(resolved_n),
       sum(trained_n), sum(trained_d), count(trained_n),
       sum(deployed_n), NULL, count(deployed_n)
FROM (
    SELECT sex, destination, occupation, age_group, area, sector,
           -- a value when the row counts for the indicator, NULL otherwise: count(x_n) is the units
           CASE WHEN monthly_income > 0 THEN weight * (recruitment_cost / monthly_income) END AS rec_n,
           CASE WHEN monthly_income > 0 AND recruitment_cost IS NOT NULL THEN weight END AS rec_d,
           weight * 100 * CAST(contract_before_departure AS INTEGER) AS contract_n,
           CASE WHEN contract_before_departure IS NOT NULL THEN weight END AS contract_d,
           weight * 100 * CAST(documents_withheld AS INTEGER) AS documents_n,
           CASE WHEN documents_withheld IS NOT NULL THEN weight END AS documents_d,
           weight * 1000 * CAST(complaint_filed AS INTEGER) AS complaints_n,
           CASE WHEN complaint_filed IS NOT NULL THEN weight END AS complaints_d,
           CASE WHEN complaint_filed THEN weight * 100 * CAST(complaint_resolved AS INTEGER) END AS resolved_n,
           CASE WHEN complaint_filed AND complaint_resolved IS NOT NULL THEN weight END AS resolved_d,
           weight * 100 * CAST(trained_predeparture AS INTEGER) AS trained_n,
           CASE WHEN trained_predeparture IS NOT NULL THEN weight END AS trained_d,
           CASE WHEN migration_status <> 'returnee' THEN weight END AS deployed_n
    FROM read_parquet('{path}')
    WHERE year = 2024
)
GROUP BY GROUPING SETS (
    (), (sex), (destination), (occupation), (age_group), (area), (sector),
    (sex, destination), (sex, occupation), (sex, age_group), (sex, area), (sex, sector),
    (destination, sector), (sex, destination, sector)
)
"""


def run_engine(data: Path, out: Path) -> None:
    """(a) The engine, as the CLI runs it: read the spec, compute with suppression, write the CSV."""
    from grmg.core.indicators.compute import compute, write_csv
    from grmg.core.indicators.spec import read_spec

    specs = read_spec(SPEC.read_text(encoding="utf-8"), str(SPEC))
    write_csv(compute(data, specs), out)


def run_sql(data: Path, out: Path, query: str) -> None:
    """(b) Hand-written DuckDB SQL: one GROUPING SETS query, its rows written as CSV."""
    import duckdb

    rows = duckdb.connect().execute(query.format(path=str(data).replace("'", "''"))).fetchall()
    with out.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)


def run_pandas(data: Path, out: Path) -> None:
    """(c) pandas: the columns needed, per-indicator value columns, then one groupby per grouping set."""
    import pandas as pd

    df = pd.read_parquet(data, columns=[
        *DIMENSIONS, "year", "weight", "recruitment_cost", "monthly_income", "contract_before_departure",
        "documents_withheld", "complaint_filed", "complaint_resolved", "trained_predeparture", "migration_status"])
    df = df[df["year"] == 2024]
    weight = df["weight"]

    def share(flag: pd.Series, scale: int, when: pd.Series | None) -> tuple[pd.Series, pd.Series]:
        """Numerator and denominator columns of a share of a true/false column, NULL where the row does not count."""
        counts = flag.notna() & weight.notna() & (True if when is None else when)
        return (weight * scale * flag.astype("float64")).where(counts), weight.where(counts)

    values: dict[str, pd.Series] = {}
    rec = (df["monthly_income"] > 0) & df["recruitment_cost"].notna() & weight.notna()
    values["n0"] = (weight * (df["recruitment_cost"] / df["monthly_income"])).where(rec)
    values["d0"] = weight.where(rec)
    for i, (column, scale, when) in enumerate([
            ("contract_before_departure", 100, None), ("documents_withheld", 100, None),
            ("complaint_filed", 1000, None), ("complaint_resolved", 100, df["complaint_filed"]),
            ("trained_predeparture", 100, None)], start=1):
        values[f"n{i}"], values[f"d{i}"] = share(df[column], scale, when)
    values["n6"] = weight.where((df["migration_status"] != "returnee") & weight.notna())
    frame = pd.DataFrame({**{d: df[d] for d in DIMENSIONS}, **values})
    del df
    numbers = [c for c in frame.columns if c not in DIMENSIONS]
    counted = [f"n{i}" for i in range(len(INDICATORS))]
    results = []
    for keys in GROUPING_SETS:
        if keys:
            grouped = frame.groupby(list(keys), dropna=False, sort=False, observed=True)
            sums, units = grouped[numbers].sum(min_count=1), grouped[counted].count()
        else:
            sums, units = frame[numbers].sum(min_count=1).to_frame().T, frame[counted].count().to_frame().T
        results.append(pd.concat([sums, units.add_prefix("u")], axis=1).reset_index().assign(set=",".join(keys)))
    pd.concat(results).to_csv(out, index=False)


def measure(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (bytes) of one subprocess."""
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def check_cells(engine_csv: Path, sql_csv: Path) -> str:
    """Compare every cell of (a) with (b): the same units, and the same value where (a) publishes one."""
    k = len(DIMENSIONS)
    expected: dict[tuple[str, tuple[str, ...]], tuple[int, float | None]] = {}
    with sql_csv.open(newline="") as stream:
        for row in csv.reader(stream):
            grouping = int(row[0])
            # NULL in a grouped column is the data's NULL (grmg writes `_missing`); in the others, the total.
            key = tuple((row[1 + j] or "_missing") if not grouping >> (k - 1 - j) & 1 else "" for j in range(k))
            for i, code in enumerate(INDICATORS):
                numerator, denominator, units = row[1 + k + 3 * i: 4 + k + 3 * i]
                if int(units):
                    value = float(numerator) / float(denominator) if denominator else float(numerator)
                    expected[code, key] = (int(units), value)
    with engine_csv.open(newline="") as stream:
        cells = {(row["indicator"], tuple(row[d] for d in DIMENSIONS)): row for row in csv.DictReader(stream)}
    if set(cells) != set(expected):
        return f"the cells of (a) and (b) differ: {len(set(cells) ^ set(expected))} not in both"
    worst = 0.0
    for cell, written in cells.items():
        want_units, want_value = expected[cell]
        if written["status"] == "published":
            if int(written["units"]) != want_units:
                return f"units differ for {cell}"
            if written["value"] and want_value is not None:
                worst = max(worst, abs(float(written["value"]) - want_value) / max(abs(want_value), 1e-300))
    suppressed = sum(written["status"] == "suppressed" for written in cells.values())
    verdict = "agree" if worst < 1e-9 else "DISAGREE"
    return (f"(a) and (b) {verdict}: the same {len(cells):,} cells, units equal, published values within "
            f"{worst:.1e} (relative); (a) suppresses {suppressed:,} of them")


def main() -> None:
    """Generate or reuse the data, run every contender, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender; the median time is shown")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/grmg-bench"))
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--child", choices=["engine", "sql-filter", "sql-case", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        {"engine": run_engine, "pandas": run_pandas,
         "sql-filter": lambda d, o: run_sql(d, o, HAND_SQL_FILTER),
         "sql-case": lambda d, o: run_sql(d, o, HAND_SQL_CASE)}[arguments.child](arguments.data, arguments.out)
        return

    import duckdb
    import psutil

    arguments.dir.mkdir(parents=True, exist_ok=True)
    data = arguments.dir / f"microdata-{arguments.rows}-seed{arguments.seed}.parquet"
    if not data.exists():
        print(f"generating {arguments.rows:,} rows in {data} …", file=sys.stderr)
        partial = data.with_suffix(".partial")
        subprocess.run([sys.executable, str(ROOT / "microdata.py"), str(partial), "--rows", str(arguments.rows),
                        "--seed", str(arguments.seed)], check=True)
        partial.rename(data)
    with data.open("rb") as stream:  # the file in the page cache for every contender alike
        while stream.read(1 << 24):
            pass

    contenders = [("a", "grmg compute (suppression, CSV)", "engine"),
                  ("b", "hand-written DuckDB SQL, FILTER aggregates", "sql-filter"),
                  ("b′", "hand-written DuckDB SQL, CASE aggregates", "sql-case")]
    if not arguments.skip_pandas:
        contenders.append(("c", "pandas groupby", "pandas"))
    times: dict[str, list[float]] = {label: [] for label, _name, _child in contenders}
    peaks: dict[str, list[int]] = {label: [] for label, _name, _child in contenders}
    for repeat in range(arguments.repeat):
        for label, _name, child in contenders:
            if child == "pandas" and repeat > 0 and times[label][0] > 120:
                continue  # one slow pandas run is enough
            out = arguments.dir / f"out-{child}.csv"
            elapsed, peak = measure([sys.executable, __file__, "--child", child, "--data", str(data),
                                     "--out", str(out)])
            times[label].append(elapsed)
            peaks[label].append(peak)
            print(f"  {label} run {repeat + 1}: {elapsed:.2f} s, {peak / 2**20:.0f} MiB", file=sys.stderr)

    wall = {label: statistics.median(values) for label, values in times.items()}
    rss = {label: max(values) for label, values in peaks.items()}
    memory = psutil.virtual_memory().total
    print(f"\n{arguments.rows:,} rows ({data.stat().st_size / 2**20:.0f} MiB Parquet), standard spec: "
          f"{len(INDICATORS)} indicators, {len(GROUPING_SETS)} grouping sets; median of {arguments.repeat} runs.")
    print(f"Machine: {os.cpu_count()} CPUs ({platform.machine()}, {platform.processor() or platform.system()}), "
          f"{memory / 2**30:.1f} GiB RAM; Python {platform.python_version()}, DuckDB {duckdb.__version__}.\n")
    print("| run | wall time (s) | peak RSS (MiB) | time ÷ (b) | RSS ÷ (b) | time ÷ (b′) | RSS ÷ (b′) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, name, _child in contenders:
        print(f"| ({label}) {name} | {wall[label]:.2f} | {rss[label] / 2**20:.0f} | "
              f"{wall[label] / wall['b']:.2f} | {rss[label] / rss['b']:.2f} | "
              f"{wall[label] / wall['b′']:.2f} | {rss[label] / rss['b′']:.2f} |")
    print(f"\n{check_cells(arguments.dir / 'out-engine.csv', arguments.dir / 'out-sql-filter.csv')}")


if __name__ == "__main__":
    main()
