"""Build the country-profile reference data shipped in src/grmg/profiles/data from the shared source files.

Run on a development machine that has the shared data:

    .venv/bin/python scripts/build_profiles_data.py --shared /work/shared/data

The output is deterministic (sorted rows, gzip with mtime 0), so a rebuild from the same inputs is byte-identical.
Every check that fails stops the build with the list of problems; nothing is written then.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # use this checkout's name table, not an installed copy

from grmg.countries.names import NON_ISO_CODES, to_iso3  # noqa: E402

OUT_DIR = ROOT / "src" / "grmg" / "profiles" / "data"

STOCK_IN = "undesa_ims2020_stock_by_sex_origin_destination.csv"
WBL_IN = "wbl/wbl_index_1971_2021.csv"
SDG_IN = "sdg_10_7_2/facilitate-orderly-safe-migration.csv"

STOCK_OUT = "undesa_ims2020_stock.csv.gz"
WBL_OUT = "wbl_1971_2021.csv"
SDG_OUT = "sdg_10_7_2.csv"

STOCK_HEADER_IN = [
    "year", "origin", "origin_region", "destination", "destination_region", "stock_total", "stock_male", "stock_female",
]
STOCK_HEADER_OUT = [
    "year", "origin", "origin_iso3", "destination", "destination_iso3", "stock_total", "stock_male", "stock_female",
]
STOCK_YEARS = {1990, 1995, 2000, 2005, 2010, 2015, 2020}

WBL_INDICATORS = ["mobility", "workplace", "pay", "marriage", "parenthood", "entrepreneurship", "assets", "pension"]
WBL_HEADER_IN = [
    "economy", "iso3", "region", "income_group", "report_year", "wbl_index",
    "mobility", "pay", "workplace", "marriage", "parenthood", "entrepreneurship", "assets", "pension",
]
WBL_HEADER_OUT = ["iso3", "economy", "report_year", "wbl_index", *WBL_INDICATORS]
WBL_YEARS = set(range(1971, 2022))

# World Bank codes in the WBL file that are not ISO 3166-1 alpha-3, with the code shipped instead.
WBL_CODE_MAP: dict[str, tuple[str, str]] = {
    "KSV": ("XKX", "Kosovo: older World Bank code; XKX is the code the World Bank and the EU use now (not ISO)"),
    "ROM": ("ROU", "Romania: pre-2002 ISO code still used by some World Bank files"),
    "TMP": ("TLS", "Timor-Leste: pre-2002 code (East Timor)"),
    "WBG": ("PSE", "West Bank and Gaza: World Bank code; ISO 3166-1 PSE (Palestine, State of) covers the same area"),
    "ZAR": ("COD", "Congo, Dem. Rep.: pre-1997 code (Zaire)"),
}

SDG_HEADER_OUT = ["iso3", "entity", "year", "category"]
SDG_YEARS = {2019, 2021}

MAX_LISTED = 40


class BuildError(Exception):
    """The inputs fail a check; the message lists every problem found."""


@dataclass
class Problems:
    """Problems found while reading one input; raise them all at once."""

    source: str
    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        """Record a problem."""
        self.items.append(message)

    def raise_if_any(self) -> None:
        """Stop the build listing the problems (the first MAX_LISTED of them)."""
        if not self.items:
            return
        listed = "\n".join(f"  - {item}" for item in self.items[:MAX_LISTED])
        more = f"\n  ... and {len(self.items) - MAX_LISTED} more" if len(self.items) > MAX_LISTED else ""
        raise BuildError(f"{self.source}: {len(self.items)} problem(s)\n{listed}{more}")


def is_valid_code(code: str) -> bool:
    """Whether code is an ISO 3166-1 alpha-3 code pycountry knows, or a documented non-ISO code."""
    return code in NON_ISO_CODES or pycountry.countries.get(alpha_3=code) is not None


def iso_name(code: str) -> str | None:
    """The ISO 3166 short name of a code, None for a non-ISO code."""
    country = pycountry.countries.get(alpha_3=code)
    return None if country is None else str(country.name)


def sha256(path: Path) -> str:
    """SHA-256 of a file, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a UTF-8 CSV file."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [row for row in reader if row]


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file's bytes: UTF-8, LF line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Gzip data reproducibly: no file name, mtime 0, level 9."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


