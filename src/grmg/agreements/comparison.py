"""A country's agreements compared provision by provision, and the protection gaps where its women live.

The matrix shows each agreement's status for each provision: the one an analyst confirmed, otherwise the
screened one, marked as unconfirmed. The gaps weigh each destination by the women from the country who live
there (UN DESA migrant stock 2020) and by the share of provisions that no agreement in force covering the
corridor protects. The gap arithmetic is a plain function over plain data (`rank_gaps`), tested by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from grmg.agreements.models import Agreement, Corridor, Document, Finding, Party, ProvisionStatus, Screening
from grmg.agreements.services import GROUPS, PRECEDENCE, checklist, combine, group_label
from grmg.core.screening import ChecklistItem
from grmg.countries.models import Country
from grmg.profiles import patterns

TOP_DESTINATIONS = 10
# What a status protects: a weak commitment counts half; absent, contrary and no text protect nothing.
VALUES = {ProvisionStatus.PRESENT: 1.0, ProvisionStatus.PARTIAL: 0.5}
SYMBOLS = {ProvisionStatus.PRESENT: "✓", ProvisionStatus.PARTIAL: "½", ProvisionStatus.ABSENT: "–",
           ProvisionStatus.CONTRARY: "✕"}
STOCK_YEAR = 2020


@dataclass(frozen=True)
class Cell:
    """One provision's status in one agreement; confirmed when an analyst reviewed it, blank when nothing is known."""

    status: str = ""
    confirmed: bool = False

    @property
    def value(self) -> float:
        """How much of the provision the status protects: 1, 0.5 or 0."""
        return VALUES.get(ProvisionStatus(self.status), 0.0) if self.status else 0.0

    @property
    def symbol(self) -> str:
        """A mark readable without colour; a question mark where no analyst confirmed it."""
        if not self.status:
            return ""
        return SYMBOLS[ProvisionStatus(self.status)] + ("" if self.confirmed else "?")

    @property
    def label(self) -> str:
        """The status in words, saying whether it is confirmed."""
        if not self.status:
            return _("not screened")
        status = str(ProvisionStatus(self.status).label)
        return _("%s, confirmed") % status if self.confirmed else _("%s, screened, not yet confirmed") % status

    @property
    def css(self) -> str:
        """The heat-map classes of the cell."""
        if not self.status:
            return "heat heat-none"
        return f"heat heat-{self.status} {'confirmed' if self.confirmed else 'unconfirmed'}"


NO_STATUS = Cell()


@dataclass(frozen=True)
class Coverage:
    """What the gaps need to know of one agreement: whether it is in force, its corridors and its statuses."""

    key: int
    title: str
    in_force: bool
    corridors: frozenset[tuple[str, str]]  # (origin, destination) ISO3 codes
    cells: Mapping[str, Cell]
    status: str = ""  # the effective status, for the report

    def cell(self, provision: str) -> Cell:
        """The agreement's status for a provision, blank if nothing is known."""
        return self.cells.get(provision, NO_STATUS)

    @property
    def confirmed(self) -> int:
        """How many statuses an analyst confirmed."""
        return sum(1 for cell in self.cells.values() if cell.confirmed)

    @property
    def status_label(self) -> str:
        """The effective status in words."""
        return str(Agreement.Status(self.status).label) if self.status else ""


@dataclass(frozen=True)
class Column:
    """An agreement as a column of the matrix."""

    number: int
    agreement: Agreement
    partners: tuple[str, ...]
    coverage: Coverage

    @property
    def status_label(self) -> str:
        """The effective status in words."""
        return str(Agreement.Status(self.coverage.status).label)

    def counts(self, provisions: Sequence[ChecklistItem]) -> dict[str, int]:
        """How many provisions are in each status, how many have none, and how many are confirmed."""
        counts = dict.fromkeys([*ProvisionStatus.values, "none", "confirmed"], 0)
        for item in provisions:
            cell = self.coverage.cell(item.id)
            counts[cell.status or "none"] += 1
            counts["confirmed"] += cell.confirmed
        return counts


@dataclass(frozen=True)
class MatrixRow:
    """One provision across the agreements."""

    item: ChecklistItem
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    """A country's agreements × the checklist, grouped as the review screen groups it."""

    country: Country
    columns: tuple[Column, ...]
    groups: tuple[tuple[str, tuple[MatrixRow, ...]], ...]
    provisions: tuple[ChecklistItem, ...]

    @property
    def rows(self) -> list[MatrixRow]:
        """Every provision's row, in group order."""
        return [row for _label, rows in self.groups for row in rows]

    @property
    def is_demo(self) -> bool:
        """Whether any of it is demo data."""
        return self.country.is_demo or any(c.agreement.is_demo for c in self.columns)

    @property
    def summaries(self) -> list[tuple[Column, dict[str, int]]]:
        """Each agreement with its counts by status."""
        return [(column, column.counts(self.provisions)) for column in self.columns]


