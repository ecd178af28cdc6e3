"""Importing indicator data: tidy CSV, Excel, SDMX, and unit records with a computation spec.

Every file is read and checked whole before anything is written; errors refuse it with their row and column,
warnings are kept in its report. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from grmg.core.indicators.compute import compute
from grmg.core.indicators.spec import read_spec
from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.indicators import readers
from grmg.indicators.models import DataSource, Indicator, Observation
from grmg.indicators.readers import Defaults, ParsedRow
from grmg.indicators.services import dimension_key, ensure_registry, registry
from grmg.indicators.validation import Finding, SeriesKey, validate

KINDS = {".csv": DataSource.Kind.TIDY_CSV, ".xlsx": DataSource.Kind.EXCEL, ".xml": DataSource.Kind.SDMX,
         ".json": DataSource.Kind.SDMX}


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the source, whether it was new, how many values changed, and the warnings."""

    source: DataSource
    created: bool
    changed: int
    warnings: tuple[Finding, ...]


def import_file(stream: IO[bytes], name: str, user: User | None = None,
                defaults: Defaults | None = None) -> ImportReport:
    """Read, check and store a data file; InputError lists every error by row and column."""
    data = stream.read()
    sha = hashlib.sha256(data).hexdigest()
    existing = DataSource.objects.filter(sha256=sha).first()
    if existing is not None:
        return ImportReport(existing, False, 0, ())
    ensure_registry()
    catalogue = registry()
    rows = readers.read(io.BytesIO(data), name, catalogue, defaults or Defaults())
    kind = KINDS.get(Path(name).suffix.lower(), DataSource.Kind.TIDY_CSV)
    return store(rows, name, kind, sha, user)


def import_microdata(data: Path, spec_text: str, spec_name: str, country: Country, year: int | None = None,
                     user: User | None = None) -> ImportReport:
    """Compute indicators from unit records (with disclosure control) and store the cells as observations.

    A `year` column among the disaggregations gives each cell its year; otherwise `year` must be given.
    """
    digest = hashlib.sha256()
    with data.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    digest.update(spec_text.encode())
    digest.update(f"{country.iso3}|{year}".encode())
    sha = digest.hexdigest()
    existing = DataSource.objects.filter(sha256=sha).first()
    if existing is not None:
        return ImportReport(existing, False, 0, ())
    specs = read_spec(spec_text, spec_name)
    ensure_registry()
    known = set(Indicator.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True))
    unknown = [Problem(f"indicators[{n}].code", _("%r is not an indicator of the registry") % s.code)
               for n, s in enumerate(specs) if s.code not in known]
    if unknown:
        raise InputError(spec_name, unknown)
    result = compute(data, specs, spec_source=spec_name)
    by_year = "year" in result.dimensions
    if not by_year and year is None:
        raise InputError(spec_name, [Problem("", _("give the year, or disaggregate by a year column"))])
    rows: list[ParsedRow] = []
    for number, cell in enumerate(result.cells, start=1):
        dimensions = {k: v for k, v in cell.key.items() if v is not None}
        cell_year = dimensions.pop("year", None)
        if by_year and cell_year is None:
            continue  # a total over the years is no year's observation
        rows.append(ParsedRow(
            where=_("cell %(n)d (%(indicator)s)") % {"n": number, "indicator": cell.indicator},
            indicator=cell.indicator, country=country.iso3, year=int(cell_year or year or 0),
            dimensions=dimensions, value=cell.value, units=cell.units, status=cell.status,
        ))
    return store(rows, f"{data.name} + {spec_name}", DataSource.Kind.MICRODATA, sha, user)


@transaction.atomic
def store(rows: list[ParsedRow], name: str, kind: str, sha: str, user: User | None) -> ImportReport:
    """Validate the rows and store them in one transaction, or refuse them all."""
    catalogue = registry()
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in={r.country for r in rows})}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={r.indicator for r in rows})}
    findings = validate(rows, catalogue, set(countries), _history(rows, indicators))
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise InputError(name, [Problem(f.where, f.message) for f in errors])
    source = DataSource.objects.create(kind=kind, name=name, sha256=sha, loaded_by=user,
                                       country=next(iter(countries.values())) if len(countries) == 1 else None,
                                       report=[{"level": f.level, "where": f.where, "message": f.message}
                                               for f in findings])
    stored = {
        (o.indicator_id, o.country_id, o.year, o.key): o
        for o in Observation.objects.filter(indicator__in=indicators.values(), country__in=countries.values())
    }
    new: list[Observation] = []
    updated: list[Observation] = []
    for row in rows:
        indicator, country = indicators[row.indicator], countries[row.country]
        values = {"dimensions": row.dimensions, "value": row.value, "units": row.units, "status": row.status}
        current = stored.get((indicator.pk, country.pk, row.year, dimension_key(row.dimensions)))
        if current is None:
            new.append(Observation(indicator=indicator, country=country, year=row.year,
                                   key=dimension_key(row.dimensions), source=source, **values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in {**values, "source": source}.items():
                setattr(current, field, value)
            updated.append(current)
    Observation.objects.bulk_create(new, batch_size=1000)
    Observation.objects.bulk_update(updated, ["dimensions", "value", "units", "status", "source"], batch_size=1000)
    changed = len(new) + len(updated)
    source.observations_count = changed
    source.save(update_fields=["observations_count"])
    return ImportReport(source, True, changed, tuple(f for f in findings if f.level == "warning"))


def _history(rows: list[ParsedRow], indicators: dict[str, Indicator]) -> dict[SeriesKey, dict[int, float]]:
    """The values already stored for the series the rows belong to."""
    history: dict[SeriesKey, dict[int, float]] = {}
    stored = Observation.objects.filter(
        indicator__in=indicators.values(), country__iso3__in={r.country for r in rows},
        status=Observation.Status.PUBLISHED, value__isnull=False,
    ).values_list("indicator__code", "country__iso3", "key", "year", "value")
    for code, country, key, year, value in stored:
        if value is not None:
            history.setdefault((code, country, key), {})[year] = value
    return history
