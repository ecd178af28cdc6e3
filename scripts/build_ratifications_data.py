"""Build the shipped ratification data from the copies of public lists on the development machine.

Run on a development machine only (CI and users have neither the inputs nor a need for them):

    .venv/bin/python scripts/build_ratifications_data.py --shared /work/shared/data

Writes, deterministically (same inputs, same bytes):
- src/grmg/standards/data/ratifications.csv: one row per country and instrument with status, year, source, as-of
  date, note, and the country name and code exactly as the source gave them;
- src/grmg/countries/data/un_member_states.csv: the 193 UN member states named in the treaty files;
- src/grmg/standards/data/SOURCES.md: producer, edition, origin, what the build changed, caveats.

Stops with a list of everything wrong (unmapped codes, unexpected values, counts that differ from those expected).
Uses only the standard library and pycountry.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
RATIFICATIONS = ROOT / "src" / "grmg" / "standards" / "data" / "ratifications.csv"
MEMBER_STATES = ROOT / "src" / "grmg" / "countries" / "data" / "un_member_states.csv"
SOURCES = ROOT / "src" / "grmg" / "standards" / "data" / "SOURCES.md"

COLUMNS = ["iso3", "instrument", "status", "year", "source", "as_of", "note", "source_name", "source_code"]

# File name part -> instrument code, for the UN treaty files.
UN_FILES = {
    "cedaw": "CEDAW",
    "op_cedaw": "OP-CEDAW",
    "icmw": "ICMW",
    "icescr": "ICESCR",
    "iccpr": "ICCPR",
    "crc": "CRC",
    "icerd": "ICERD",
    "cat": "CAT",
    "crpd": "CRPD",
    "cped": "CPED",
}
UN_HEADER = ["iso2", "member", "state party", "year ratification or accession", "signatory", "no action", "status",
             "note"]
UN_STATUS = {"state party": "party", "signatory state": "signatory", "no action": "no_action"}
UN_FLAGS = {"party": ("1", "0", "0"), "signatory": ("0", "1", "0"), "no_action": ("0", "0", "1")}
UN_SOURCE = "UN Treaty Collection, via world-politics-datalab/humanrights-treaties-ratification-status"
UN_AS_OF = "2022-08-25"
# Withdrawn ISO 3166-1 alpha-2 codes still used by the source -> the current code for the same country.
# TP (East Timor) was withdrawn in 2002; Timor-Leste is TL and keeps the numeric code 626.
UN_ISO2_RENAMED = {"TP": "TL"}
# Values the build keeps as the source gives them but flags in the row's note: (instrument, iso3, year) -> doubt.
# The build stops if one no longer matches a row, so that a corrected source does not keep a stale doubt.
UN_DOUBTS = {
    ("CEDAW", "PHL", "1987"): (
        "doubt: the UN Treaty Collection shows ratification on 5 August 1981, not 1987; check before citing the year"
    ),
}
FLAG_CONFLICT = "disagree with its status column"

ILO_FILE = "ilo/ilo_c189_c190_parties.csv"
ILO_HEADER = ["instrument", "country", "iso3", "ratification_year", "status", "source_url"]
ILO_AS_OF = {"C189": "2020-10-05", "C190": "2025-11-30"}
ILO_NOTE = {
    "C189": "parties on 2020-10-05 (complete for that date; later ratifications missing)",
    "C190": "late-2025 list of parties, possibly incomplete",
}
# How the note introduces the source's status column, which may predate the as-of date for C190.
ILO_STATUS_LABEL = {
    "C189": "status on 2020-10-05 per the source list",
    "C190": "status as the source lists gave it, possibly before the as-of date",
}
NOT_RECORDED = "a country not listed has no record here, which does not mean it has not ratified"
# What each URL in the ILO file is, for the short citation.
ILO_SITES = {
    "lexaris.io": "Swiss federal law collection, table of parties (copy at lexaris.io)",
    "wiego.org": "WIEGO list of ratifying countries",
    "360.lexisnexis.at": "Austrian legal database, list of parties (LexisNexis 360)",
    "wikimili.com": "2024 copy of the convention's public article (wikimili.com)",
    "cryer.org.uk": "2024 copy of the convention's public article (cryer.org.uk)",
}

EXPECTED = {
    ("CEDAW", "party"): 187,
    ("OP-CEDAW", "party"): 113,
    ("ICMW", "party"): 57,
    ("ICMW", "signatory"): 11,
    ("ILO-C189", "party"): 30,
    ("ILO-C190", "party"): 52,
}
EXPECTED_UN_MEMBERS = 193
EXPECTED_C190_YEARS = 20

# Adoption year of each instrument: no party can have ratified before it.
ADOPTED = {"CEDAW": 1979, "OP-CEDAW": 1999, "ICMW": 1990, "ICESCR": 1966, "ICCPR": 1966, "CRC": 1989, "ICERD": 1965,
           "CAT": 1984, "CRPD": 2006, "CPED": 2006, "ILO-C189": 2011, "ILO-C190": 2019}


class BuildError(Exception):
    """The inputs are not what the build expects; the message lists every reason."""


def read_csv(path: Path, header: list[str]) -> list[dict[str, str]]:
    """Rows of a CSV file whose header must be exactly as given; values stripped."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames != header:
            raise BuildError(f"{path}: header {reader.fieldnames} is not {header}")
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def alpha3_for_alpha2(iso2: str) -> str | None:
    """The ISO alpha-3 code for an alpha-2 code, following the listed renamed codes; None if unknown."""
    country = pycountry.countries.get(alpha_2=UN_ISO2_RENAMED.get(iso2, iso2))
    return country.alpha_3 if country is not None else None