def grouped(items: Sequence[ChecklistItem]) -> list[tuple[str, list[ChecklistItem]]]:
    """The checklist in the review screen's groups; provisions an agency added come last, under their own heading."""
    by_id = {item.id: item for item in items}
    placed: set[str] = set()
    groups = []
    for key, ids in GROUPS:
        members = [by_id[i] for i in ids if i in by_id]
        placed.update(ids)
        if members:
            groups.append((group_label(key), members))
    others = [item for item in items if item.id not in placed]
    if others:
        groups.append((group_label("other"), others))
    return groups


def _statuses(agreements: Sequence[Agreement]) -> dict[int, dict[str, Cell]]:
    """Each agreement's confirmed status per provision, else its screened one, in three queries.

    The agreements come with their reviews prefetched. The screened status combines the newest screening of
    each of the agreement's documents, as the review screen does.
    """
    documents = dict(Document.objects.filter(agreement__in=[a.pk for a in agreements])
                     .values_list("pk", "agreement_id"))
    latest: dict[int, int] = {}  # document -> its newest screening
    for screening_id, document_id in (Screening.objects.filter(document_id__in=list(documents))
                                      .order_by("-screened_at", "-pk").values_list("pk", "document_id")):
        latest.setdefault(document_id, screening_id)
    owner = {screening_id: documents[document_id] for document_id, screening_id in latest.items()}
    found: dict[int, dict[str, list[Finding]]] = {}
    for finding in (Finding.objects.filter(screening_id__in=list(owner))
                    .only("screening_id", "provision", "status", "confidence")):
        found.setdefault(owner[finding.screening_id], {}).setdefault(finding.provision, []).append(finding)
    cells: dict[int, dict[str, Cell]] = {}
    for agreement in agreements:
        screened = {p: best.status for p, items in found.get(agreement.pk, {}).items() if (best := combine(items))}
        confirmed = {review.provision: review.status for review in agreement.reviews.all()}
        cells[agreement.pk] = {p: Cell(s, False) for p, s in screened.items()} | {
            p: Cell(s, True) for p, s in confirmed.items()}
    return cells


def _agreements(country: Country) -> list[Agreement]:
    """The country's agreements with parties, corridors and reviews, oldest signature first, unsigned last."""
    order = (F("signed_date").asc(nulls_last=True), "title", "pk")
    return list(Agreement.objects.filter(country=country).order_by(*order).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("country")),
        Prefetch("corridors", queryset=Corridor.objects.select_related("destination", "origin")),
        "reviews"))


def comparison(country: Country, today: date | None = None) -> Matrix:
    """The agreements registered for a country × the checklist, in seven queries whatever their number."""
    today = today or timezone.localdate()
    agreements = _agreements(country)
    statuses = _statuses(agreements)
    provisions = checklist()
    columns = []
    for number, agreement in enumerate(agreements, start=1):
        parties = list(agreement.parties.all())
        side = next((p.side for p in parties if p.country_id == country.pk), Party.Side.ORIGIN)
        coverage = Coverage(agreement.pk, agreement.title, agreement.is_in_force(today),
                            frozenset((c.origin.iso3, c.destination.iso3) for c in agreement.corridors.all()),
                            statuses[agreement.pk], agreement.effective_status(today))
        columns.append(Column(number, agreement, tuple(p.country.name for p in parties if p.side != side), coverage))
    groups = tuple((label, tuple(MatrixRow(item, tuple(c.coverage.cell(item.id) for c in columns))
                                 for item in items)) for label, items in grouped(provisions))
    return Matrix(country, tuple(columns), groups, provisions)


# --- protection gaps --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Destination:
    """A country where women from the origin live, with how many (None where the data have no figures)."""

    iso3: str
    name: str
    women: int | None
    share: float | None = None  # percent of all women emigrants of the origin


