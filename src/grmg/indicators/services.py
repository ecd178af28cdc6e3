"""Indicators: loading the registry, agreeing sets by consultation, and reading series for pages and exports."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from grmg.core.indicators.progress import Trend, trend
from grmg.core.problems import InputError, Problem
from grmg.countries.models import Country
from grmg.frameworks.services import shipped_version
from grmg.indicators.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue
from grmg.indicators.models import Dimension, Endorsement, Indicator, IndicatorSet, Observation, SetComment, SetItem
from grmg.organisations.models import Organisation
from grmg.standards.models import CatalogueLoad

GOVERNMENT = frozenset({Organisation.Kind.GOVERNMENT_MINISTRY, Organisation.Kind.SUBNATIONAL_OFFICE})
CIVIL_SOCIETY = frozenset({Organisation.Kind.CSO, Organisation.Kind.MIGRANT_LED, Organisation.Kind.WOMENS_ORGANISATION,
                           Organisation.Kind.TRADE_UNION})


class IndicatorError(ValueError):
    """A request the rules of the indicator sets refuse; the message says why, in one line."""


@transaction.atomic
def store_catalogue(catalogue: Catalogue, name: str) -> int:
    """Bring dimensions and indicators in line with a catalogue; returns the number of indicators it holds."""
    for key, dimension in catalogue.dimensions.items():
        Dimension.objects.update_or_create(key=key, defaults={"label": dimension.label, "codes": dimension.codes})
    for position, item in enumerate(catalogue.indicators):
        Indicator.objects.update_or_create(code=item.code, defaults={
            "name": item.name, "definition": item.definition, "numerator": item.numerator,
            "denominator": item.denominator or "", "unit": item.unit, "higher_is_better": item.higher_is_better,
            "disaggregations": item.disaggregations, "source_type": item.source_type, "components": item.components,
            "sdg": item.sdg, "gcm": item.gcm, "min_units": item.min_units,
            "compute": item.compute.model_dump() if item.compute else None, "catalogue": name,
            "position": position if name == CATALOGUE_FILE.name else 1000 + position,
        })
    return len(catalogue.indicators)


def ensure_registry() -> None:
    """The shipped indicator registry, loaded or brought up to date (one query when it is)."""
    sha = hashlib.sha256(CATALOGUE_FILE.read_bytes()).hexdigest()
    if not CatalogueLoad.objects.filter(sha256=sha).exists():
        with transaction.atomic():
            store_catalogue(load_catalogue(framework=shipped_version().framework), CATALOGUE_FILE.name)
            CatalogueLoad.objects.create(sha256=sha)


def registry() -> Catalogue:
    """The registry as loaded in the database, as a catalogue (dimensions and indicators)."""
    from grmg.indicators.catalogue import Computation
    from grmg.indicators.catalogue import Dimension as DimensionSpec
    from grmg.indicators.catalogue import Indicator as IndicatorSpec

    return Catalogue.model_validate({
        "schema": "grmg-indicators/1", "version": "db", "as_of": timezone.localdate(), "source": "database",
        "dimensions": {d.key: DimensionSpec(label=d.label, codes=d.codes) for d in Dimension.objects.all()},
        "indicators": [IndicatorSpec(
            code=i.code, name=i.name, definition=i.definition, numerator=i.numerator,
            denominator=i.denominator or None, unit=i.unit, higher_is_better=i.higher_is_better,
            disaggregations=i.disaggregations, source_type=i.source_type, components=i.components,
            sdg=i.sdg, gcm=i.gcm, min_units=i.min_units,
            compute=Computation.model_validate(i.compute) if i.compute else None,
        ) for i in Indicator.objects.all()],
    })


def load_agency_catalogue(path: Path) -> int:
    """Add an agency's indicators (and dimensions) to the registry, checked against the others; a reload updates."""
    ensure_registry()
    base = registry()
    # The file's own indicators from an earlier load may be redefined: that is how an agency updates its file.
    own = set() if path.name == CATALOGUE_FILE.name else set(
        Indicator.objects.filter(catalogue=path.name).values_list("code", flat=True))
    base = base.model_copy(update={"indicators": [i for i in base.indicators if i.code not in own]})
    catalogue = load_catalogue(path, framework=shipped_version().framework, base=base)
    return store_catalogue(catalogue, path.name)


@transaction.atomic
def propose_set(country: Country, organisation: Organisation, title: str,
                items: Iterable[tuple[Indicator, int | None, float | None, int | None, float | None]],
                user: User | None = None) -> IndicatorSet:
    """Propose the indicators a country will monitor, each with an optional baseline and dated target."""
    rows = list(items)
    if not title.strip():
        raise IndicatorError(_("give the set a title"))
    if not rows:
        raise IndicatorError(_("choose at least one indicator"))
    for indicator, baseline_year, _baseline, target_year, target in rows:
        if target is not None and target_year is None:
            raise IndicatorError(_("%(code)s: a target needs its year") % {"code": indicator.code})
        if baseline_year and target_year and target_year <= baseline_year:
            raise IndicatorError(_("%(code)s: the target year must come after the baseline year") % {
                "code": indicator.code})
    proposed = IndicatorSet.objects.create(country=country, title=title.strip(), proposed_by=organisation)
    SetItem.objects.bulk_create(
        SetItem(indicator_set=proposed, indicator=indicator, baseline_year=baseline_year, baseline_value=baseline,
                target_year=target_year, target_value=target)
        for indicator, baseline_year, baseline, target_year, target in rows
    )
    return proposed