def parse_count(text: str) -> int | None:
    """A non-negative integer count, or None if text is not one."""
    return int(text) if text.isdigit() else None


@dataclass
class StockResult:
    """The migrant-stock table as shipped, with facts for SOURCES.md."""

    data: bytes
    rows: int
    names: dict[str, str]
    total_2020: int


def build_stock(path: Path) -> StockResult:
    """Check the UN DESA bilateral stock table and map its names to codes."""
    problems = Problems(STOCK_IN)
    header, rows = read_csv(path)
    if header != STOCK_HEADER_IN:
        problems.add(f"header is {header}, expected {STOCK_HEADER_IN}")
        problems.raise_if_any()

    names = sorted({row[1] for row in rows} | {row[3] for row in rows})
    mapping: dict[str, str] = {}
    for name in names:
        code = to_iso3(name)
        if code is None:
            problems.add(f"no ISO 3166-1 alpha-3 code for {name!r}: add it to _OVERRIDES in grmg/countries/names.py")
        elif not is_valid_code(code):
            problems.add(f"{name!r} maps to {code!r}, which is neither in pycountry nor in NON_ISO_CODES")
        else:
            mapping[name] = code
    by_code: dict[str, list[str]] = defaultdict(list)
    for name, code in mapping.items():
        by_code[code].append(name)
    for code, same in sorted(by_code.items()):
        if len(same) > 1:
            problems.add(f"{code} is the code of several names: {same}")
    problems.raise_if_any()

    out: list[tuple[int, str, str, str, str, int, int, int]] = []
    seen: Counter[tuple[int, str, str]] = Counter()
    for number, row in enumerate(rows, start=2):
        if len(row) != len(STOCK_HEADER_IN):
            problems.add(f"line {number}: {len(row)} fields, expected {len(STOCK_HEADER_IN)}")
            continue
        year_text, origin, _, destination, _, total_text, male_text, female_text = row
        year = parse_count(year_text)
        total, male, female = parse_count(total_text), parse_count(male_text), parse_count(female_text)
        if year not in STOCK_YEARS:
            problems.add(f"line {number}: year {year_text!r} is not one of {sorted(STOCK_YEARS)}")
            continue
        if total is None or male is None or female is None:
            problems.add(f"line {number}: stocks {total_text!r}, {male_text!r}, {female_text!r} are not counts")
            continue
        if female + male != total:
            problems.add(f"line {number}: {year} {origin} -> {destination}: female {female} + male {male} != "
                         f"total {total}")
        if origin == destination:
            problems.add(f"line {number}: origin and destination are both {origin!r}")
        seen[(year, origin, destination)] += 1
        out.append((year, origin, mapping[origin], destination, mapping[destination], total, male, female))
    for key, count in seen.items():
        if count > 1:
            problems.add(f"{key} appears {count} times")
    problems.raise_if_any()

    kenya_burundi = [r[7] for r in out if r[0] == 2020 and r[2] == "KEN" and r[4] == "BDI"]
    if kenya_burundi != [533]:
        problems.add(f"Kenya -> Burundi 2020 female is {kenya_burundi}, the UN file says 533")
    problems.raise_if_any()

    out.sort(key=lambda r: (r[0], r[2], r[4]))
    return StockResult(
        data=gzip_bytes(csv_bytes(STOCK_HEADER_OUT, out)),
        rows=len(out),
        names=mapping,
        total_2020=sum(r[5] for r in out if r[0] == 2020),
    )


@dataclass
class WblResult:
    """The WBL table as shipped, with facts for SOURCES.md."""

    data: bytes
    rows: int
    economies: int
    remapped: dict[str, tuple[str, str]]