@dataclass(frozen=True)
class Protection:
    """How well the agreements in force on a corridor protect one provision."""

    item: ChecklistItem
    cell: Cell  # the best status among them; blank where none covers it
    by: str = ""  # the agreement that gives it
    contrary: tuple[str, ...] = ()  # the agreements in force that say the opposite

    @property
    def value(self) -> float:
        """1 protected, 0.5 partly, 0 not."""
        return self.cell.value

    @property
    def label(self) -> str:
        """The protection in words: the best status and which agreement gives it, or that none does."""
        if not self.by:
            return _("no status in an agreement in force")
        text = _("%(status)s in %(agreement)s") % {"status": self.cell.label, "agreement": self.by}
        if self.contrary and self.cell.status != ProvisionStatus.CONTRARY:
            text += "; " + _("contrary in %s") % ", ".join(self.contrary)
        return text


@dataclass(frozen=True)
class Gap:
    """One destination: the agreements covering the corridor and what those in force leave unprotected."""

    destination: Destination
    covering: tuple[Coverage, ...]
    provisions: tuple[Protection, ...]
    rank: int = 0

    @property
    def in_force(self) -> tuple[Coverage, ...]:
        """The covering agreements in force: the only ones that count."""
        return tuple(c for c in self.covering if c.in_force)

    @property
    def protected(self) -> float:
        """Provisions protected, a partial one counting half."""
        return sum(p.value for p in self.provisions)

    @property
    def missing_share(self) -> float:
        """The share of provisions missing, 0 to 1."""
        return _missing(self.provisions)

    @property
    def gender_missing_share(self) -> float:
        """The share of the provisions specific to gender missing, 0 to 1."""
        return _missing([p for p in self.provisions if p.item.gender])

    @property
    def missing_pct(self) -> float:
        """The share of provisions missing, in percent."""
        return 100 * self.missing_share

    @property
    def gender_missing_pct(self) -> float:
        """The share of the provisions specific to gender missing, in percent."""
        return 100 * self.gender_missing_share

    @property
    def score(self) -> float | None:
        """Women in the destination × share of provisions missing; None without a figure for the women."""
        return None if self.destination.women is None else self.destination.women * self.missing_share

    @property
    def gender_score(self) -> float | None:
        """Women in the destination × share of the provisions specific to gender missing."""
        return None if self.destination.women is None else self.destination.women * self.gender_missing_share

    @property
    def missing(self) -> list[Protection]:
        """The provisions not fully protected, those specific to gender first, then in checklist order."""
        return sorted((p for p in self.provisions if p.value < 1), key=lambda p: not p.item.gender)

    @property
    def missing_gender(self) -> list[Protection]:
        """The provisions specific to gender not fully protected."""
        return [p for p in self.missing if p.item.gender]

    @property
    def missing_other(self) -> list[Protection]:
        """The other provisions not fully protected."""
        return [p for p in self.missing if not p.item.gender]

    @property
    def contrary(self) -> list[Protection]:
        """The provisions an agreement in force contradicts."""
        return [p for p in self.provisions if p.contrary]

    @property
    def unconfirmed(self) -> int:
        """How many protected provisions rest on a screened status no analyst has confirmed yet."""
        return sum(1 for p in self.provisions if p.value and not p.cell.confirmed)


def _missing(provisions: Sequence[Protection]) -> float:
    return (len(provisions) - sum(p.value for p in provisions)) / len(provisions) if provisions else 0.0


def protection(item: ChecklistItem, agreements: Sequence[Coverage]) -> Protection:
    """One provision over the agreements in force on a corridor: the strongest status, confirmed preferred."""
    best: Coverage | None = None
    for agreement in agreements:
        cell = agreement.cell(item.id)
        if cell.status and (best is None or _strength(cell) > _strength(best.cell(item.id))):
            best = agreement
    contrary = tuple(a.title for a in agreements if a.cell(item.id).status == ProvisionStatus.CONTRARY)
    return Protection(item, best.cell(item.id) if best else NO_STATUS, best.title if best else "", contrary)


def _strength(cell: Cell) -> tuple[float, int, bool]:
    # A contrary status outranks an absent one (so it shows), an analyst's word a screening.
    return cell.value, PRECEDENCE[ProvisionStatus(cell.status)], cell.confirmed