def join_note(*parts: str) -> str:
    """Non-empty parts joined into one line."""
    return "; ".join(part for part in parts if part)


def un_rows(shared: Path, errors: list[str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows for the ten UN treaties, and the UN member states (iso3 -> name as in the files)."""
    rows: list[dict[str, str]] = []
    members: dict[str, str] = {}
    member_sets: dict[str, set[str]] = {}
    unmapped: set[str] = set()
    doubts_used: set[tuple[str, str, str]] = set()
    for part, instrument in UN_FILES.items():
        path = shared / "treaties_un" / f"hr_status_{part}.csv"
        source_rows = read_csv(path, UN_HEADER)
        if len(source_rows) != EXPECTED_UN_MEMBERS:
            errors.append(f"{path}: {len(source_rows)} rows, expected {EXPECTED_UN_MEMBERS}")
        seen: set[str] = set()
        for number, row in enumerate(source_rows, start=2):
            where = f"{path.name} row {number}"
            iso2, name = row["iso2"], row["member"]
            iso3 = alpha3_for_alpha2(iso2)
            if iso3 is None:
                unmapped.add(f"{iso2!r} ({name})")
                continue
            if iso3 in seen:
                errors.append(f"{where}: {iso3} appears twice")
            seen.add(iso3)
            if members.setdefault(iso3, name) != name:
                errors.append(f"{where}: {iso3} is named {name!r} here and {members[iso3]!r} elsewhere")
            status = UN_STATUS.get(row["status"])
            if status is None:
                errors.append(f"{where}: unknown status {row['status']!r}")
                continue
            year = row["year ratification or accession"]
            notes = [f"compiler's note: {row['note']}" if row["note"] else ""]
            if iso2 in UN_ISO2_RENAMED:
                notes.append(f"the source's code {iso2} is a withdrawn ISO code, mapped to {iso3}")
            flags = (row["state party"], row["signatory"], row["no action"])
            if flags != UN_FLAGS[status]:
                notes.append(f"the source's flags (state party={flags[0] or 'blank'}, signatory={flags[1] or 'blank'}, "
                             f"no action={flags[2] or 'blank'}) {FLAG_CONFLICT} "
                             f"({row['status']!r}), which is used here")
            if status == "party":
                if year and not (year.isdigit() and ADOPTED[instrument] <= int(year) <= int(UN_AS_OF[:4])):
                    errors.append(f"{where}: impossible year {year!r} for {instrument}")
                if not year:
                    notes.append("the source gives no year of ratification or accession")
            elif year:
                errors.append(f"{where}: a year ({year}) for a country that is not a party")
            doubt = UN_DOUBTS.get((instrument, iso3, year), "")
            if doubt:
                doubts_used.add((instrument, iso3, year))
            notes.append(doubt)
            rows.append({
                "iso3": iso3, "instrument": instrument, "status": status, "year": year if status == "party" else "",
                "source": UN_SOURCE, "as_of": UN_AS_OF, "note": join_note(*notes), "source_name": name,
                "source_code": iso2,
            })
        member_sets[instrument] = seen
    for unused in sorted(set(UN_DOUBTS) - doubts_used):
        errors.append(f"UN_DOUBTS: {unused} matches no row; remove or update it")
    if unmapped:
        errors.append("ISO alpha-2 codes with no alpha-3 in pycountry: " + ", ".join(sorted(unmapped)))
    first = next(iter(member_sets.values()), set())
    for instrument, members_here in member_sets.items():
        if members_here != first:
            errors.append(f"{instrument}: the member states differ from those of the first file: "
                          f"{sorted(members_here ^ first)}")
    if len(members) != EXPECTED_UN_MEMBERS:
        errors.append(f"{len(members)} UN member states, expected {EXPECTED_UN_MEMBERS}")
    return rows, members


def ilo_citation(urls: list[str]) -> str:
    """A short citation naming every site the row's URLs point to."""
    names = []
    for url in urls:
        host = url.split("://", 1)[-1].split("/", 1)[0]
        name = ILO_SITES.get(host)
        if name is None:
            raise BuildError(f"no citation for the site {host!r} ({url}); add it to ILO_SITES")
        if name not in names:
            names.append(name)
    return "; ".join(names)


def ilo_rows(shared: Path, errors: list[str]) -> list[dict[str, str]]:
    """Rows for ILO C189 and C190 (parties only)."""
    path = shared / ILO_FILE
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(read_csv(path, ILO_HEADER), start=2):
        where = f"{path.name} row {number}"
        convention = row["instrument"]
        if convention not in ILO_AS_OF:
            errors.append(f"{where}: unknown instrument {convention!r}")
            continue
        instrument = f"ILO-{convention}"
        country = pycountry.countries.get(alpha_3=row["iso3"])
        if country is None or country.alpha_3 != row["iso3"]:
            errors.append(f"{where}: {row['iso3']!r} ({row['country']}) is not an ISO alpha-3 code")
            continue
        if (instrument, country.alpha_3) in seen:
            errors.append(f"{where}: {country.alpha_3} appears twice for {instrument}")
        seen.add((instrument, country.alpha_3))
        year = row["ratification_year"]
        as_of = ILO_AS_OF[convention]
        if year and not (year.isdigit() and ADOPTED[instrument] <= int(year) <= int(as_of[:4])):
            errors.append(f"{where}: impossible year {year!r}")
        urls = [url.strip() for url in row["source_url"].split(";") if url.strip()]
        if not urls:
            errors.append(f"{where}: no source URL")
            continue
        note = join_note(
            ILO_NOTE[convention],
            f"{ILO_STATUS_LABEL[convention]}: {row['status']}" if row["status"] else "",
            "" if year else "year of ratification not given",
            NOT_RECORDED,
            "listed at " + " ; ".join(urls),
        )
        rows.append({
            "iso3": country.alpha_3, "instrument": instrument, "status": "party", "year": year,
            "source": ilo_citation(urls), "as_of": as_of, "note": note, "source_name": row["country"],
            "source_code": row["iso3"],
        })
    years = sum(1 for row in rows if row["instrument"] == "ILO-C190" and row["year"])
    if years != EXPECTED_C190_YEARS:
        errors.append(f"ILO-C190: {years} parties with a year, expected {EXPECTED_C190_YEARS}")
    return rows


def check_counts(rows: list[dict[str, str]], errors: list[str]) -> Counter[tuple[str, str]]:
    """Count rows per instrument and status; an error for each expected count that differs."""
    counts = Counter((row["instrument"], row["status"]) for row in rows)
    for key, expected in EXPECTED.items():
        if counts[key] != expected:
            errors.append(f"{key[0]}: {counts[key]} with status {key[1]}, expected {expected}")
    return counts


def to_csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    """CSV text with a header, LF line ends, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def sources_markdown(counts: Counter[tuple[str, str]], un_renamed: list[str], conflicts: int) -> str:
    """The provenance file shipped next to the data."""
    instruments = sorted({instrument for instrument, _ in counts})
    table = "\n".join(
        f"| {instrument} | {counts[(instrument, 'party')]} | {counts[(instrument, 'signatory')]} | "
        f"{counts[(instrument, 'no_action')]} |"
        for instrument in instruments
    )
    return f"""# Ratification data: sources

`ratifications.csv` gives, per country and instrument, a status (`party`, `signatory`, `no_action`), the year of
ratification or accession for a party (blank when the source gives none), a short citation (`source`), the date
the status was true (`as_of`), a `note` (what the source says about the row and the caveats), and the country's name
and code exactly as the source wrote them (`source_name`, `source_code`).
`../../countries/data/un_member_states.csv` lists the 193 UN member states named in the UN treaty files.
Both are built by `scripts/build_ratifications_data.py`; do not edit them by hand. Users who need newer statuses
import a file with the same columns (`grmg standards import FILE`), checked by the same reader.

| instrument | party | signatory | no action |
|---|---|---|---|
{table}

## UN core human-rights treaties (CAT, CEDAW, CPED, CRC, CRPD, ICCPR, ICERD, ICESCR, ICMW, OP-CEDAW)

- **Producer**: UN Office of Legal Affairs, UN Treaty Collection (status of treaties, chapter IV).
- **Edition**: as compiled by world-politics-datalab/humanrights-treaties-ratification-status
  (GitHub), files `hr_status_*.csv`; snapshot of {UN_AS_OF} (`as_of` on every row).
- **Coverage**: the 193 UN member states only; states that are not UN members (e.g. the Holy See, the State of
  Palestine) and territories are not in these files even where they are parties.
- **What the build changed**:
  - `status` comes from the source's `status` column (`state party` → `party`, `signatory state` → `signatory`,
    `no action` → `no_action`). Where the source's 0/1 flag columns disagree with it ({conflicts} rows), the row keeps
    the status column and says so in `note`; this keeps the counts the source states (e.g. OP-CEDAW 113 parties).
  - ISO alpha-2 codes are mapped to alpha-3 with pycountry. The source also uses withdrawn codes, mapped to the
    current code of the same country: {"; ".join(un_renamed)}.
  - The source's `note` column is kept in `note`, prefixed "compiler's note:".
  - Country names are kept as the compiler wrote them (`source_name`, e.g. "Ivory Coast", "Swaziland",
    "Guinea-bissau"): they are the compiler's English names, not always the UN's official short names.
- **Caveats**:
  - A year is the year of ratification, accession or succession as the compiler recorded it; it has not been
    checked against the UN Treaty Collection row by row. Known doubt, kept as the source gives it and flagged in
    the row's `note`: the compiler gives 1987 for the Philippines' ratification of CEDAW, where the UN Treaty
    Collection shows 5 August 1981.
  - Statuses after {UN_AS_OF} (ratifications, denunciations) are missing.
  - Signatories are states that signed and have not ratified; `no_action` means neither signed nor ratified.

## ILO C189 (Domestic Workers Convention, 2011)

- **Producer**: International Labour Organization (NORMLEX is the official list).
- **Edition**: the table of parties in the Swiss federal law collection (public copy at lexaris.io), checked
  against WIEGO's list of ratifying countries; the {counts[('ILO-C189', 'party')]} parties on 5 October 2020
  (`as_of` {ILO_AS_OF["C189"]}). Complete for that date; later ratifications are missing.
- **What the build changed**: only parties are listed (status `party`); the source's "in force" / "not in force
  (EIF …)" is kept in `note`, with the URLs of the lists that name the country.

## ILO C190 (Violence and Harassment Convention, 2019)

- **Producer**: International Labour Organization (NORMLEX is the official list).
- **Edition**: {counts[('ILO-C190', 'party')]} parties named by the Austrian legal database's list of parties
  (LexisNexis 360, late 2025) and two 2024 public copies of the convention's article (wikimili.com,
  cryer.org.uk). `as_of` is {ILO_AS_OF["C190"]}, standing for "late 2025"; the list is **possibly incomplete**.
  The year of ratification is known for {EXPECTED_C190_YEARS} of the parties only; for the others `year` is blank.
