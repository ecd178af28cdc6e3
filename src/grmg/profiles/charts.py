"""Vega-Lite specifications of the profile's charts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from grmg.profiles.patterns import Corridor, StockYear, WblYear

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SEX_COLOURS = {"domain": [_("women"), _("men")], "range": ["#8e44ad", "#16a085"]}


def stock_chart(emigrants: list[StockYear], immigrants: list[StockYear]) -> dict[str, Any]:
    """Emigrant and immigrant stock by sex, 1990–2020, side by side."""
    rows = [
        {"direction": label, "year": s.year, "sex": sex, "stock": value}
        for label, series in ((_("emigrants"), emigrants), (_("immigrants"), immigrants))
        for s in series for sex, value in ((_("women"), s.female), (_("men"), s.male))
    ]
    return {
        "$schema": SCHEMA, "description": _("Migrant stock by sex, 1990 to 2020"),
        "data": {"values": rows},
        "facet": {"column": {"field": "direction", "type": "nominal", "title": None}},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 260, "height": 180,
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
                "y": {"field": "stock", "type": "quantitative", "title": _("persons"), "axis": {"format": "~s"}},
                "color": {"field": "sex", "type": "nominal", "title": None, "scale": SEX_COLOURS},
            },
        },
    }


def female_share_chart(emigrants: list[StockYear], immigrants: list[StockYear]) -> dict[str, Any]:
    """The women's share of emigrants and of immigrants over time."""
    rows = [
        {"direction": label, "year": s.year, "share": None if s.female_share is None else round(s.female_share, 1)}
        for label, series in ((_("emigrants"), emigrants), (_("immigrants"), immigrants)) for s in series
    ]
    return {
        "$schema": SCHEMA, "description": _("Women's share of migrants, percent, 1990 to 2020"),
        "data": {"values": rows}, "width": "container", "height": 160,
        "layer": [
            {"mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"}, "encoding": {"y": {"datum": 50}}},
            {"mark": {"type": "line", "point": True, "tooltip": True},
             "encoding": {
                 "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
                 "y": {"field": "share", "type": "quantitative", "title": _("women, % of migrants"),
                       "scale": {"domain": [0, 100]}},
                 "color": {"field": "direction", "type": "nominal", "title": None,
                           "scale": {"range": ["#4c78a8", "#e45756"]}}}},
        ],
    }


def corridor_chart(women: list[Corridor], men: list[Corridor], direction: str) -> dict[str, Any]:
    """The largest corridors for women and for men in one direction, 2020."""
    rows = [{"partner": c.partner_name, "sex": sex, "stock": c.stock}
            for sex, items in ((_("women"), women), (_("men"), men)) for c in items]
    title = _("Where emigrants live, 2020") if direction == "emigrants" else _("Where immigrants come from, 2020")
    return {
        "$schema": SCHEMA, "description": title, "title": title,
        "data": {"values": rows}, "width": "container", "height": {"step": 9},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "partner", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 180}},
            "yOffset": {"field": "sex"},
            "x": {"field": "stock", "type": "quantitative", "title": _("persons"), "axis": {"format": "~s"}},
            "color": {"field": "sex", "type": "nominal", "title": None, "scale": SEX_COLOURS},
        },
    }


WBL_INDICATORS = (
    ("index", _("WBL index")), ("mobility", _("Mobility")), ("workplace", _("Workplace")), ("pay", _("Pay")),
    ("marriage", _("Marriage")), ("parenthood", _("Parenthood")), ("entrepreneurship", _("Entrepreneurship")),
    ("assets", _("Assets")), ("pension", _("Pension")),
)


def wbl_chart(series: list[WblYear]) -> dict[str, Any]:
    """The Women, Business and the Law index and its eight indicators over time, one small panel each."""
    rows = [{"year": w.year, "indicator": label, "score": getattr(w, name)}
            for w in series for name, label in WBL_INDICATORS]
    return {
        "$schema": SCHEMA, "description": _("Women, Business and the Law index and indicators, 0 to 100, by year"),
        "data": {"values": rows},
        "facet": {"field": "indicator", "type": "nominal", "title": None,
                  "sort": [label for _name, label in WBL_INDICATORS]},
        "columns": 3,
        "spec": {
            "width": 170, "height": 70,
            "mark": {"type": "line", "tooltip": True, "interpolate": "step-after"},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "title": None,
                      "axis": {"format": "d", "tickCount": 4}, "scale": {"zero": False}},
                "y": {"field": "score", "type": "quantitative", "title": None, "scale": {"domain": [0, 100]},
                      "axis": {"tickCount": 3}},
            },
        },
    }
