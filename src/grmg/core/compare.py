"""Comparing scorecards: divergence between perspectives in one round, change between rounds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from grmg.core.scoring import Scorecard


@dataclass(frozen=True)
class Divergence:
    """One criterion's (or component's, pillar's) values across perspectives."""

    id: str
    values: Mapping[str, float | None]

    @property
    def spread(self) -> float | None:
        """Highest minus lowest value among the perspectives that scored it; None below two."""
        scored = [v for v in self.values.values() if v is not None]
        return max(scored) - min(scored) if len(scored) >= 2 else None


@dataclass(frozen=True)
class DivergenceReport:
    """Divergence at every level of the framework, criteria ranked by spread."""

    perspectives: tuple[str, ...]
    overall: Divergence
    pillars: tuple[Divergence, ...]
    components: tuple[Divergence, ...]
    criteria: tuple[Divergence, ...]


def divergence(cards: Mapping[str, Scorecard]) -> DivergenceReport:
    """Compare the scorecards of several perspectives on one framework."""
    perspectives = tuple(cards)
    first = next(iter(cards.values()))

    def across(getter: str, area_id: str) -> Divergence:
        return Divergence(area_id, {p: getattr(card, getter)(area_id).score for p, card in cards.items()})

    criteria = [
        Divergence(cid, {p: card.criteria[cid].value if cid in card.criteria else None
                         for p, card in cards.items()})
        for cid in first.criteria
    ]
    criteria.sort(key=lambda d: (d.spread is None, -(d.spread or 0.0)))
    return DivergenceReport(
        perspectives=perspectives,
        overall=Divergence("overall", {p: card.overall for p, card in cards.items()}),
        pillars=tuple(across("pillar", p.id) for p in first.pillars),
        components=tuple(across("component", c.id) for c in first.components),
        criteria=tuple(criteria),
    )


@dataclass(frozen=True)
class Change:
    """One value in an earlier and a later round."""

    id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """After minus before, when both rounds have a value."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ChangeReport:
    """Change between two rounds at every level; criteria matched by id across framework versions."""

    overall: Change
    coverage: Change
    pillars: tuple[Change, ...]
    components: tuple[Change, ...]
    criteria: tuple[Change, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


def change(before: Scorecard, after: Scorecard) -> ChangeReport:
    """What moved from one round's scorecard to the next's."""
    earlier_components = {c.id: c.score for c in before.components}
    earlier_pillars = {p.id: p.score for p in before.pillars}
    common = [cid for cid in after.criteria if cid in before.criteria]
    return ChangeReport(
        overall=Change("overall", before.overall, after.overall),
        coverage=Change("coverage", before.coverage.evidenced_share, after.coverage.evidenced_share),
        pillars=tuple(Change(p.id, earlier_pillars.get(p.id), p.score) for p in after.pillars),
        components=tuple(Change(c.id, earlier_components.get(c.id), c.score) for c in after.components),
        criteria=tuple(Change(cid, before.criteria[cid].value, after.criteria[cid].value) for cid in common),
        added=tuple(cid for cid in after.criteria if cid not in before.criteria),
        removed=tuple(cid for cid in before.criteria if cid not in after.criteria),
    )