- **What the build changed**: as for C189.

## Caveats common to the ILO data

- A country that is not listed for C189 or C190 has **no record in this data**: that is "not recorded" as of the
  row's date, not "not ratified". Show the as-of date and say "not recorded".
- No usable list was found for ILO C097 (Migration for Employment), C143 (Migrant Workers (Supplementary
  Provisions)), C181 (Private Employment Agencies), P029 (Protocol of 2014 to the Forced Labour Convention),
  C100 (Equal Remuneration) or C111 (Discrimination (Employment and Occupation)). Nothing is shipped for them:
  users record those by hand with their source, or import a file.
"""


def build(shared: Path) -> dict[Path, str]:
    """The text of every output file; BuildError listing every problem found."""
    errors: list[str] = []
    un, members = un_rows(shared, errors)
    ilo = ilo_rows(shared, errors)
    rows = sorted(un + ilo, key=lambda row: (row["instrument"], row["iso3"]))
    counts = check_counts(rows, errors)
    if errors:
        raise BuildError("\n".join(errors))
    renamed = []
    for old, new in UN_ISO2_RENAMED.items():
        withdrawn, current = pycountry.historic_countries.get(alpha_2=old), pycountry.countries.get(alpha_2=new)
        if withdrawn is None or current is None or withdrawn.numeric != current.numeric:
            raise BuildError(f"UN_ISO2_RENAMED: {old} -> {new} is not a withdrawn code and its successor")
        renamed.append(f"{old} ({withdrawn.name}) → {current.alpha_3} ({current.name}; same numeric code "
                       f"{current.numeric})")
    member_rows = [{"iso3": iso3, "name": name} for iso3, name in sorted(members.items())]
    return {
        RATIFICATIONS: to_csv(COLUMNS, rows),
        MEMBER_STATES: to_csv(["iso3", "name"], member_rows),
        SOURCES: sources_markdown(counts, renamed, sum(FLAG_CONFLICT in row["note"] for row in un)),
    }


def check_with_reader(text: str) -> int:
    """Read the built file with the package's own reader, as users' files are read; the number of records."""
    sys.path.insert(0, str(ROOT / "src"))
    from grmg.standards.ratifications import read_ratification_file

    return len(read_ratification_file(io.BytesIO(text.encode("utf-8")), str(RATIFICATIONS)))


def main(argv: list[str] | None = None) -> int:
    """Build the files and write them; exit status 1 with the reasons if the inputs are not as expected."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="folder holding treaties_un/ and ilo/")
    args = parser.parse_args(argv)
    try:
        outputs = build(args.shared)
    except BuildError as exc:
        print(f"build_ratifications_data: not built:\n{exc}", file=sys.stderr)
        return 1
    records = check_with_reader(outputs[RATIFICATIONS])
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{records} ratification records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