def build_wbl(path: Path) -> WblResult:
    """Check the Women, Business and the Law panel and normalise its codes to ISO 3166-1 alpha-3."""
    problems = Problems(WBL_IN)
    header, rows = read_csv(path)
    if header != WBL_HEADER_IN:
        problems.add(f"header is {header}, expected {WBL_HEADER_IN}")
        problems.raise_if_any()
    col = {name: i for i, name in enumerate(header)}

    out: list[list[str]] = []
    names_of: dict[str, set[str]] = defaultdict(set)
    seen: Counter[tuple[str, int]] = Counter()
    remapped: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.add(f"line {number}: {len(row)} fields, expected {len(header)}")
            continue
        economy, source_code, year_text = row[col["economy"]], row[col["iso3"]], row[col["report_year"]]
        code = source_code
        if source_code in WBL_CODE_MAP:
            code = WBL_CODE_MAP[source_code][0]
            remapped[source_code] = (code, economy)
        if not is_valid_code(code):
            problems.add(f"line {number}: {economy!r} has code {source_code!r}, neither ISO nor mapped in WBL_CODE_MAP")
        by_name = to_iso3(economy)
        if by_name is not None and by_name != code:
            problems.add(f"line {number}: {economy!r} has code {code}, but its name means {by_name}")
        year = parse_count(year_text)
        if year not in WBL_YEARS:
            problems.add(f"line {number}: report year {year_text!r} outside 1971-2021")
            continue
        values = [row[col["wbl_index"]], *(row[col[name]] for name in WBL_INDICATORS)]
        for name, value in zip(["wbl_index", *WBL_INDICATORS], values, strict=True):
            try:
                number_value = float(value)
            except ValueError:
                problems.add(f"line {number}: {name} {value!r} is not a number")
                continue
            if not 0 <= number_value <= 100:
                problems.add(f"line {number}: {name} {value!r} outside 0-100")
        names_of[code].add(economy)
        seen[(code, year)] += 1
        out.append([code, economy, str(year), *values])
    for code, economies in names_of.items():
        if len(economies) > 1:
            problems.add(f"{code} is the code of several economies: {sorted(economies)}")
    for key, count in seen.items():
        if count > 1:
            problems.add(f"{key} appears {count} times")
    problems.raise_if_any()

    index = {(r[0], r[2]): r[3] for r in out}
    for check_code, check_year, expected in (("BEL", "2020", 100.0), ("SAU", "2021", 80.0)):
        published = index.get((check_code, check_year))
        if published is None:
            problems.add(f"{check_code} {check_year} is missing")
        elif float(published) != expected:
            problems.add(f"{check_code} {check_year} WBL index is {published}, published {expected}")
    problems.raise_if_any()

    out.sort(key=lambda r: (r[0], int(r[2])))
    return WblResult(data=csv_bytes(WBL_HEADER_OUT, out), rows=len(out), economies=len(names_of), remapped=remapped)


@dataclass
class SdgResult:
    """The SDG 10.7.2 table as shipped, with facts for SOURCES.md."""

    data: bytes
    rows: int
    by_year: dict[int, int]
    value_column: str


def build_sdg(path: Path) -> SdgResult:
    """Check the SDG 10.7.2 all-domains export and rename its columns."""
    problems = Problems(SDG_IN)
    header, rows = read_csv(path)
    if len(header) != 4 or header[:3] != ["Entity", "Code", "Year"] or "SG_CPA_MIGRS" not in header[3]:
        problems.add(f"header is {header}, expected Entity, Code, Year and the SG_CPA_MIGRS all-domains column")
        problems.raise_if_any()

    out: list[tuple[str, str, int, int]] = []
    seen: Counter[tuple[str, int]] = Counter()
    for number, row in enumerate(rows, start=2):
        if len(row) != 4:
            problems.add(f"line {number}: {len(row)} fields, expected 4")
            continue
        entity, code, year_text, value_text = row
        if not is_valid_code(code):
            problems.add(f"line {number}: {entity!r} has code {code!r}, which is not ISO 3166-1 alpha-3")
        by_name = to_iso3(entity)
        if by_name is not None and by_name != code:
            problems.add(f"line {number}: {entity!r} has code {code}, but its name means {by_name}")
        year, category = parse_count(year_text), parse_count(value_text)
        if year not in SDG_YEARS:
            problems.add(f"line {number}: year {year_text!r} is not one of {sorted(SDG_YEARS)}")
            continue
        if category not in {1, 2, 3, 4}:
            problems.add(f"line {number}: category {value_text!r} is not 1, 2, 3 or 4")
            continue
        seen[(code, year)] += 1
        out.append((code, entity, year, category))
    for key, count in seen.items():
        if count > 1:
            problems.add(f"{key} appears {count} times")
    problems.raise_if_any()

    out.sort(key=lambda r: (r[0], r[2]))
    by_year = dict(sorted(Counter(r[2] for r in out).items()))
    return SdgResult(data=csv_bytes(SDG_HEADER_OUT, out), rows=len(out), by_year=by_year, value_column=header[3])


