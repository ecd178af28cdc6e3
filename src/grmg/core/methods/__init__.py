"""Scoring methods: how a criterion's levels map onto the 0–100 scale.

Each method is one module that calls `register`; the framework data names a method by its key.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One answer a criterion can get, with its raw points."""

    key: str
    label: str
    points: float


@dataclass(frozen=True)
class ScoringMethod:
    """An ordered set of levels, lowest first; normalised so the lowest is 0 and the highest 100."""

    key: str
    label: str
    anchor: str
    levels: tuple[Level, ...]

    @property
    def level_keys(self) -> tuple[str, ...]:
        """The level keys, lowest first."""
        return tuple(level.key for level in self.levels)

    def normalise(self, level_key: str) -> float:
        """The 0–100 value of a level; KeyError for a level the method does not have."""
        raw = {level.key: level.points for level in self.levels}[level_key]
        low = self.levels[0].points
        high = self.levels[-1].points
        return (raw - low) / (high - low) * 100.0


METHODS: dict[str, ScoringMethod] = {}


def register(method: ScoringMethod) -> ScoringMethod:
    """Add a scoring method to the registry under its key."""
    if method.key in METHODS:
        raise ValueError(f"scoring method {method.key!r} is registered twice")
    if len(method.levels) < 2 or len({level.key for level in method.levels}) != len(method.levels):
        raise ValueError(f"scoring method {method.key!r} needs two or more distinct levels")
    if any(a.points >= b.points for a, b in zip(method.levels, method.levels[1:], strict=False)):
        raise ValueError(f"scoring method {method.key!r} must list its levels in rising order")
    METHODS[method.key] = method
    return method


def get_method(key: str) -> ScoringMethod:
    """The registered method with this key; KeyError if there is none."""
    return METHODS[key]


# Registration happens on import of each method's module.
from grmg.core.methods import binary, maturity, mgi, mipex  # noqa: E402,F401
