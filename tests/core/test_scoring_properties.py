"""Properties of scoring that hold for any framework and any ratings."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grmg.core.framework import Framework
from grmg.core.methods import METHODS
from grmg.core.scoring import Rating, score
from tests.core.frameworks import build, criterion, framework_data

WEIGHTS = st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    counter = iter(range(1000))
    pillars = []
    for p in range(draw(st.integers(1, 3))):
        components = []
        for _c in range(draw(st.integers(1, 3))):
            criteria = [
                criterion(f"k{next(counter)}", draw(st.sampled_from(sorted(METHODS))), draw(WEIGHTS))
                for _k in range(draw(st.integers(1, 4)))
            ]
            components.append({"id": f"c{next(counter)}", "title": "C", "description": "d",
                               "weight": draw(WEIGHTS), "criteria": criteria})
        pillars.append({"id": f"p{p}", "title": "P", "weight": draw(WEIGHTS), "components": components})
    return framework_data(pillars)


@st.composite
def rated(draw: st.DrawFn) -> tuple[Framework, dict[str, Rating]]:
    framework = build(draw(frameworks()))
    ratings = {}
    for c in framework.criteria():
        if draw(st.booleans()):
            ratings[c.id] = Rating(draw(st.sampled_from(c.scoring_method.level_keys)), draw(st.integers(0, 2)))
    return framework, ratings


def _scores(card: Any) -> list[float]:
    values = [card.overall] + [p.score for p in card.pillars] + [c.score for c in card.components]
    return [v for v in values if v is not None]


@settings(max_examples=150, deadline=None)
@given(rated())
def test_it_keeps_every_score_between_0_and_100(case):
    framework, ratings = case
    card = score(framework, ratings)
    assert all(-1e-9 <= v <= 100 + 1e-9 for v in _scores(card))
    assert 0 <= card.coverage.evidenced <= card.coverage.scored <= card.coverage.total


@settings(max_examples=150, deadline=None)
@given(rated(), st.data())
def test_it_never_lowers_a_score_when_a_level_rises(case, data):
    framework, ratings = case
    if not ratings:
        return
    chosen = data.draw(st.sampled_from(sorted(ratings)))
    keys = framework.criterion(chosen).scoring_method.level_keys
    position = keys.index(ratings[chosen].level)
    if position == len(keys) - 1:
        return
    higher = {**ratings, chosen: Rating(keys[position + 1], ratings[chosen].evidence_count)}
    before, after = score(framework, ratings), score(framework, higher)
    component = framework.component_of(chosen).id
    pillar = framework.pillar_of(component).id
    assert after.component(component).score > before.component(component).score
    assert after.pillar(pillar).score >= before.pillar(pillar).score - 1e-9
    assert after.overall >= before.overall - 1e-9


@settings(max_examples=100, deadline=None)
@given(frameworks(), st.sampled_from([0.25, 2.0, 7.0]), st.data())
def test_it_gives_the_same_scores_when_all_weights_scale_together(data, factor, draw):
    scaled = copy.deepcopy(data)
    for pillar in scaled["pillars"]:
        pillar["weight"] *= factor
        for component in pillar["components"]:
            component["weight"] *= factor
            for item in component["criteria"]:
                item["weight"] *= factor
    original, rescaled = build(data), build(scaled)
    ratings = {c.id: Rating(draw.draw(st.sampled_from(c.scoring_method.level_keys))) for c in original.criteria()
               if draw.draw(st.booleans())}
    first, second = score(original, ratings), score(rescaled, ratings)
    assert _scores(first) == [pytest.approx(v) for v in _scores(second)]


@settings(max_examples=100, deadline=None)
@given(rated())
def test_it_never_counts_an_unscored_criterion_as_zero(case):
    framework, ratings = case
    full = score(framework, ratings)
    with_blank = score(framework, {**ratings, **{c.id: Rating(None, 3) for c in framework.criteria()
                                                  if c.id not in ratings}})
    assert _scores(full) == _scores(with_blank)
    assert with_blank.coverage.evidenced == full.coverage.evidenced
