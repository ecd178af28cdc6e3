"""Loading the standards catalogue and ratification records, and reading a country's current status."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.countries.services import ensure_countries
from grmg.standards.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue
from grmg.standards.models import CatalogueLoad, Instrument, Provision, Ratification, RatificationSource
from grmg.standards.ratifications import (
    SHIPPED_FILE,
    RatificationRecord,
    read_ratification_file,
)

ORIGIN_RANK: dict[str, int] = {RatificationSource.Origin.SHIPPED: 0, RatificationSource.Origin.IMPORTED: 1,
                               RatificationSource.Origin.MANUAL: 2}


@transaction.atomic
def sync_catalogue(catalogue: Catalogue | None = None) -> int:
    """Bring the instrument and provision tables in line with the catalogue file; returns provisions kept."""
    catalogue = catalogue or load_catalogue()
    kept = 0
    for position, item in enumerate(catalogue.instruments):
        instrument, _created = Instrument.objects.update_or_create(code=item.code, defaults={
            "title": item.title, "short_title": item.short_title, "kind": item.kind, "adopted": item.adopted,
            "in_force": item.in_force, "body": item.body, "ratifiable": item.ratifiable, "url": item.url or "",
            "position": position,
        })
        refs = []
        for order, provision in enumerate(item.provisions):
            Provision.objects.update_or_create(instrument=instrument, ref=provision.ref, defaults={
                "summary": provision.summary, "topics": provision.topics, "criteria": provision.criteria,
                "position": order,
            })
            refs.append(provision.ref)
        kept += len(refs)
        # Provisions dropped from the catalogue go, unless a review still points at them.
        instrument.provisions.exclude(ref__in=refs).filter(reviews__isnull=True).delete()
    return kept


def _records_sha(records: Iterable[RatificationRecord]) -> str:
    digest = hashlib.sha256()
    for r in records:
        digest.update(f"{r.iso3}|{r.instrument}|{r.status}|{r.year}|{r.source}|{r.as_of}|{r.note}\n".encode())
    return digest.hexdigest()


@transaction.atomic
def store_records(records: list[RatificationRecord], name: str, origin: str, user: User | None = None,
                  source: str = "", sha256: str = "") -> tuple[RatificationSource, bool]:
    """Store validated records as one source, all or nothing; the same file or records again change nothing."""
    sha = sha256 or _records_sha(records)
    existing = RatificationSource.objects.filter(sha256=sha, origin=origin).first()
    if existing is not None and origin != RatificationSource.Origin.MANUAL:
        return existing, False
    instruments = {i.code: i for i in Instrument.objects.all()}
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in={r.iso3 for r in records})}
    problems = [
        Problem("", _("%(code)s is not in the country list") % {"code": r.iso3})
        for r in records if r.iso3 not in countries
    ] + [
        Problem("", _("%(code)s is not in the standards catalogue") % {"code": r.instrument})
        for r in records if r.instrument not in instruments
    ]
    if problems:
        raise InputError(source or name, problems)
    ratification_source = RatificationSource.objects.create(origin=origin, name=name, sha256=sha, loaded_by=user)
    Ratification.objects.bulk_create(
        Ratification(source=ratification_source, country=countries[r.iso3], instrument=instruments[r.instrument],
                     status=r.status, year=r.year, citation=r.source, as_of=r.as_of, note=r.note)
        for r in records
    )
    return ratification_source, True


def ensure_shipped_ratifications() -> RatificationSource:
    """The ratification records that ship with grmg, loaded if they are not yet (one query when they are)."""
    data = SHIPPED_FILE.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    loaded = RatificationSource.objects.filter(origin=RatificationSource.Origin.SHIPPED, sha256=sha).first()
    if loaded is not None:
        return loaded
    records = read_ratification_file(io.BytesIO(data), SHIPPED_FILE.name)
    source, _created = store_records(records, _("the data shipped with grmg"), RatificationSource.Origin.SHIPPED,
                                     sha256=sha)
    return source


def ensure_reference_data() -> None:
    """Countries, the catalogue and the shipped ratifications, loaded or brought up to date (cheap when they are)."""
    ensure_countries()
    sha = hashlib.sha256(CATALOGUE_FILE.read_bytes()).hexdigest()
    if not CatalogueLoad.objects.filter(sha256=sha).exists():
        with transaction.atomic():
            sync_catalogue()
            CatalogueLoad.objects.create(sha256=sha)
    ensure_shipped_ratifications()


def import_file(stream: IO[bytes], name: str, user: User | None = None) -> tuple[RatificationSource, bool]:
    """Import a ratification file (same format and checks as the shipped one); the same file twice is a no-op."""
    data = stream.read()
    records = read_ratification_file(io.BytesIO(data), name)
    return store_records(records, _("Imported: %s") % name, RatificationSource.Origin.IMPORTED, user, name,
                         sha256=hashlib.sha256(data).hexdigest())


def record_by_hand(country: Country, instrument: Instrument, status: str, year: int | None, citation: str,
                   as_of: date, note: str, user: User | None) -> Ratification:
    """Record a status by hand where the shipped data is silent or out of date; the source is required."""
    if not citation.strip():
        raise InputError(_("ratification"), [Problem("source", _("say where this status comes from"))])
    record = RatificationRecord(country.iso3, instrument.code, status, year, citation.strip(), as_of, note.strip())
    demo = frozenset({country.iso3}) if country.is_demo else frozenset()
    checked = read_ratification_file(record_as_csv(record), _("the form"), extra_codes=demo)
    source, _created = store_records(checked, _("Recorded by %(user)s") % {"user": user or _("someone")},
                                     RatificationSource.Origin.MANUAL, user)
    return source.records.get()


def record_as_csv(record: RatificationRecord) -> IO[bytes]:
    """One record in the file format, so a hand-made record gets exactly the checks of an imported file."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["iso3", "instrument", "status", "year", "source", "as_of", "note"])
    writer.writerow([record.iso3, record.instrument, record.status, record.year or "", record.source,
                     record.as_of.isoformat(), record.note])
    return io.BytesIO(text.getvalue().encode())


