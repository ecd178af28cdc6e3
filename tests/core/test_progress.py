import pytest

from grmg.core.indicators.progress import progress, trend


@pytest.mark.parametrize(("latest_year", "latest", "status", "actual", "expected"), [
    (2025, 30.0, "on_track", 0.5, 0.5),        # halfway in time, halfway to the target (40 -> 20)
    (2025, 35.0, "off_track", 0.25, 0.5),      # halfway in time, a quarter of the way
    (2027, 19.0, "achieved", 1.05, 0.75),      # beyond the target, three quarters of the way in time
    (2023, 45.0, "regressing", -0.25, 0.25),   # worse than the baseline
])
def test_it_compares_the_latest_value_with_the_straight_path(latest_year, latest, status, actual, expected):
    # baseline 40 in 2021, target 20 in 2029: a fall of 20 over 8 years
    found = progress(2021, 40.0, 2029, 20.0, latest_year, latest)
    assert (found.status, found.actual, found.expected) == (status, pytest.approx(actual), pytest.approx(expected))


def test_it_needs_a_baseline_a_target_and_a_value():
    assert progress(2021, None, 2029, 20.0, 2025, 30.0).status == "no_data"
    assert progress(2021, 40.0, None, None, 2025, 30.0).label == "Not enough data"


def test_it_fits_the_least_squares_trend_of_a_series():
    # 2021: 10, 2022: 14, 2023: 15, 2025: 21. By hand: mean year 2022.75, mean value 15;
    # slope = sum((y - 2022.75) * (v - 15)) / sum((y - 2022.75)^2) = (8.75 + 0.75 + 0 + 13.5) / 8.75 = 2.628571...
    found = trend([(2021, 10.0), (2022, 14.0), (2023, 15.0), (2025, 21.0)])
    assert found is not None
    assert (found.first_year, found.last_year) == (2021, 2025)
    assert found.per_year == pytest.approx(23 / 8.75)
    assert found.change == pytest.approx(4 * 23 / 8.75)


def test_it_needs_two_years_for_a_trend():
    assert trend([(2024, 5.0)]) is None
    assert trend([]) is None
