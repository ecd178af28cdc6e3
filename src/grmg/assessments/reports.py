"""Round reports: one data structure, written out by registered formats (JSON, standalone HTML)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from grmg import __version__
from grmg.assessments import charts, services
from grmg.assessments.models import Perspective, Round, Status
from grmg.core import compare
from grmg.core.compare import Change, Divergence
from grmg.core.framework import Framework
from grmg.core.scoring import AreaResult, Scorecard
from grmg.vega import to_svg


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _area(area: AreaResult) -> dict[str, Any]:
    return {
        "id": area.id,
        "title": area.title,
        "score": _number(area.score),
        "band": area.band.key if area.band else None,
        "band_label": area.band.label if area.band else None,
        "criteria": area.coverage.total,
        "scored": area.coverage.scored,
        "evidenced": area.coverage.evidenced,
    }


def _change(item: Change) -> dict[str, Any]:
    return {"id": item.id, "before": _number(item.before), "after": _number(item.after),
            "delta": _number(item.delta)}


def _divergence(item: Divergence) -> dict[str, Any]:
    return {"id": item.id, "values": {k: _number(v) for k, v in item.values.items()},
            "spread": _number(item.spread)}


def _card(framework: Framework, card: Scorecard, statuses: dict[str, str]) -> dict[str, Any]:
    components = []
    for component in card.components:
        entry = _area(component)
        entry["pillar"] = component.pillar_id
        entry["status"] = statuses.get(component.id, Status.DRAFT)
        components.append(entry)
    return {
        "overall": _number(card.overall),
        "band": card.band.key if card.band else None,
        "band_label": card.band.label if card.band else None,
        "coverage": {
            "criteria": card.coverage.total,
            "scored": card.coverage.scored,
            "evidenced": card.coverage.evidenced,
            "evidenced_share": _number(card.coverage.evidenced_share),
        },
        "pillars": [_area(p) for p in card.pillars],
        "components": components,
        "gaps": [
            {
                "criterion": gap.criterion_id,
                "component": gap.component_id,
                "question": framework.criterion(gap.criterion_id).question,
                "level": card.criteria[gap.criterion_id].level,
                "value": _number(gap.value),
                "target": _number(gap.target),
                "distance": _number(gap.distance),
                "priority": round(gap.priority, 2),
            }
            for gap in card.gaps
        ],
        "missing": list(card.missing),
    }


def round_report(assessment_round: Round, results: services.CountryResults | None = None) -> dict[str, Any]:
    """Everything known about a round, as plain data: scores, coverage, gaps, divergence, change."""
    results = results or services.country_results(assessment_round.country)
    this_round = next(r for r in results.rounds if r.pk == assessment_round.pk)
    framework = this_round.framework.framework
    assessments = results.of_round(this_round)
    previous = results.before(this_round)
    previous_by_perspective = {a.perspective: a for a in results.of_round(previous)} if previous else {}
    statuses = services.statuses_for(assessments)
    perspectives = []
    for assessment in assessments:
        card = results.cards[assessment.pk]
        entry = {
            "perspective": assessment.perspective,
            "label": str(Perspective(assessment.perspective).label),
            "organisation": assessment.organisation.name,
            **_card(framework, card, statuses[assessment.pk]),
            "change": None,
        }
        earlier = previous_by_perspective.get(assessment.perspective)
        if earlier is not None and previous is not None:
            moved = compare.change(results.cards[earlier.pk], card)
            entry["change"] = {
                "since": previous.reference,
                "overall": _change(moved.overall),
                "coverage": _change(moved.coverage),
                "pillars": [_change(c) for c in moved.pillars],
                "components": [_change(c) for c in moved.components],
            }
        perspectives.append(entry)
    divergence = None
    if len(assessments) >= 2:
        report = compare.divergence({a.perspective: results.cards[a.pk] for a in assessments})
        divergence = {
            "overall": _divergence(report.overall),
            "pillars": [_divergence(d) for d in report.pillars],
            "components": [_divergence(d) for d in report.components],
            "criteria": [{**_divergence(d), "question": framework.criterion(d.id).question}
                         for d in report.criteria if d.spread],
        }
    country = this_round.country
    return {
        "report": "grmg round report",
        "generated": timezone.now().isoformat(timespec="seconds"),
        "grmg_version": __version__,
        "round": this_round.reference,
        "country": {"iso3": country.iso3, "name": country.name, "demo": country.is_demo},
        "year": this_round.year,
        "framework": framework.key,
        "bands": [{"key": b.key, "label": b.label, "min": b.min} for b in framework.bands],
        "perspectives": perspectives,
        "divergence": divergence,
    }


@dataclass(frozen=True)
class ReportFormat:
    """A way to write a round report."""

    key: str
    media_type: str
    render: Callable[[Round], bytes]


REPORT_FORMATS: dict[str, ReportFormat] = {}


def register_format(key: str, media_type: str) -> Callable[[Callable[[Round], bytes]], Callable[[Round], bytes]]:
    """Register a report writer under a format key."""
    def decorator(render: Callable[[Round], bytes]) -> Callable[[Round], bytes]:
        REPORT_FORMATS[key] = ReportFormat(key, media_type, render)
        return render
    return decorator


@register_format("json", "application/json")
def render_json(assessment_round: Round) -> bytes:
    """The report as JSON."""
    return json.dumps(round_report(assessment_round), indent=2, ensure_ascii=False).encode()


@register_format("html", "text/html; charset=utf-8")
def render_html(assessment_round: Round) -> bytes:
    """The report as one HTML file with its charts inline, readable offline."""
    results = services.country_results(assessment_round.country)
    report = round_report(assessment_round, results)
    this_round = next(r for r in results.rounds if r.pk == assessment_round.pk)
    framework = this_round.framework.framework
    assessments = results.of_round(this_round)
    cards = {a.perspective_short: results.cards[a.pk] for a in assessments}
    previous = results.before(this_round)
    earlier = {a.perspective: results.cards[a.pk] for a in results.of_round(previous)} if previous else {}
    component_svgs = [
        (a.get_perspective_display(),
         to_svg(charts.component_chart(framework, results.cards[a.pk], earlier.get(a.perspective))))
        for a in assessments
    ]
    context = {
        "report": report,
        "framework": framework,
        "component_svgs": component_svgs,
        "perspective_svg": to_svg(charts.perspective_chart(framework, cards)) if len(cards) > 1 else "",
        "title": _("Assessment report: %(country)s %(year)s") % {
            "country": report["country"]["name"], "year": report["year"]},
    }
    return render_to_string("assessments/report.html", context).encode()
