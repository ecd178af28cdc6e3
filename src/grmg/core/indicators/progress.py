"""Progress of an indicator towards its target (achieved, on track, off track or regressing), and its trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grmg.core.i18n import _

LABELS = {
    "achieved": _("Target reached"),
    "on_track": _("On track"),
    "off_track": _("Off track"),
    "regressing": _("Moving away from the target"),
    "no_data": _("Not enough data"),
}


@dataclass(frozen=True)
class Progress:
    """How far a series has come, and whether that is as far as the time elapsed asks.

    `actual` is the share of the baseline-to-target distance covered, `expected` the share of the time elapsed.
    """

    status: str
    actual: float | None = None
    expected: float | None = None

    @property
    def label(self) -> str:
        """The status in words."""
        return LABELS[self.status]


def progress(baseline_year: int | None, baseline: float | None, target_year: int | None, target: float | None,
             latest_year: int | None, latest: float | None) -> Progress:
    """Compare the latest value with the straight path from the baseline to the target."""
    if None in (baseline_year, baseline, target_year, target, latest_year, latest):
        return Progress("no_data")
    assert baseline_year is not None and baseline is not None and target_year is not None  # for the type checker
    assert target is not None and latest_year is not None and latest is not None
    distance = target - baseline
    if distance == 0 or target_year <= baseline_year:
        return Progress("achieved" if latest == target else "off_track", None, None)
    actual = (latest - baseline) / distance
    expected = min(1.0, max(0.0, (latest_year - baseline_year) / (target_year - baseline_year)))
    if actual >= 1:
        status = "achieved"
    elif actual < 0:
        status = "regressing"
    elif actual >= expected:
        status = "on_track"
    else:
        status = "off_track"
    return Progress(status, actual, expected)


@dataclass(frozen=True)
class Trend:
    """The direction of a series: its average change a year (least-squares slope) over the years it spans."""

    first_year: int
    last_year: int
    per_year: float

    @property
    def change(self) -> float:
        """The change the slope implies from the first year to the last."""
        return self.per_year * (self.last_year - self.first_year)


def trend(points: Sequence[tuple[int, float]]) -> Trend | None:
    """The least-squares trend of (year, value) points; None with fewer than two distinct years."""
    years = {year for year, _value in points}
    if len(years) < 2:
        return None
    n = len(points)
    mean_year = sum(year for year, _value in points) / n
    mean_value = sum(value for _year, value in points) / n
    spread = sum((year - mean_year) ** 2 for year, _value in points)
    slope = sum((year - mean_year) * (value - mean_value) for year, value in points) / spread
    return Trend(min(years), max(years), slope)
