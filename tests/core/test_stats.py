"""Wilson and bootstrap intervals: pinned numbers and properties."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.core.stats import bootstrap_mean_interval, is_binary, normal_interval, wilson_interval, z_for


def test_wilson_zero_of_twelve_pins_upper_bound():
    iv = wilson_interval(0, 12)
    assert iv.estimate == 0.0
    assert iv.lower == 0.0
    assert iv.upper == pytest.approx(0.2425, abs=5e-5)


def test_wilson_three_of_sixty():
    iv = wilson_interval(3, 60)
    assert iv.estimate == pytest.approx(0.05)
    assert iv.lower == pytest.approx(0.01715, abs=5e-5)
    assert iv.upper == pytest.approx(0.1370, abs=5e-4)


def test_wilson_all_successes_reaches_one():
    assert wilson_interval(10, 10).upper == 1.0


def test_wilson_rejects_bad_counts():
    with pytest.raises(ValueError):
        wilson_interval(0, 0)
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_higher_confidence_is_wider():
    assert wilson_interval(3, 60, 0.99).upper > wilson_interval(3, 60, 0.95).upper


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_estimate(kn):
    k, n = kn
    iv = wilson_interval(k, n)
    assert 0.0 <= iv.lower <= iv.estimate <= iv.upper <= 1.0


def test_bootstrap_is_reproducible_and_brackets_mean():
    scores = np.linspace(0, 1, 41)
    a = bootstrap_mean_interval(scores)
    b = bootstrap_mean_interval(list(scores))
    assert a == b
    assert a.method == "bootstrap"
    assert a.lower < 0.5 < a.upper
    assert a.upper - a.lower == pytest.approx(2 * 1.96 * scores.std() / np.sqrt(41), rel=0.15)


def test_bootstrap_seed_changes_draws():
    scores = [0.1, 0.4, 0.35, 0.8, 0.9, 0.2, 0.5]
    assert bootstrap_mean_interval(scores, seed=1) != bootstrap_mean_interval(scores, seed=2)


def test_bootstrap_large_input_is_chunked():
    scores = np.random.default_rng(0).random(50_000)
    iv = bootstrap_mean_interval(scores, resamples=200)
    assert iv.lower < iv.estimate < iv.upper


def test_bootstrap_rejects_empty_and_nan():
    with pytest.raises(ValueError):
        bootstrap_mean_interval([])
    with pytest.raises(ValueError):
        bootstrap_mean_interval([0.1, float("nan")])


def test_normal_and_helpers():
    iv = normal_interval(0.34, 0.0476)
    assert iv.lower == pytest.approx(0.34 - 1.959964 * 0.0476, abs=1e-6)
    assert z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    with pytest.raises(ValueError):
        z_for(1.0)
    assert is_binary([0, 1, 1.0])
    assert not is_binary([0, 0.5])