def non_iso_table(codes: Iterable[str]) -> str:
    """A Markdown table of the non-ISO codes among codes, with the reason for each."""
    used = sorted(set(codes) & NON_ISO_CODES.keys())
    if not used:
        return "None: every code in this file is an ISO 3166-1 alpha-3 code.\n"
    lines = ["| code | entity and why |", "|---|---|"]
    lines += [f"| `{code}` | {NON_ISO_CODES[code]} |" for code in used]
    return "\n".join(lines) + "\n"


def sources_md(stock: StockResult, wbl: WblResult, sdg: SdgResult, hashes: dict[str, str]) -> str:
    """The text of SOURCES.md: provenance, what the build changed, and the codes used."""
    overridden = sorted((name, code) for name, code in stock.names.items() if name != iso_name(code))
    renamed = "\n".join(f"| {name} | `{code}` |" for name, code in overridden)
    wbl_remap = "\n".join(
        f"| `{old}` | `{new}` | {economy} | {WBL_CODE_MAP[old][1]} |"
        for old, (new, economy) in sorted(wbl.remapped.items())
    )
    wbl_codes = {code for code, _ in wbl.remapped.values()} | {
        row.split(",", 1)[0] for row in wbl.data.decode("utf-8").splitlines()[1:]
    }
    sdg_years = ", ".join(f"{year}: {count} countries" for year, count in sdg.by_year.items())
    return f"""\
# Country-profile reference data

Written by `scripts/build_profiles_data.py` (do not edit by hand; rebuild with
`.venv/bin/python scripts/build_profiles_data.py --shared /work/shared/data`). The build is deterministic: rows are
sorted and the gzip file has mtime 0, so a rebuild from the same inputs gives the same bytes. Every check below is
run on every build, and a failing check stops the build. `grmg.profiles.patterns.SOURCES` carries the producer,
edition and as-of date of each data set for pages and PDFs.

Country codes are ISO 3166-1 alpha-3 (as pycountry {version("pycountry")} knows them), except the documented codes
of `grmg.countries.names.NON_ISO_CODES` for entities that have none.

## `{STOCK_OUT}`: international migrant stock by sex, origin and destination

- **Producer**: United Nations, Department of Economic and Social Affairs (UN DESA), Population Division.
- **Edition**: International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020), published January 2021.
- **As of**: 2020-07-01 (mid-year estimates for 1990, 1995, 2000, 2005, 2010, 2015 and 2020).
- **Taken from**: the chord-diagram matrices of the public repository X80110/migration-visualization
  (commit cb840bd), which took them from the UN DESA file; regional aggregate rows were already removed there.
  Input file `{STOCK_IN}`, SHA-256 `{hashes[STOCK_IN]}`.
- **Checked**: female + male = total in every row; no duplicate (year, origin, destination); no origin equal to its
  destination; Kenya → Burundi 2020 female = 533, as in the UN file. Bilateral total 2020 =
  {stock.total_2020:,} (the UN world total, about 281 million, also counts stocks of unknown origin, which this
  origin-by-destination table does not have).
- **What the build changed**: kept the UN/repository names in `origin` and `destination` for provenance; added
  `origin_iso3` and `destination_iso3` with `grmg.countries.names.to_iso3`; dropped `origin_region` and
  `destination_region` (the repository's own region labels, not UN DESA's); sorted rows by year, origin code,
  destination code. Counts are unchanged. {stock.rows:,} rows, {len(stock.names)} countries and areas.
- **Names that are not the ISO 3166 short name**, with the code shipped (all others are the ISO name exactly):

| name in the file | code |
|---|---|
{renamed}

- **Codes that are not ISO 3166-1 alpha-3**:

{non_iso_table(stock.names.values())}
Areas as UN DESA defines them: China excludes Hong Kong SAR and Macao SAR (shipped separately as HKG and MAC);
Taiwan Province of China is not in the file; Kosovo is not listed separately (UN DESA counts it within Serbia).

## `{WBL_OUT}`: Women, Business and the Law index

- **Producer**: World Bank.
- **Edition**: Women, Business and the Law, 1.0 methodology, panel of report years 1971–2021 (WBL 2021).
- **As of**: 2020-10-01: report year 2021 records the laws and regulations in force on 1 October 2020 (each
  report year records the law of the year before it).
- **Taken from**: jventura68/wbl-app, which republished the World Bank's WBL panel (only the WBL columns kept).
  Input file `{WBL_IN}`, SHA-256 `{hashes[WBL_IN]}`.
- **Checked**: Belgium 2020 = 100 and Saudi Arabia 2021 = 80, as published; every score between 0 and 100; one row
  per economy and report year; one economy name per code; where `to_iso3` knows an economy's name, it gives the same
  code as the file.
- **What the build changed**: columns reordered to `{",".join(WBL_HEADER_OUT)}`; dropped `region` and `income_group`
  (World Bank classifications that change every year, not part of the index); scores copied unchanged as text;
  codes that are not ISO 3166-1 alpha-3 replaced as below; sorted by code and report year. {wbl.rows:,} rows,
  {wbl.economies} economies.

| code in the file | code shipped | economy | why |
|---|---|---|---|
{wbl_remap}

- **Codes that are not ISO 3166-1 alpha-3**:

{non_iso_table(wbl_codes)}
## `{SDG_OUT}`: SDG indicator 10.7.2, all domains

- **Producer**: UN DESA Population Division and the International Organization for Migration (IOM), custodians of
  SDG indicator 10.7.2; UN SDG Global Database series SG_CPA_MIGRS, all domains.
- **Edition**: the 2019 and 2021 rounds (collected through the UN Inquiry among Governments on Population and
  Development), as exported by Our World in Data.
- **As of**: 2021 (latest round).
- **Taken from**: Our World in Data's export `facilitate-orderly-safe-migration.csv`, copied unchanged.
  Input file `{SDG_IN}`, SHA-256 `{hashes[SDG_IN]}`.
- **Checked**: every code is ISO 3166-1 alpha-3; where `to_iso3` knows an entity's name, it gives the same code;
  categories are 1–4; years are 2019 and 2021 only ({sdg_years}); one row per country and year.
- **What the build changed**: renamed `Entity, Code, Year` to `entity, iso3, year` and the value column
  (`{sdg.value_column}`) to `category`; put `iso3` first; sorted by code and year. Values unchanged. Categories:
  1 = requires further progress, 2 = partially meets, 3 = meets, 4 = fully meets. {sdg.rows} rows.
- **Codes that are not ISO 3166-1 alpha-3**: none.

## Codes used for entities without an ISO 3166-1 alpha-3 code

| code | entity and why |
|---|---|
""" + "\n".join(f"| `{code}` | {reason} |" for code, reason in sorted(NON_ISO_CODES.items())) + "\n"


def build(shared: Path) -> dict[str, bytes]:
    """Check the inputs and return the shipped files' bytes by file name."""
    hashes = {name: sha256(shared / name) for name in (STOCK_IN, WBL_IN, SDG_IN)}
    stock = build_stock(shared / STOCK_IN)
    wbl = build_wbl(shared / WBL_IN)
    sdg = build_sdg(shared / SDG_IN)
    return {
        STOCK_OUT: stock.data,
        WBL_OUT: wbl.data,
        SDG_OUT: sdg.data,
        "SOURCES.md": sources_md(stock, wbl, sdg, hashes).encode("utf-8"),
    }


def main(argv: list[str] | None = None) -> int:
    """Build the data files, or print the problems and return 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, required=True, help="folder holding the shared source data")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default {OUT_DIR})")
    args = parser.parse_args(argv)
    try:
        files = build(args.shared)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