@dataclass(frozen=True)
class StatusRow:
    """A line of a country's ratification table: the current record, or the data sets that do not list it."""

    instrument: Instrument
    record: Ratification | None
    silent_sources: tuple[tuple[str, date], ...]

    @property
    def is_party(self) -> bool:
        """Whether the current record says the country is a party."""
        return self.record is not None and self.record.status == Ratification.Status.PARTY


def ratification_table(country: Country) -> list[StatusRow]:
    """Every ratifiable instrument with the country's current status: the record with the latest as-of date."""
    instruments = list(Instrument.objects.filter(ratifiable=True))
    records = (
        Ratification.objects.filter(country=country).select_related("source")
        .order_by("instrument_id", "as_of", "source__loaded_at")
    )
    current: dict[int, Ratification] = {}
    for record in records:
        best = current.get(record.instrument_id)
        if best is None or (record.as_of, ORIGIN_RANK[record.source.origin], record.source.loaded_at) >= (
                best.as_of, ORIGIN_RANK[best.source.origin], best.source.loaded_at):
            current[record.instrument_id] = record
    coverage: dict[int, dict[str, date]] = {}
    # Lists (shipped or imported files) can be silent about a country; a record made by hand speaks of one only.
    covered = (Ratification.objects.exclude(source__origin=RatificationSource.Origin.MANUAL)
               .values("instrument_id", "source__name").annotate(latest=Max("as_of")))
    for row in covered:
        coverage.setdefault(row["instrument_id"], {})[row["source__name"]] = row["latest"]
    return [
        StatusRow(i, current.get(i.pk), () if i.pk in current else tuple(sorted(coverage.get(i.pk, {}).items())))
        for i in instruments
    ]
