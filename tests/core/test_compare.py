import pytest

from grmg.core.compare import change, divergence
from grmg.core.scoring import Rating, score
from tests.core.frameworks import HAND, build

FRAMEWORK = build(HAND)


def test_it_measures_divergence_between_perspectives_per_criterion():
    government = score(FRAMEWORK, {"a": Rating("yes"), "b": Rating("full"), "d": Rating("100")})
    civil_society = score(FRAMEWORK, {"a": Rating("no"), "b": Rating("partial")})
    report = divergence({"government": government, "civil_society": civil_society})
    spreads = {d.id: d.spread for d in report.criteria}
    assert spreads == {"a": 100, "b": 50, "c": None, "d": None, "e": None}
    assert [d.id for d in report.criteria][:2] == ["a", "b"]  # largest first, unscored last
    # civil society: c1 = (0 * 1 + 50 * 3) / 4 = 37.5, the only scored component of the only scored pillar
    assert report.overall.values == {"government": pytest.approx(100), "civil_society": pytest.approx(37.5)}
    assert report.overall.spread == pytest.approx(62.5)


def test_it_measures_change_between_rounds():
    before = score(FRAMEWORK, {"a": Rating("no"), "d": Rating("50")})
    after = score(FRAMEWORK, {"a": Rating("yes"), "d": Rating("50"), "c": Rating("4")})
    report = change(before, after)
    moved = {c.id: c.delta for c in report.criteria}
    assert moved == {"a": 100, "b": None, "c": None, "d": 0, "e": None}
    assert {c.id: c.delta for c in report.components}["c1"] == 100
    # overall before: p1 = 0, p2 = 50 -> (0 + 100) / 3; after: p1 = (100 + 100) / 2, p2 = 50 -> (100 + 100) / 3
    assert report.overall.delta == pytest.approx(100 / 3)


def test_it_matches_criteria_by_id_across_framework_versions():
    newer = build({**HAND, "version": "2", "pillars": [
        {**HAND["pillars"][0], "components": [HAND["pillars"][0]["components"][0]]}]})
    report = change(score(FRAMEWORK, {"a": Rating("no")}), score(newer, {"a": Rating("yes")}))
    assert [c.id for c in report.criteria] == ["a", "b"]
    assert report.removed == ("c", "d", "e")
    assert report.added == ()
