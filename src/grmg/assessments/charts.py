"""Vega-Lite specifications of the dashboard's charts; the web renders them, reports turn them into SVG."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from grmg.core.framework import Framework
from grmg.core.scoring import Scorecard

Spec = dict[str, Any]
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SCORE_SCALE = {"domain": [0, 100]}
# Pillar and perspective colours stay clear of the red-to-green of the rating bands.
CATEGORY_COLOURS = ["#4c78a8", "#72b7b2", "#b279a2", "#9d755d"]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _band_rules(framework: Framework) -> Spec:
    return {
        "data": {"values": [{"min": band.min, "band": band.label} for band in framework.bands if band.min > 0]},
        "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"},
        "encoding": {"x": {"field": "min", "type": "quantitative", "scale": SCORE_SCALE},
                     "tooltip": [{"field": "band", "title": _("band starts")}]},
    }


def component_chart(framework: Framework, card: Scorecard, previous: Scorecard | None = None) -> Spec:
    """Component scores as bars coloured by pillar, with the previous round as a tick."""
    previous_scores = {c.id: c.score for c in previous.components} if previous else {}
    rows = [
        {
            "component": c.title,
            "pillar": framework.pillar_of(c.id).title,
            "score": _rounded(c.score),
            "previous": _rounded(previous_scores.get(c.id)),
            "coverage": round(c.coverage.evidenced_share),
        }
        for c in card.components
    ]
    order = [row["component"] for row in rows]
    y = {"field": "component", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": 260}}
    layers: list[Spec] = [
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": y,
                "x": {"field": "score", "type": "quantitative", "scale": SCORE_SCALE, "title": _("score (0–100)")},
                "color": {"field": "pillar", "type": "nominal", "title": _("pillar"),
                          "scale": {"domain": [p.title for p in framework.pillars], "range": CATEGORY_COLOURS},
                          "legend": {"orient": "bottom", "columns": 1, "labelLimit": 400}},
                "tooltip": [
                    {"field": "component", "title": _("component")},
                    {"field": "score", "title": _("score")},
                    {"field": "previous", "title": _("previous round")},
                    {"field": "coverage", "title": _("coverage %")},
                ],
            },
        },
        _band_rules(framework),
    ]
    if previous is not None:
        layers.insert(1, {
            "mark": {"type": "tick", "color": "#111", "thickness": 2},
            "encoding": {"y": y, "x": {"field": "previous", "type": "quantitative", "scale": SCORE_SCALE}},
        })
    return {
        "$schema": SCHEMA,
        "description": _("Score of each component, 0 to 100, coloured by pillar"),
        "data": {"values": rows},
        "width": "container",
        "height": {"step": 20},
        "layer": layers,
    }


def perspective_chart(framework: Framework, cards: Mapping[str, Scorecard]) -> Spec:
    """Each pillar's and the overall score side by side for every perspective."""
    rows = []
    for perspective, card in cards.items():
        rows.append({"area": _("Overall"), "perspective": perspective, "score": _rounded(card.overall)})
        rows += [{"area": p.title, "perspective": perspective, "score": _rounded(p.score)} for p in card.pillars]
    return {
        "$schema": SCHEMA,
        "description": _("Overall and pillar scores by perspective"),
        "data": {"values": rows},
        "width": "container",
        "height": {"step": 14},
        "layer": [
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {"field": "area", "type": "nominal", "sort": None, "title": None,
                          "axis": {"labelLimit": 260}},
                    "yOffset": {"field": "perspective", "type": "nominal"},
                    "x": {"field": "score", "type": "quantitative", "scale": SCORE_SCALE,
                          "title": _("score (0–100)")},
                    "color": {"field": "perspective", "type": "nominal", "title": _("perspective"),
                              "scale": {"range": CATEGORY_COLOURS}, "legend": {"orient": "bottom", "columns": 1}},
                },
            },
            _band_rules(framework),
        ],
    }


def trend_chart(points: Sequence[Mapping[str, Any]]) -> Spec:
    """The overall score of every round, one line per perspective; points hold year, perspective, score."""
    return {
        "$schema": SCHEMA,
        "description": _("Overall score by round and perspective"),
        "data": {"values": list(points)},
        "width": "container",
        "height": 180,
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("round"), "axis": {"labelAngle": 0}},
            "y": {"field": "score", "type": "quantitative", "scale": SCORE_SCALE, "title": _("overall score")},
            "color": {"field": "perspective", "type": "nominal", "title": _("perspective"),
                      "scale": {"range": CATEGORY_COLOURS}, "legend": {"orient": "bottom", "columns": 1}},
        },
    }
