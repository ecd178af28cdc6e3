"""Template filters that lay out a country profile."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from grmg.profiles.patterns import Corridor, StockYear, WblYear
from grmg.profiles.services import Profile

register = template.Library()


@register.filter
def share_trend(profile: Profile, direction: str) -> float | None:
    """Change of the women's share since 1990, in percentage points."""
    return profile.share_trend(direction)


@register.filter
def stock_rows(profile: Profile) -> list[tuple[StockYear, StockYear]]:
    """Emigrant and immigrant figures of the same year side by side."""
    return list(zip(profile.emigrants, profile.immigrants, strict=False))


@register.filter
def corridor_sections(profile: Profile) -> list[tuple[str, str]]:
    """The two directions with their headings."""
    return [("emigrants", _("Where the country's emigrants live")), ("immigrants", _("Where its immigrants come from"))]


@register.filter
def corridor_rows(profile: Profile, direction: str) -> list[tuple[int, Corridor | None, Corridor | None]]:
    """The women's and the men's corridors of one direction, rank by rank."""
    women, men = profile.corridors[(direction, "female")], profile.corridors[(direction, "male")]
    return [(n + 1, women[n] if n < len(women) else None, men[n] if n < len(men) else None)
            for n in range(max(len(women), len(men)))]


@register.filter
def wbl_indicators(year: WblYear) -> list[tuple[str, Any]]:
    """The eight WBL indicators with their names."""
    names = (("mobility", _("Mobility")), ("workplace", _("Workplace")), ("pay", _("Pay")),
             ("marriage", _("Marriage")), ("parenthood", _("Parenthood")),
             ("entrepreneurship", _("Entrepreneurship")), ("assets", _("Assets")), ("pension", _("Pension")))
    return [(label, getattr(year, name)) for name, label in names]


@register.filter
def women_emigrant_corridors(profile: Profile) -> list[Corridor]:
    """The five largest destinations of the country's women emigrants."""
    return profile.corridors[("emigrants", "female")][:5]
