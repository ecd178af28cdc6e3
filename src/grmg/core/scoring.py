"""Scoring an assessment: criteria levels to component, pillar and overall scores, coverage and gaps.

Every method's levels are normalised to 0–100. A component's score is the weighted mean of its
scored criteria, a pillar's the weighted mean of its scored components, the overall score the
weighted mean of the scored pillars. Unscored criteria are left out (and counted as missing
coverage), never treated as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from grmg.core.framework import Band, Framework


@dataclass(frozen=True)
class Rating:
    """What an assessor gave one criterion: a level (None if not yet scored) and how much evidence."""

    level: str | None
    evidence_count: int = 0


class CriterionResult(NamedTuple):
    """One criterion's normalised value and its weight in the overall score (a tuple: there are many)."""

    criterion_id: str
    component_id: str
    level: str | None
    value: float | None
    target: float
    evidenced: bool
    overall_weight: float

    @property
    def scored(self) -> bool:
        """Whether the criterion has a level."""
        return self.value is not None


@dataclass(frozen=True)
class Coverage:
    """How much of the framework an assessment covers."""

    total: int
    scored: int
    evidenced: int

    @property
    def scored_share(self) -> float:
        """Share of criteria with a level, 0–100."""
        return 100.0 * self.scored / self.total if self.total else 0.0

    @property
    def evidenced_share(self) -> float:
        """Share of criteria with a level and at least one piece of evidence, 0–100: *the* coverage."""
        return 100.0 * self.evidenced / self.total if self.total else 0.0


@dataclass(frozen=True)
class AreaResult:
    """A component's or pillar's score with its band and coverage."""

    id: str
    title: str
    score: float | None
    band: Band | None
    coverage: Coverage
    pillar_id: str | None = None


@dataclass(frozen=True)
class Gap:
    """A scored criterion below its target, and how much closing it would add to the overall score."""

    criterion_id: str
    component_id: str
    value: float
    target: float
    overall_weight: float

    @property
    def distance(self) -> float:
        """Points between the criterion's value and its target, 0–100."""
        return self.target - self.value

    @property
    def priority(self) -> float:
        """Overall-score points gained by reaching the target: distance × the criterion's weight in the overall."""
        return self.distance * self.overall_weight


@dataclass(frozen=True)
class Scorecard:
    """Everything computed from one assessment's ratings."""

    framework_key: str
    overall: float | None
    band: Band | None
    coverage: Coverage
    pillars: tuple[AreaResult, ...]
    components: tuple[AreaResult, ...]
    criteria: Mapping[str, CriterionResult]

    @cached_property
    def gaps(self) -> tuple[Gap, ...]:
        """Scored criteria below their target, the most overall points to gain first."""
        found = [Gap(r.criterion_id, r.component_id, r.value, r.target, r.overall_weight)
                 for r in self.criteria.values() if r.value is not None and r.value < r.target]
        return tuple(sorted(found, key=lambda gap: (-gap.priority, -gap.distance, gap.criterion_id)))

    @property
    def missing(self) -> tuple[str, ...]:
        """Ids of criteria not yet scored, in framework order."""
        return tuple(c.criterion_id for c in self.criteria.values() if not c.scored)

    def component(self, component_id: str) -> AreaResult:
        """One component's result."""
        return next(c for c in self.components if c.id == component_id)

    def pillar(self, pillar_id: str) -> AreaResult:
        """One pillar's result."""
        return next(p for p in self.pillars if p.id == pillar_id)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of values weighted by weights; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


@dataclass(frozen=True)
class _CriterionPlan:
    id: str
    component_id: str
    values: Mapping[str, float]
    target: float
    weight: float
    share: float


@dataclass(frozen=True)
class _ComponentPlan:
    id: str
    title: str
    pillar_id: str
    weight: float
    criteria: tuple[_CriterionPlan, ...]


@dataclass(frozen=True)
class _PillarPlan:
    id: str
    title: str
    weight: float
    components: tuple[_ComponentPlan, ...]


