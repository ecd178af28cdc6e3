import pytest

from grmg.core.scoring import Rating, overall_weights, score
from tests.core.frameworks import HAND, build

FRAMEWORK = build(HAND)
RATINGS = {
    "a": Rating("yes", 1),       # 100
    "b": Rating("partial", 0),   # 50, weight 3
    "c": Rating("1", 2),         # 25
    "d": Rating("50", 1),        # 50; e is not scored
}


def test_it_scores_components_pillars_and_overall_as_weighted_means():
    card = score(FRAMEWORK, RATINGS)
    assert card.component("c1").score == pytest.approx((100 * 1 + 50 * 3) / 4)  # 62.5
    assert card.component("c2").score == pytest.approx(25)
    assert card.component("c3").score == pytest.approx(50)  # e left out, not counted as 0
    assert card.pillar("p1").score == pytest.approx((62.5 + 25) / 2)  # 43.75
    assert card.pillar("p2").score == pytest.approx(50)
    assert card.overall == pytest.approx((43.75 * 1 + 50 * 2) / 3)  # 47.9166...
    assert card.band is not None and card.band.key == "mid"


def test_it_reports_coverage_and_missing_criteria():
    card = score(FRAMEWORK, RATINGS)
    assert (card.coverage.total, card.coverage.scored, card.coverage.evidenced) == (5, 4, 3)
    assert card.coverage.evidenced_share == pytest.approx(60)
    assert card.missing == ("e",)
    assert card.component("c3").coverage.scored == 1


def test_it_gives_each_criterion_its_share_of_the_overall():
    shares = overall_weights(FRAMEWORK)
    assert shares == pytest.approx({"a": 1 / 24, "b": 1 / 8, "c": 1 / 6, "d": 1 / 3, "e": 1 / 3})
    assert sum(shares.values()) == pytest.approx(1)


def test_it_ranks_gaps_by_distance_times_weight():
    card = score(FRAMEWORK, RATINGS)
    assert [g.criterion_id for g in card.gaps] == ["d", "c", "b"]  # a is at its target
    assert [round(g.priority, 4) for g in card.gaps] == [round(50 / 3, 4), 12.5, 6.25]
    assert card.gaps[1].distance == 75


def test_it_leaves_everything_unscored_when_nothing_is_rated():
    card = score(FRAMEWORK, {})
    assert card.overall is None and card.band is None
    assert all(p.score is None for p in card.pillars)
    assert card.coverage.scored == 0 and card.gaps == ()


def test_it_ignores_a_pillar_with_no_scored_component():
    card = score(FRAMEWORK, {"a": Rating("no")})
    assert card.pillar("p2").score is None
    assert card.overall == 0


def test_it_uses_a_criterions_own_target():
    data = build({**HAND, "pillars": [{"id": "p", "title": "P", "components": [
        {"id": "k", "title": "K", "description": "k", "criteria": [
            {**HAND["pillars"][0]["components"][1]["criteria"][0], "target": "3"}]}]}]})
    card = score(data, {"c": Rating("3")})
    assert card.gaps == ()
    card = score(data, {"c": Rating("2")})
    assert card.gaps[0].target == 75 and card.gaps[0].distance == 25
