"""Levels the indicator sets and their data suggest for the monitoring-mechanisms criteria."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from grmg.assessments.suggestions import Records, Suggestion, register
from grmg.countries.models import Country
from grmg.indicators.models import Endorsement, IndicatorSet, Observation
from grmg.indicators.services import CIVIL_SOCIETY, GOVERNMENT
from grmg.organisations.models import Organisation

WORKERS = frozenset({Organisation.Kind.TRADE_UNION})
WOMEN = frozenset({Organisation.Kind.MIGRANT_LED, Organisation.Kind.WOMENS_ORGANISATION})


def _sets(country: Country) -> list[IndicatorSet]:
    return list(IndicatorSet.objects.filter(country=country).select_related("proposed_by")
                .prefetch_related("items__indicator", "endorsements__organisation"))


def _observed(country: Country) -> set[tuple[int, int, str]]:
    """(indicator, year, key) of the published values by sex."""
    return set(Observation.objects.filter(country=country, status=Observation.Status.PUBLISHED,
                                          key__in=["sex=female", "sex=male"])
               .values_list("indicator_id", "year", "key"))


@register("mm_indicator_set", "mm_baseline_targets", "mm_sex_disaggregation")
def monitoring_suggestions(records: Records) -> Iterator[Suggestion]:
    """Whether a set was agreed by consultation, has baselines and targets, and has data by sex."""
    sets = records.get(_sets)
    if not sets:
        return
    source = _("indicator sets")
    official = next((s for s in sets if s.status == IndicatorSet.Status.ENDORSED), None)
    latest = official or sets[0]
    endorsers: list[Endorsement] = list(latest.endorsements.all())
    kinds = {e.organisation.kind for e in endorsers}
    citation = _("%(title)s, %(status)s; endorsed by %(who)s") % {
        "title": latest.title, "status": latest.get_status_display().lower(),
        "who": "; ".join(f"{e.organisation} ({e.created_at:%Y-%m-%d})" for e in endorsers) or _("nobody yet")}
    if official is None:
        level, why = "2", _("A set is proposed but not yet endorsed by government and civil society together.")
    elif kinds & WORKERS and kinds & WOMEN:
        recent = official.endorsed_at and (timezone.now() - official.endorsed_at).days <= 3 * 365
        linked = all(item.indicator.sdg or item.indicator.gcm for item in official.items.all())
        level = "4" if recent and linked else "3"
        why = _("Endorsed by government and by a workers' organisation and an organisation of women migrant "
                "workers; every indicator has a written definition and source in the registry.")
        if level == "3":
            why += " " + _("Level 4 also needs a review in the last 3 years and SDG or GCM links for every indicator.")
    else:
        level = "2"
        why = _("Endorsed, but not yet by both a workers' organisation and an organisation of women migrant workers "
                "(level 3).")
    if kinds & GOVERNMENT and not kinds & CIVIL_SOCIETY:
        why += " " + _("Only government bodies endorsed it.")
    yield Suggestion("mm_indicator_set", level, why, source, (citation,))

    if official is None:
        return
    items = list(official.items.all())
    observed = records.get(_observed)
    complete = [i for i in items if None not in (i.baseline_value, i.baseline_year, i.target_value, i.target_year)]
    by_sex = [i for i in complete if {(i.indicator_id, i.baseline_year, "sex=female"),
                                      (i.indicator_id, i.baseline_year, "sex=male")} <= observed]
    share = len(complete) / len(items) if items else 0.0
    level = "full" if items and len(by_sex) == len(items) else "partial" if share >= 0.5 else "absent"
    yield Suggestion("mm_baseline_targets", level, _(
        "%(complete)d of %(n)d indicators of the official set have a baseline and a dated target; %(sexed)d have "
        "baseline values for women and for men.") % {"complete": len(complete), "n": len(items), "sexed": len(by_sex)},
        source, (citation,))

    this_year = timezone.localdate().year
    recent_cells = {(indicator, key) for indicator, year, key in observed if year >= this_year - 3}
    with_data = [i for i in items if {(i.indicator_id, "sex=female"), (i.indicator_id, "sex=male")} <= recent_cells]
    yield Suggestion("mm_sex_disaggregation", None, _(
        "%(n)d of the %(total)d indicators of the official set have values for women and for men from the last 3 "
        "years in grmg. The criterion asks about the country's data sources: check which of them publish by sex "
        "and migration status.") % {"n": len(with_data), "total": len(items)}, source)
