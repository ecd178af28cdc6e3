"""Vega-Lite specifications of the indicator pages' charts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from grmg.indicators.services import SeriesPoint

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SEX_SCALE = {"domain": [_("women"), _("men"), _("total")], "range": ["#8e44ad", "#16a085", "#7f8c8d"]}


def sex_chart(points: list[SeriesPoint], unit: str, target: float | None, target_year: int | None) -> dict[str, Any]:
    """The series for women, men and everyone over the years, with the target as a point if there is one."""
    rows = [
        {"year": p.year, "sex": label, "value": getattr(p, field).value}
        for p in points for field, label in (("female", _("women")), ("male", _("men")), ("total", _("total")))
        if getattr(p, field) is not None and getattr(p, field).value is not None
    ]
    layers: list[dict[str, Any]] = [{
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": unit},
            "color": {"field": "sex", "type": "nominal", "title": None, "scale": SEX_SCALE},
        },
    }]
    if target is not None and target_year is not None:
        layers.append({
            "data": {"values": [{"year": target_year, "value": target, "label": _("target")}]},
            "mark": {"type": "point", "shape": "diamond", "size": 120, "filled": True, "color": "#c0392b",
                     "tooltip": True},
            "encoding": {"x": {"field": "year", "type": "ordinal"}, "y": {"field": "value", "type": "quantitative"}},
        })
    return {"$schema": SCHEMA, "description": _("Values by sex over the years"), "data": {"values": rows},
            "width": "container", "height": 220, "layer": layers}


def dimension_chart(rows: list[dict[str, Any]], dimension_label: str, unit: str) -> dict[str, Any]:
    """Values for each code of a dimension, women and men side by side; rows have label, sex and value."""
    return {
        "$schema": SCHEMA, "description": _("Values by %s and sex") % dimension_label, "data": {"values": rows},
        "width": "container", "height": {"step": 12},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "sort": "-x", "axis": {"labelLimit": 200}},
            "yOffset": {"field": "sex"},
            "x": {"field": "value", "type": "quantitative", "title": unit},
            "color": {"field": "sex", "type": "nominal", "title": None, "scale": SEX_SCALE},
        },
    }
