"""Template filters and tags for scores, bands and charts."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    """A 0–100 score with one decimal, or a dash when there is none."""
    return "–" if value is None else f"{value:.1f}"


@register.filter
def delta(value: float | None) -> str:
    """A signed change, or a dash."""
    if value is None:
        return "–"
    return f"{value:+.1f}".replace("-", "−")


@register.filter
def percent(value: float | None) -> str:
    """A share 0–100 as a whole percentage."""
    return "–" if value is None else f"{value:.0f}%"


@register.simple_tag
def band_badge(band: Any) -> SafeString:
    """A rating band as a coloured badge, or nothing when unscored."""
    if band is None:
        return format_html('<span class="band band-none">{}</span>', "–")
    return format_html('<span class="band band-{}">{}</span>', band.key, band.label)


@register.simple_tag
def chart(spec: dict[str, Any], chart_id: str, label: str) -> SafeString:
    """A Vega-Lite chart drawn in the browser; its data stays readable in the table next to it."""
    return format_html(
        '<figure class="chart"><div id="{}" data-vega="{}-spec" role="img" aria-label="{}"></div>'
        '<script type="application/json" id="{}-spec">{}</script></figure>',
        chart_id, chart_id, label, chart_id,
        SafeString(json.dumps(spec).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")),
    )


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """A dictionary's value for a key, in a template."""
    return mapping.get(key)


@register.filter
def status_label(value: str) -> str:
    """A review status's label in the user's language."""
    from grmg.assessments.models import Status

    return str(Status(value).label)


@register.filter
def get_pillar_title(pillars: list[Any], pillar_id: str) -> str:
    """The title of the pillar with this id."""
    return next((p.title for p in pillars if p.id == pillar_id), pillar_id)


@register.filter
def review_status(value: str) -> str:
    """A compliance-review status in the user's language."""
    from grmg.laws.models import ProvisionReview

    return str(ProvisionReview.Status(value).label)


@register.filter
def num(value: float | None) -> str:
    """A figure for reading: thousands separated, at most two decimals, no trailing zeros; a dash for none."""
    if value is None:
        return "–"
    digits = 0 if abs(value) >= 1000 else 2
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
