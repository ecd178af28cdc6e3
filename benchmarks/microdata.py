"""Realistic synthetic labour-migration microdata (a departure/return survey) as Parquet, written in chunks.

One row per migrant worker: who (sex, age, disability), where (destination, origin area), what work (sector, ISCO
occupation), how they migrated (status, contract, training, documents, complaints) and money (recruitment cost,
monthly income, in USD). Distributions are invented but shaped like the real thing: a few Gulf and Asian corridors
dominate, women are concentrated in domestic work in some corridors, recruitment costs are skewed and often zero.
Memory stays constant: each chunk of rows is generated from its own seed and written as its own row group.

    python benchmarks/microdata.py /tmp/microdata.parquet --rows 1000000 --seed 1
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CHUNK = 500_000
YEARS = {2022: 0.20, 2023: 0.24, 2024: 0.27, 2025: 0.29}
SEXES = {"female": 0.48, "male": 0.50, "other": 0.02}
AGE_GROUPS = {"Y15T24": 0.20, "Y25T34": 0.38, "Y35T44": 0.25, "Y45T54": 0.11, "Y55T64": 0.05, "Y_GE65": 0.01}
# Destinations and their relative weight: a handful of corridors carry most workers.
DESTINATIONS = {
    "SAU": 14, "ARE": 12, "QAT": 8, "KWT": 6, "MYS": 6, "OMN": 4, "USA": 4, "HKG": 3.5, "SGP": 3.5, "JOR": 3,
    "LBN": 2.5, "BHR": 2.5, "ITA": 2.5, "KOR": 2.2, "JPN": 2, "TWN": 2, "GBR": 1.8, "CAN": 1.6, "DEU": 1.5,
    "ESP": 1.2, "ISR": 1.1, "RUS": 1, "THA": 1, "AUS": 0.9, "CYP": 0.8, "FRA": 0.8, "GRC": 0.6, "POL": 0.6,
    "KAZ": 0.5, "ZAF": 0.5, "BRN": 0.5, "MDV": 0.4, "NZL": 0.4, "IRL": 0.3, "NLD": 0.3, "BEL": 0.3, "CHE": 0.3,
    "SWE": 0.2, "NOR": 0.2, "CHN": 0.3,
}
# Corridors where most women migrate into domestic work (kafala states, Hong Kong, Singapore, Malaysia…).
DOMESTIC_CORRIDORS = {"SAU", "ARE", "QAT", "KWT", "OMN", "BHR", "JOR", "LBN", "HKG", "SGP", "MYS", "CYP"}
HIGH_INCOME = {"USA", "CAN", "GBR", "DEU", "ITA", "ESP", "FRA", "JPN", "KOR", "AUS", "NZL", "IRL", "NLD", "BEL",
               "CHE", "SWE", "NOR", "ISR"}
GULF = {"SAU", "ARE", "QAT", "KWT", "OMN", "BHR"}
SECTORS = ("domestic_work", "care", "agriculture", "construction", "manufacturing", "hospitality", "other_services")
SECTOR_PROFILES = {  # probability of each sector, by profile
    "female_domestic_corridor": (0.62, 0.12, 0.03, 0.01, 0.08, 0.08, 0.06),
    "female_elsewhere": (0.12, 0.25, 0.10, 0.02, 0.18, 0.18, 0.15),
    "male": (0.04, 0.03, 0.14, 0.34, 0.22, 0.09, 0.14),
    "other": (0.10, 0.12, 0.10, 0.15, 0.20, 0.15, 0.18),
}
OCCUPATIONS = tuple(str(n) for n in range(1, 10))  # ISCO-08 major groups
OCCUPATION_BY_SECTOR = {  # probability of ISCO major groups 1..9, by sector
    "domestic_work": (0, 0, 0, 0, 0.15, 0, 0, 0, 0.85),
    "care": (0, 0.05, 0.10, 0, 0.75, 0, 0, 0, 0.10),
    "agriculture": (0, 0, 0, 0, 0, 0.45, 0, 0.05, 0.50),
    "construction": (0, 0, 0.03, 0, 0, 0, 0.55, 0.07, 0.35),
    "manufacturing": (0, 0, 0.05, 0, 0, 0, 0.20, 0.50, 0.25),
    "hospitality": (0.05, 0, 0, 0.05, 0.70, 0, 0, 0, 0.20),
    "other_services": (0.05, 0.15, 0.20, 0.25, 0.20, 0, 0, 0, 0.15),
}
SECTOR_PAY = (0.8, 1.0, 0.85, 1.1, 1.0, 0.9, 1.3)
AREAS = tuple(f"R{n:02d}" for n in range(1, 21))  # sub-national areas of origin
MIGRATION_STATUSES = {"regular": 0.86, "irregular": 0.09, "returnee": 0.05}

SCHEMA = pa.schema([
    ("year", pa.int16()), ("sex", pa.string()), ("age_group", pa.string()), ("occupation", pa.string()),
    ("sector", pa.string()), ("destination", pa.string()), ("area", pa.string()),
    ("migration_status", pa.string()), ("disability", pa.bool_()), ("weight", pa.float64()),
    ("recruitment_cost", pa.float64()), ("monthly_income", pa.float64()), ("complaint_filed", pa.bool_()),
    ("complaint_resolved", pa.bool_()), ("trained_predeparture", pa.bool_()),
    ("contract_before_departure", pa.bool_()), ("documents_withheld", pa.bool_()),
])


def _probabilities(weights: dict[str, float] | dict[int, float] | tuple[float, ...]) -> np.ndarray:
    """Relative weights scaled to probabilities."""
    values = np.array(list(weights.values()) if isinstance(weights, dict) else weights, dtype=float)
    return values / values.sum()


def _codes(codes: tuple[str, ...] | list[str], index: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Strings from code indices; rows where `missing` is true are NULL."""
    return pa.array(codes, pa.string()).take(pa.array(index, pa.int32(), mask=missing))