def rank_gaps(origin: str, destinations: Iterable[Destination], agreements: Iterable[Coverage],
              provisions: Sequence[ChecklistItem]) -> list[Gap]:
    """Each destination's gaps, ranked: by women × share missing, or by share missing where no women are counted."""
    agreements = list(agreements)
    gaps = []
    for destination in destinations:
        covering = tuple(a for a in agreements if (origin, destination.iso3) in a.corridors)
        in_force = [a for a in covering if a.in_force]
        gaps.append(Gap(destination, covering, tuple(protection(item, in_force) for item in provisions)))
    weighted = any(g.destination.women is not None for g in gaps)
    if weighted:
        gaps.sort(key=lambda g: (-(g.score or 0), -(g.destination.women or 0), g.destination.name))
    else:
        gaps.sort(key=lambda g: (-g.missing_share, g.destination.name))
    return [replace(gap, rank=n) for n, gap in enumerate(gaps, start=1)]


def gap_destinations(stock: Sequence[patterns.Corridor], covered: Mapping[str, str], names: Mapping[str, str],
                     top: int = TOP_DESTINATIONS) -> list[Destination]:
    """The top destinations of women by stock, and every destination an agreement covers (0 women if not in the data).

    Without stock data for the origin, only the destinations the agreements cover, with no figure for women.
    """
    by_code = {c.partner_iso3: c for c in stock}
    chosen = [c.partner_iso3 for c in stock[:top]] + sorted(set(covered) - {c.partner_iso3 for c in stock[:top]})
    result = []
    for code in chosen:
        found = by_code.get(code)
        name = names.get(code) or covered.get(code) or (found.partner_name if found else code)
        if not stock:
            result.append(Destination(code, name, None))
        else:
            result.append(Destination(code, name, found.stock if found else 0, found.share if found else 0.0))
    return result


@dataclass(frozen=True)
class GapAnalysis:
    """Everything the gaps page and report show."""

    country: Country
    gaps: tuple[Gap, ...]
    matrix: Matrix
    women_abroad: int | None  # all women emigrants in the stock data; None if the data have no figures
    source: patterns.Source = field(default_factory=lambda: patterns.SOURCES["migrant_stock"])
    year: int = STOCK_YEAR
    top: int = TOP_DESTINATIONS

    @property
    def weighted(self) -> bool:
        """Whether the destinations are weighted by the women who live there."""
        return self.women_abroad is not None

    @property
    def provisions(self) -> tuple[ChecklistItem, ...]:
        """The checklist."""
        return self.matrix.provisions

    @property
    def numbers(self) -> dict[int, int]:
        """Each agreement's number in the matrix, by its key."""
        return {column.coverage.key: column.number for column in self.matrix.columns}

    @property
    def gender_items(self) -> list[ChecklistItem]:
        """The provisions specific to gender."""
        return [item for item in self.provisions if item.gender]

    @property
    def gender_grid(self) -> list[tuple[ChecklistItem, list[tuple[Gap, Protection]]]]:
        """Each provision specific to gender across the destinations, in rank order."""
        return [(item, [(gap, next(p for p in gap.provisions if p.item.id == item.id)) for gap in self.gaps])
                for item in self.gender_items]

    @property
    def women_shown(self) -> int:
        """Women in the destinations shown."""
        return sum(g.destination.women or 0 for g in self.gaps)

    @property
    def women_covered(self) -> int:
        """Women in destinations that an agreement in force covers."""
        return sum(g.destination.women or 0 for g in self.gaps if g.in_force)

    @property
    def covered(self) -> int:
        """How many of the destinations shown an agreement in force covers."""
        return sum(1 for g in self.gaps if g.in_force)

    @property
    def largest_score(self) -> float:
        """The largest gap score, to scale the bars (1 without scores)."""
        return max((g.score or 0 for g in self.gaps), default=0) or 1.0

    @property
    def is_demo(self) -> bool:
        """Whether any of it is demo data."""
        return self.matrix.is_demo


def gap_analysis(country: Country, today: date | None = None) -> GapAnalysis:
    """A country of origin's protection gaps in the destinations of its women, in eight queries."""
    matrix = comparison(country, today)
    coverages = [c.coverage for c in matrix.columns]
    covered = {c.destination.iso3: c.destination.name for column in matrix.columns
               for c in column.agreement.corridors.all() if c.origin_id == country.pk}
    stock = patterns.top_corridors(country.iso3, "emigrants", "female", year=STOCK_YEAR, limit=10_000)
    codes = [c.partner_iso3 for c in stock[:TOP_DESTINATIONS]]
    names = dict(Country.objects.filter(iso3__in=codes).values_list("iso3", "name")) if codes else {}
    destinations = gap_destinations(stock, covered, names)
    gaps = rank_gaps(country.iso3, destinations, coverages, matrix.provisions)
    return GapAnalysis(country, tuple(gaps), matrix, sum(c.stock for c in stock) if stock else None)