def comment(indicator_set: IndicatorSet, organisation: Organisation, text: str, user: User | None) -> SetComment:
    """Put a stakeholder's comment on the record."""
    if not text.strip():
        raise IndicatorError(_("write the comment"))
    return SetComment.objects.create(indicator_set=indicator_set, organisation=organisation, author=user,
                                     text=text.strip())


@transaction.atomic
def endorse(indicator_set: IndicatorSet, organisation: Organisation, comment_text: str,
            user: User | None) -> Endorsement:
    """Record an organisation's endorsement; with government and civil society on board, the set is official."""
    locked = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
    if locked.status != IndicatorSet.Status.PROPOSED:
        raise IndicatorError(_("this set is %(status)s: endorse the country's current proposal instead") % {
            "status": locked.get_status_display().lower()})
    if locked.endorsements.filter(organisation=organisation).exists():
        raise IndicatorError(_("%(org)s has already endorsed this set") % {"org": organisation})
    endorsement = Endorsement.objects.create(indicator_set=locked, organisation=organisation, author=user,
                                             comment=comment_text.strip())
    kinds = set(locked.endorsements.values_list("organisation__kind", flat=True))
    if kinds & GOVERNMENT and kinds & CIVIL_SOCIETY:
        IndicatorSet.objects.filter(country=locked.country, status=IndicatorSet.Status.ENDORSED).update(
            status=IndicatorSet.Status.SUPERSEDED)
        locked.status = IndicatorSet.Status.ENDORSED
        locked.endorsed_at = timezone.now()
        locked.save()
    return endorsement


def official_set(country: Country) -> IndicatorSet | None:
    """The endorsed set: the only one used for official monitoring."""
    return (IndicatorSet.objects.filter(country=country, status=IndicatorSet.Status.ENDORSED)
            .prefetch_related(Prefetch("items", queryset=SetItem.objects.select_related("indicator")))
            .first())


def dimension_key(dimensions: Mapping[str, str]) -> str:
    """The canonical key of a cell: its non-total dimensions, sorted, as `a=x|b=y`; "" for the total."""
    return "|".join(f"{name}={value}" for name, value in sorted(dimensions.items()))


@dataclass(frozen=True)
class SeriesPoint:
    """A year's value for women, men and everyone, with the gap between women and men."""

    year: int
    female: Observation | None
    male: Observation | None
    total: Observation | None

    @property
    def gap(self) -> float | None:
        """Women's value minus men's, when both are published."""
        women, men = _published_value(self.female), _published_value(self.male)
        return None if women is None or men is None else women - men

    @property
    def ratio(self) -> float | None:
        """Women's value divided by men's, when both are published and men's is not zero."""
        women, men = _published_value(self.female), _published_value(self.male)
        return None if women is None or not men else women / men


def _published_value(observation: Observation | None) -> float | None:
    """An observation's value if it is published, else None (a suppressed value never enters a gap)."""
    if observation is None or observation.value is None or observation.status != Observation.Status.PUBLISHED:
        return None
    return float(observation.value)


def published(items: Iterable[Observation]) -> list[Observation]:
    """The observations as charts and summaries show them to anyone: a suppressed cell keeps only its status."""
    shown = []
    for observation in items:
        if observation.status == Observation.Status.SUPPRESSED:
            observation = copy.copy(observation)  # never saved: the stored value stays for the roles allowed
            observation.value = observation.units = None
        shown.append(observation)
    return shown


@dataclass(frozen=True)
class SexTrends:
    """The trends of women's and men's published values and of the gap between them, a change a year."""

    women: Trend | None
    men: Trend | None
    gap: Trend | None
    latest_gap: float | None

    @property
    def gap_narrowing(self) -> bool | None:
        """Whether the gap moves towards zero: its trend runs against its latest sign."""
        if self.gap is None or not self.latest_gap or not self.gap.per_year:
            return None
        return (self.gap.per_year > 0) != (self.latest_gap > 0)


def sex_trends(points: Sequence[SeriesPoint]) -> SexTrends:
    """The trends of a series by sex, from published values only."""
    def values(pick: Callable[[SeriesPoint], Observation | None]) -> list[tuple[int, float]]:
        return [(p.year, value) for p in points if (value := _published_value(pick(p))) is not None]

    gaps = [(p.year, gap) for p in points if (gap := p.gap) is not None]
    return SexTrends(women=trend(values(lambda p: p.female)), men=trend(values(lambda p: p.male)),
                     gap=trend(gaps), latest_gap=gaps[-1][1] if gaps else None)


def observations(country: Country, indicator: Indicator) -> list[Observation]:
    """Every observation of an indicator for a country, oldest first."""
    return list(Observation.objects.filter(country=country, indicator=indicator).order_by("year", "key"))


def sex_series(items: Iterable[Observation]) -> list[SeriesPoint]:
    """The series by sex with no other dimension: one point a year."""
    by_year: dict[int, dict[str, Observation]] = {}
    for item in items:
        if item.key in ("", "sex=female", "sex=male"):
            by_year.setdefault(item.year, {})[item.key] = item
    return [SeriesPoint(year, cells.get("sex=female"), cells.get("sex=male"), cells.get(""))
            for year, cells in sorted(by_year.items())]


def check_country_codes(codes: Iterable[str], source: str) -> dict[str, Country]:
    """The countries of the given codes; InputError names any unknown one with close matches."""
    from grmg.countries.services import CountryNotFound, find_country

    found: dict[str, Country] = {}
    problems: list[Problem] = []
    for code in sorted(set(codes)):
        try:
            found[code] = find_country(code)
        except CountryNotFound as exc:
            problems.append(Problem(_("country"), str(exc)))
    if problems:
        raise InputError(source, problems)
    return found