def _chunk(rng: np.random.Generator, n: int) -> pa.Table:
    """Generate n rows."""
    destinations = list(DESTINATIONS)
    year = rng.choice(list(YEARS), size=n, p=_probabilities(YEARS))
    sex = rng.choice(3, size=n, p=_probabilities(SEXES))
    age = rng.choice(len(AGE_GROUPS), size=n, p=_probabilities(AGE_GROUPS))
    destination = rng.choice(len(destinations), size=n, p=_probabilities(DESTINATIONS))
    in_domestic_corridor = np.isin(destination, [destinations.index(d) for d in DOMESTIC_CORRIDORS])
    profile = np.where(sex == 1, 2, np.where(sex == 2, 3, np.where(in_domestic_corridor, 0, 1)))
    sector = np.empty(n, dtype=np.int64)
    for p, probabilities in enumerate(SECTOR_PROFILES.values()):
        rows = profile == p
        sector[rows] = rng.choice(len(SECTORS), size=int(rows.sum()), p=_probabilities(probabilities))
    occupation = np.empty(n, dtype=np.int64)
    for s, name in enumerate(SECTORS):
        rows = sector == s
        occupation[rows] = rng.choice(9, size=int(rows.sum()), p=_probabilities(OCCUPATION_BY_SECTOR[name]))
    area_weights = 1 / (np.arange(len(AREAS)) + 3)
    area = rng.choice(len(AREAS), size=n, p=area_weights / area_weights.sum())
    status = rng.choice(3, size=n, p=_probabilities(MIGRATION_STATUSES))
    irregular = status == 1
    disability = rng.random(n) < 0.035
    weight = np.round(50 + 450 * rng.beta(2, 5, size=n), 2)

    gulf = np.isin(destination, [destinations.index(d) for d in GULF])
    rich = np.isin(destination, [destinations.index(d) for d in HIGH_INCOME])
    base = np.where(rich, 1800.0, np.where(gulf, 450.0, 600.0)) * np.array(SECTOR_PAY)[sector]
    base *= np.where(sex == 0, 0.85, 1.0) * np.where(irregular, 0.8, 1.0)
    income = np.round(base * rng.lognormal(0, 0.35, size=n), 2)
    cost_factor = np.where(gulf, 1.8, np.where(rich, 1.2, 1.0))
    cost = np.round(base * cost_factor * rng.lognormal(0, 0.8, size=n), 2)
    cost[rng.random(n) < 0.30] = 0.0  # fair recruitment: the employer pays, or no fee was charged

    domestic = sector == 0
    withheld = rng.random(n) < np.where(domestic & gulf, 0.25, 0.08)
    filed = rng.random(n) < 0.05 + 0.04 * withheld + 0.02 * domestic
    resolved = rng.random(n) < np.where(irregular, 0.45, 0.55)
    trained = rng.random(n) < np.where(irregular, 0.25, 0.62)
    contract = rng.random(n) < np.where(irregular, 0.30, 0.78)

    return pa.table({
        "year": pa.array(year, pa.int16()),
        "sex": _codes(list(SEXES), sex, missing=rng.random(n) < 0.0005),
        "age_group": _codes(list(AGE_GROUPS), age),
        "occupation": _codes(OCCUPATIONS, occupation),
        "sector": _codes(SECTORS, sector),
        "destination": _codes(destinations, destination, missing=rng.random(n) < 0.002),
        "area": _codes(AREAS, area),
        "migration_status": _codes(list(MIGRATION_STATUSES), status),
        "disability": pa.array(disability),
        "weight": pa.array(weight),
        "recruitment_cost": pa.array(cost, mask=rng.random(n) < 0.04),
        "monthly_income": pa.array(income, mask=rng.random(n) < 0.03),
        "complaint_filed": pa.array(filed),
        "complaint_resolved": pa.array(resolved, mask=~filed),
        "trained_predeparture": pa.array(trained, mask=rng.random(n) < 0.01),
        "contract_before_departure": pa.array(contract, mask=rng.random(n) < 0.01),
        "documents_withheld": pa.array(withheld, mask=rng.random(n) < 0.02),
    }, schema=SCHEMA)


def write_microdata(path: Path, rows: int, seed: int) -> None:
    """Write `rows` rows of synthetic microdata to a Parquet file, chunk by chunk (same seed, same file)."""
    chunks = (rows + CHUNK - 1) // CHUNK
    seeds = np.random.SeedSequence(seed).spawn(max(chunks, 1))
    with pq.ParquetWriter(path, SCHEMA) as writer:
        for n, chunk_seed in enumerate(seeds):
            size = min(CHUNK, rows - n * CHUNK)
            if size > 0:
                writer.write_table(_chunk(np.random.default_rng(chunk_seed), size), row_group_size=CHUNK)
        if rows <= 0:
            writer.write_table(SCHEMA.empty_table())


def main() -> None:
    """Command line: write a microdata file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    write_microdata(arguments.path, arguments.rows, arguments.seed)


if __name__ == "__main__":
    main()
