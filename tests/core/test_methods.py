import pytest

from grmg.core.methods import METHODS, Level, ScoringMethod, get_method, register


@pytest.mark.parametrize(("method", "expected"), [
    ("binary", {"no": 0, "yes": 100}),
    ("ordinal_0_50_100", {"0": 0, "50": 50, "100": 100}),
    ("absent_partial_full", {"absent": 0, "partial": 50, "full": 100}),
    ("maturity_0_4", {"0": 0, "1": 25, "2": 50, "3": 75, "4": 100}),
])
def test_it_normalises_every_level_to_0_100(method, expected):
    assert {key: get_method(method).normalise(key) for key in expected} == expected


def test_it_lists_the_four_anchored_methods():
    assert set(METHODS) >= {"binary", "ordinal_0_50_100", "absent_partial_full", "maturity_0_4"}


def test_it_refuses_an_unknown_level():
    with pytest.raises(KeyError):
        get_method("binary").normalise("maybe")


def test_it_refuses_levels_out_of_order():
    with pytest.raises(ValueError, match="rising order"):
        register(ScoringMethod("test_descending", "x", "x", (Level("hi", "Hi", 2), Level("lo", "Lo", 1))))
    assert "test_descending" not in METHODS


def test_it_refuses_a_key_registered_twice():
    with pytest.raises(ValueError, match="twice"):
        register(METHODS["binary"])