def _plan(framework: Framework) -> tuple[_PillarPlan, ...]:
    """Everything scoring needs from a framework, worked out once: level values, targets, weights."""
    pillar_sum = sum(p.weight for p in framework.pillars)
    pillars = []
    for pillar in framework.pillars:
        component_sum = sum(c.weight for c in pillar.components)
        components = []
        for component in pillar.components:
            criterion_sum = sum(c.weight for c in component.criteria)
            criteria = []
            for criterion in component.criteria:
                method = criterion.scoring_method
                criteria.append(_CriterionPlan(
                    id=criterion.id,
                    component_id=component.id,
                    values={key: method.normalise(key) for key in method.level_keys},
                    target=method.normalise(criterion.target_key),
                    weight=criterion.weight,
                    share=(pillar.weight / pillar_sum) * (component.weight / component_sum)
                    * (criterion.weight / criterion_sum),
                ))
            components.append(_ComponentPlan(component.id, component.title, pillar.id, component.weight,
                                             tuple(criteria)))
        pillars.append(_PillarPlan(pillar.id, pillar.title, pillar.weight, tuple(components)))
    return tuple(pillars)


def overall_weights(framework: Framework) -> dict[str, float]:
    """Each criterion's share of the overall score when every criterion is scored; they sum to 1."""
    return {c.id: c.share for p in framework.memo("scoring", _plan) for k in p.components for c in k.criteria}


def score(framework: Framework, ratings: Mapping[str, Rating]) -> Scorecard:
    """Score an assessment. Ratings for criteria the framework does not have are ignored."""
    results: dict[str, CriterionResult] = {}
    component_results: list[AreaResult] = []
    pillar_results: list[AreaResult] = []
    pillar_scores: list[tuple[float, float]] = []
    for pillar in framework.memo("scoring", _plan):
        component_scores: list[tuple[float, float]] = []
        pillar_coverage: list[Coverage] = []
        for component in pillar.components:
            total = weight_sum = 0.0
            scored = evidenced = 0
            for item in component.criteria:
                rating = ratings.get(item.id)
                level = rating.level if rating is not None else None
                value = item.values[level] if level is not None else None
                has_evidence = value is not None and rating is not None and rating.evidence_count > 0
                results[item.id] = CriterionResult(item.id, item.component_id, level, value, item.target,
                                                   has_evidence, item.share)
                if value is not None:
                    total += value * item.weight
                    weight_sum += item.weight
                    scored += 1
                    evidenced += has_evidence
            coverage = Coverage(len(component.criteria), scored, evidenced)
            component_score = total / weight_sum if weight_sum else None
            pillar_coverage.append(coverage)
            component_results.append(_area(framework, component.id, component.title, component_score,
                                           coverage, pillar.id))
            if component_score is not None:
                component_scores.append((component_score, component.weight))
        pillar_score = weighted_mean(component_scores)
        pillar_results.append(_area(framework, pillar.id, pillar.title, pillar_score,
                                    _sum_coverage(pillar_coverage)))
        if pillar_score is not None:
            pillar_scores.append((pillar_score, pillar.weight))

    overall = weighted_mean(pillar_scores)
    return Scorecard(
        framework_key=framework.key,
        overall=overall,
        band=framework.band_for(overall) if overall is not None else None,
        coverage=_sum_coverage(p.coverage for p in pillar_results),
        pillars=tuple(pillar_results),
        components=tuple(component_results),
        criteria=results,
    )


def _sum_coverage(parts: Iterable[Coverage]) -> Coverage:
    items = list(parts)
    return Coverage(
        total=sum(c.total for c in items),
        scored=sum(c.scored for c in items),
        evidenced=sum(c.evidenced for c in items),
    )


def _area(framework: Framework, area_id: str, title: str, value: float | None, coverage: Coverage,
          pillar_id: str | None = None) -> AreaResult:
    band = framework.band_for(value) if value is not None else None
    return AreaResult(area_id, title, value, band, coverage, pillar_id)
