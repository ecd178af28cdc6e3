"""A country's profile: migration patterns by sex, women's legal rights over time, SDG 10.7.2, ratifications.

Figures come from the data shipped in `profiles/data` (through `patterns`), each with its source and date.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from grmg.countries.models import Country
from grmg.profiles import charts, patterns
from grmg.profiles.patterns import Corridor, Sdg1072, StockYear, WblYear
from grmg.standards.services import StatusRow, ratification_table

DIRECTIONS = ("emigrants", "immigrants")
SEXES = ("female", "male")
TOP = 10


@dataclass(frozen=True)
class Profile:
    """Everything a country profile shows."""

    country: Country
    emigrants: list[StockYear]
    immigrants: list[StockYear]
    corridors: dict[tuple[str, str], list[Corridor]]
    wbl: list[WblYear]
    sdg: list[Sdg1072]
    ratifications: list[StatusRow]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def latest(self) -> dict[str, StockYear | None]:
        """The 2020 figures in each direction."""
        return {"emigrants": self.emigrants[-1] if self.emigrants else None,
                "immigrants": self.immigrants[-1] if self.immigrants else None}

    def share_trend(self, direction: str) -> float | None:
        """Change of the female share, in percentage points, from 1990 to 2020."""
        series = self.emigrants if direction == "emigrants" else self.immigrants
        if len(series) < 2 or series[0].female_share is None or series[-1].female_share is None:
            return None
        return series[-1].female_share - series[0].female_share


def build_profile(country: Country) -> Profile:
    """A country's profile from the shipped data and the ratification records."""
    emigrants = patterns.stock_series(country.iso3, "emigrants")
    immigrants = patterns.stock_series(country.iso3, "immigrants")
    corridors = {
        (direction, sex): patterns.top_corridors(country.iso3, direction, sex, limit=TOP)  # type: ignore[arg-type]
        for direction in DIRECTIONS for sex in SEXES
    }
    profile = Profile(country, emigrants, immigrants, corridors, patterns.wbl_series(country.iso3),
                      patterns.sdg_10_7_2(country.iso3), ratification_table(country))
    if emigrants or immigrants:
        profile.charts["stock"] = charts.stock_chart(emigrants, immigrants)
        profile.charts["share"] = charts.female_share_chart(emigrants, immigrants)
        for direction in DIRECTIONS:
            profile.charts[f"corridors_{direction}"] = charts.corridor_chart(
                corridors[(direction, "female")][:8], corridors[(direction, "male")][:8], direction)
    if profile.wbl:
        profile.charts["wbl"] = charts.wbl_chart(profile.wbl)
    return profile


def sources() -> list[tuple[str, patterns.Source]]:
    """The shipped data sets a profile uses, with producer, edition and date."""
    labels = {"migrant_stock": _("Migrant stock"), "wbl": _("Women, Business and the Law"),
              "sdg_10_7_2": _("SDG indicator 10.7.2")}
    return [(labels[key], source) for key, source in patterns.SOURCES.items()]


def as_data(profile: Profile) -> dict[str, Any]:
    """The profile as plain data (the JSON export)."""
    def stock(series: list[StockYear]) -> list[dict[str, Any]]:
        return [{"year": s.year, "total": s.total, "male": s.male, "female": s.female,
                 "female_share": None if s.female_share is None else round(s.female_share, 2)} for s in series]

    return {
        "country": {"iso3": profile.country.iso3, "name": profile.country.name, "demo": profile.country.is_demo},
        "sources": {key: vars(source) for key, source in patterns.SOURCES.items()},
        "emigrants": stock(profile.emigrants),
        "immigrants": stock(profile.immigrants),
        "corridors_2020": {
            f"{direction}_{sex}": [{"partner": c.partner_iso3, "name": c.partner_name, "stock": c.stock,
                                    "share": round(c.share, 2)} for c in items]
            for (direction, sex), items in profile.corridors.items()
        },
        "wbl": [vars(w) for w in profile.wbl],
        "sdg_10_7_2": [{"year": s.year, "category": s.category, "label": str(s.label)} for s in profile.sdg],
        "ratifications": [
            {"instrument": row.instrument.code,
             "status": row.record.status if row.record else None,
             "year": row.record.year if row.record else None,
             "source": row.record.citation if row.record else None,
             "as_of": row.record.as_of.isoformat() if row.record else None}
            for row in profile.ratifications
        ],
    }


def as_csv(profile: Profile) -> str:
    """The profile's figures as one tidy CSV: one row per value, with its source."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["iso3", "series", "year", "partner", "sex", "value", "unit", "source", "as_of"])
    stock_source = patterns.SOURCES["migrant_stock"]
    for direction, series in (("emigrants", profile.emigrants), ("immigrants", profile.immigrants)):
        for s in series:
            for sex, value in (("total", s.total), ("male", s.male), ("female", s.female)):
                writer.writerow([profile.country.iso3, f"{direction}_stock", s.year, "", sex, value, "persons",
                                 stock_source.edition, stock_source.as_of])
            writer.writerow([profile.country.iso3, f"{direction}_female_share", s.year, "", "female",
                             "" if s.female_share is None else round(s.female_share, 2), "percent",
                             stock_source.edition, stock_source.as_of])
    for (direction, sex), items in profile.corridors.items():
        for c in items:
            writer.writerow([profile.country.iso3, f"{direction}_corridor", 2020, c.partner_iso3, sex, c.stock,
                             "persons", stock_source.edition, stock_source.as_of])
    wbl_source = patterns.SOURCES["wbl"]
    for w in profile.wbl:
        for name, value in vars(w).items():
            if name != "year":
                writer.writerow([profile.country.iso3, f"wbl_{name}", w.year, "", "", value, "score 0-100",
                                 wbl_source.edition, wbl_source.as_of])
    sdg_source = patterns.SOURCES["sdg_10_7_2"]
    for category in profile.sdg:
        writer.writerow([profile.country.iso3, "sdg_10_7_2_category", category.year, "", "", category.category,
                         "category 1-4", sdg_source.edition, sdg_source.as_of])
    return out.getvalue()
