"""The scoring rules on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core.forecasts.scores import (
    baseline_score,
    brier_score,
    central_intervals,
    crps_from_quantiles,
    interval_coverage,
    interval_score,
    log_score,
    peer_scores,
    pinball_loss,
    weighted_interval_score,
)

LEVELS5 = [0.05, 0.25, 0.5, 0.75, 0.95]


def test_binary_scores_by_hand():
    p = [0.7, 0.7, 0.5, 0.1]
    o = [True, False, True, False]
    assert brier_score(p, o).tolist() == pytest.approx([0.09, 0.49, 0.25, 0.01])
    assert log_score(p, o).tolist() == pytest.approx([math.log(0.7), math.log(0.3), math.log(0.5), math.log(0.9)])
    assert baseline_score(p, o).tolist() == pytest.approx(
        [100 * (math.log2(0.7) + 1), 100 * (math.log2(0.3) + 1), 0.0, 100 * (math.log2(0.9) + 1)])
    assert baseline_score([0.99], [True])[0] == pytest.approx(98.55004)
    with pytest.raises(ValueError, match="differ in shape"):
        brier_score([0.5, 0.5], [True])


def test_peer_scores_by_hand():
    # Q1: three forecasters; Q2: two; Q3: alone (undefined).
    p = [0.8, 0.6, 0.3, 0.9, 0.4, 0.55]
    o = [True, True, True, False, False, True]
    q = ["Q1", "Q1", "Q1", "Q2", "Q2", "Q3"]
    got = peer_scores(p, o, q)
    ln = math.log
    assert got[0] == pytest.approx(100 * (ln(0.8) - (ln(0.6) + ln(0.3)) / 2))
    assert got[1] == pytest.approx(100 * (ln(0.6) - (ln(0.8) + ln(0.3)) / 2))
    assert got[3] == pytest.approx(100 * (ln(0.1) - ln(0.6)))
    assert got[4] == pytest.approx(100 * (ln(0.6) - ln(0.1)))
    assert math.isnan(got[5])
    assert got[:3].sum() == pytest.approx(0.0, abs=1e-9)  # peer scores on a question sum to zero
    assert peer_scores([], [], []).size == 0


def test_peer_score_equals_metaculus_geometric_mean_form():
    # 100 · n/(n−1) · ln(p_i / geometric mean of everyone's p), as Metaculus writes it.
    rng = np.random.default_rng(3)
    p = rng.uniform(0.05, 0.95, 7)
    o = np.ones(7, dtype=bool)
    gm = math.exp(np.mean(np.log(p)))
    expected = 100 * 7 / 6 * np.log(p / gm)
    np.testing.assert_allclose(peer_scores(p, o, np.zeros(7)), expected, rtol=1e-12)


def test_pinball_and_crps_by_hand():
    values = [[0.12, 0.3, 0.61]]
    levels = [0.05, 0.5, 0.95]
    y = [0.42]
    # y ≥ q: τ(y − q); y < q: (1 − τ)(q − y)
    expected = [0.05 * 0.30, 0.5 * 0.12, 0.05 * 0.19]
    assert pinball_loss(values, levels, y)[0].tolist() == pytest.approx(expected)
    assert crps_from_quantiles(values, levels, y)[0] == pytest.approx(2 / 3 * sum(expected))
    with pytest.raises(ValueError, match=r"values must be \(N, K\)"):
        crps_from_quantiles([0.1, 0.2, 0.3], levels, y)


def test_interval_score_by_hand():
    lower, upper, alpha = [[1.0]], [[3.0]], [0.2]
    assert interval_score(lower, upper, [2.0], alpha)[0, 0] == pytest.approx(2.0)
    assert interval_score(lower, upper, [0.0], alpha)[0, 0] == pytest.approx(2.0 + 10 * 1.0)
    assert interval_score(lower, upper, [4.5], alpha)[0, 0] == pytest.approx(2.0 + 10 * 1.5)


def test_weighted_interval_score_by_hand():
    values = [[0.12, 0.3, 0.61]]
    levels = [0.05, 0.5, 0.95]
    # one central 90% interval (α = 0.1): IS = 0.49; WIS = (½·0.12 + 0.05·0.49) / 1.5
    assert weighted_interval_score(values, levels, [0.42])[0] == pytest.approx((0.06 + 0.0245) / 1.5)
    # outside the interval: IS = 0.49 + 20·(0.7 − 0.61)
    wis = weighted_interval_score(values, levels, [0.7])[0]
    assert wis == pytest.approx((0.5 * 0.4 + 0.05 * (0.49 + 20 * 0.09)) / 1.5)
    five = weighted_interval_score([[1, 2, 3, 4, 5]], LEVELS5, [3.5])[0]
    # intervals: 90% [1, 5] IS 4; 50% [2, 4] IS 2; median 3
    assert five == pytest.approx((0.5 * 0.5 + 0.05 * 4 + 0.25 * 2) / 2.5)


@pytest.mark.parametrize(
    "levels",
    [
        [0.1, 0.5, 0.8],  # not symmetric
        [0.1, 0.4, 0.6, 0.9],  # no median
        [0.1, 0.5, 0.5, 0.9],  # not strictly increasing
        [0.9, 0.5, 0.1],  # decreasing
        [0.1, 0.5 + 2e-12, 0.9],  # median off by more than the tolerance
        [0.1, 0.5, 0.9 + 2e-12],
    ],
)
def test_wis_is_undefined_off_the_symmetric_level_sets(levels):
    assert central_intervals(levels) is None
    values = [sorted(range(len(levels)))]
    assert weighted_interval_score(values, levels, [1.0]) is None


def test_wis_tolerates_float_noise_within_1e_12():
    split = central_intervals([0.1, 0.5 + 5e-13, 0.9 - 5e-13])
    assert split is not None
    mid, lower, upper, alpha = split
    assert (mid, lower.tolist(), upper.tolist()) == (1, [0], [2])
    assert alpha.tolist() == pytest.approx([0.2])
    split = central_intervals([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975])
    assert split is not None and split[3].tolist() == pytest.approx([0.05, 0.2, 0.5])  # widest first


def test_coverage_of_the_central_intervals():
    values = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]
    y = [2.0, 4.5, 5.5]  # l ≤ y ≤ u: the ends count as covered
    assert interval_coverage(values, LEVELS5, y, 0.5).tolist() == [True, False, False]
    assert interval_coverage(values, LEVELS5, y, 0.9).tolist() == [True, True, False]
    assert interval_coverage([[1, 2, 3]], [0.1, 0.5, 0.9], [2.0], 0.5) is None
    assert interval_coverage([[1, 2, 3]], [0.1, 0.5, 0.9], [2.0], 0.8).tolist() == [True]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5),
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=11, max_size=11),
    st.floats(-1e3, 1e3, allow_nan=False),
)
def test_wis_equals_quantile_crps_on_symmetric_levels(pairs, raw, y):
    """With Bracher et al.'s weights, WIS is the mean pinball loss in disguise: the two agree."""
    inner = np.linspace(0.04, 0.46, pairs)
    levels = np.concatenate([inner, [0.5], 1 - inner[::-1]])
    values = np.sort(np.asarray(raw[: levels.size]))[None, :]
    wis = weighted_interval_score(values, levels, [y])
    assert wis is not None
    crps = crps_from_quantiles(values, levels, [y])
    assert wis[0] == pytest.approx(crps[0], rel=1e-12, abs=1e-9)
