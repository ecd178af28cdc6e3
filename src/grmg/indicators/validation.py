"""Validation rules for indicator data: the report an import shows, errors (the file is refused) and warnings.

Rules: a known indicator and dimensions it is disaggregated by; one value per cell; no negative counts; ratios
within their bounds; female + male (+ other) = total within a tolerance for counts; and a warning for a value
far from the series' history.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grmg.indicators.catalogue import Catalogue
from grmg.indicators.readers import ParsedRow

ADDITIVE_UNITS = frozenset({"number", "currency", "days"})
ABSOLUTE_TOLERANCE = 0.5
RELATIVE_TOLERANCE = 0.01  # 1 % of the total


@dataclass(frozen=True)
class Finding:
    """One result of the rules: an error blocks the import, a warning is shown."""

    level: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


SeriesKey = tuple[str, str, str]  # indicator, country, dimension key


def validate(rows: list[ParsedRow], catalogue: Catalogue, known_countries: set[str],
             history: Mapping[SeriesKey, Mapping[int, float]]) -> list[Finding]:
    """Every finding about the rows, against the registry and the values already stored."""
    from grmg.indicators.services import dimension_key

    findings: list[Finding] = []
    codes = {indicator.code: indicator for indicator in catalogue.indicators}
    seen: dict[tuple[str, str, int, str], str] = {}
    by_cell: dict[tuple[str, str, int, str], ParsedRow] = {}
    for row in rows:
        indicator = codes.get(row.indicator)
        if indicator is None:
            findings.append(Finding("error", row.where, _("unknown indicator %r") % row.indicator))
            continue
        if row.country not in known_countries:
            findings.append(Finding("error", row.where, _("unknown country code %r") % row.country))
            continue
        extra = [d for d in row.dimensions if d not in indicator.disaggregations]
        if extra:
            findings.append(Finding("error", row.where, _("%(code)s is not disaggregated by %(dims)s") % {
                "code": indicator.code, "dims": ", ".join(extra)}))
            continue
        key = (row.indicator, row.country, row.year, dimension_key(row.dimensions))
        if key in seen:
            findings.append(Finding("error", row.where, _("the same cell as %s: one value per indicator, country, "
                                                          "year and dimensions") % seen[key]))
            continue
        seen[key] = row.where
        by_cell[key] = row
        if row.value is None or row.status == "suppressed":
            continue
        low, high = indicator.bounds
        if low is not None and row.value < low:
            findings.append(Finding("error", row.where, _("%(value)s is below %(low)s, the least a value in %(unit)s "
                                                          "can be") % {"value": row.value, "low": low,
                                                                       "unit": indicator.unit}))
        if high is not None and row.value > high:
            findings.append(Finding("error", row.where, _("%(value)s is above %(high)s, the most a value in "
                                                          "%(unit)s can be") % {"value": row.value, "high": high,
                                                                                "unit": indicator.unit}))
    findings += _sums(by_cell, catalogue)
    findings += _outliers(by_cell.values(), history)
    return findings


def _sums(by_cell: Mapping[tuple[str, str, int, str], ParsedRow], catalogue: Catalogue) -> list[Finding]:
    """Female + male (+ other) against the total, for indicators whose values add up."""
    from grmg.indicators.services import dimension_key

    findings: list[Finding] = []
    additive = {i.code for i in catalogue.indicators if i.unit in ADDITIVE_UNITS}
    parts: dict[tuple[str, str, int, str], list[ParsedRow]] = {}
    for (code, country, year, _key), row in by_cell.items():
        if code in additive and "sex" in row.dimensions and row.value is not None and row.status == "published":
            rest = {k: v for k, v in row.dimensions.items() if k != "sex"}
            parts.setdefault((code, country, year, dimension_key(rest)), []).append(row)
    for key, rows in parts.items():
        total = by_cell.get(key)
        sexes = {row.dimensions["sex"] for row in rows}
        if total is None or total.value is None or total.status != "published" or not {"female", "male"} <= sexes:
            continue
        summed = sum(row.value or 0.0 for row in rows)
        if abs(summed - total.value) > max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * abs(total.value)):
            findings.append(Finding("error", total.where, _(
                "the total %(total)s disagrees with its parts by sex, which add up to %(sum)s (%(rows)s)") % {
                "total": _fmt(total.value), "sum": _fmt(summed), "rows": ", ".join(r.where for r in rows)}))
    return findings


def _outliers(rows: Iterable[ParsedRow], history: Mapping[SeriesKey, Mapping[int, float]]) -> list[Finding]:
    """A warning for a value more than 3 standard deviations from the series' other years (or 3 times off)."""
    from grmg.indicators.services import dimension_key

    findings: list[Finding] = []
    new: dict[SeriesKey, dict[int, float]] = {}
    for row in rows:
        if row.value is not None and row.status == "published":
            new.setdefault((row.indicator, row.country, dimension_key(row.dimensions)), {})[row.year] = row.value
    by_series = {(r.indicator, r.country, dimension_key(r.dimensions), r.year): r for r in rows}
    for series, values in new.items():
        for year, value in values.items():
            others = [v for y, v in {**history.get(series, {}), **values}.items() if y != year]
            reason = _outlier(value, others)
            if reason:
                findings.append(Finding("warning", by_series[(*series, year)].where, reason))
    return findings


def _outlier(value: float, others: list[float]) -> str:
    if len(others) >= 3:
        mean, spread = statistics.fmean(others), statistics.pstdev(others)
        if spread > 0 and abs(value - mean) > 3 * spread:
            return _("%(value)s is more than 3 standard deviations from the series' other years (mean %(mean)s)") % {
                "value": _fmt(value), "mean": _fmt(mean)}
    elif others:
        reference = statistics.fmean(others)
        if reference > 0 and value > 0 and not 1 / 3 <= value / reference <= 3:
            return _("%(value)s is more than 3 times off the series' other years (%(reference)s)") % {
                "value": _fmt(value), "reference": _fmt(reference)}
    return ""


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
