"""Our scores against the scoringrules package on random data, to 1e-9.

scoringrules 0.10.0's numpy backend adds ``w_median · median`` where the WIS has
``w_median · |y − median|`` (its numba backend has the absolute error). So the WIS
comparison passes ``|y − median|`` in the median slot, which the numpy backend then
weighs exactly as the definition does; the last test pins that defect, so when a
newer scoringrules fixes it the test fails and the workaround can go.
"""

from __future__ import annotations

import numpy as np
import pytest
import scoringrules as sr

from redline.core.forecasts.scores import (
    brier_score,
    crps_from_quantiles,
    log_score,
    weighted_interval_score,
)

SEEDS = [0, 1, 2]


def _quantile_forecasts(rng: np.random.Generator, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    inner = np.sort(rng.uniform(0.01, 0.49, (k - 1) // 2))
    levels = np.concatenate([inner, [0.5], 1.0 - inner[::-1]])
    centre = rng.normal(0, 10, n)
    spread = rng.gamma(2.0, 2.0, n)
    values = centre[:, None] + spread[:, None] * np.sort(rng.normal(size=(n, levels.size)), axis=1)
    y = centre + rng.normal(0, 8, n)
    return values, levels, y


@pytest.mark.parametrize("seed", SEEDS)
def test_brier_and_log_scores_match(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(1e-6, 1 - 1e-6, 20_000)
    o = rng.random(20_000) < p
    theirs = sr.brier_score(o.astype(float), p, backend="numpy")
    np.testing.assert_allclose(brier_score(p, o), theirs, rtol=0, atol=1e-9)
    # scoringrules' log score is the negatively oriented −ln p(outcome)
    np.testing.assert_allclose(log_score(p, o), -sr.log_score(o.astype(float), p, backend="numpy"),
                               rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", [3, 5, 7, 23])
def test_crps_from_quantiles_matches_crps_quantile(seed, k):
    rng = np.random.default_rng(seed)
    values, levels, y = _quantile_forecasts(rng, 5_000, k)
    theirs = sr.crps_quantile(y, values, levels, backend="numpy")
    np.testing.assert_allclose(crps_from_quantiles(values, levels, y), theirs, rtol=0, atol=1e-9)


def test_crps_matches_on_asymmetric_levels_too():
    rng = np.random.default_rng(7)
    levels = np.array([0.1, 0.3, 0.35, 0.8])
    values = np.sort(rng.normal(size=(1000, 4)), axis=1)
    y = rng.normal(size=1000)
    np.testing.assert_allclose(crps_from_quantiles(values, levels, y),
                               sr.crps_quantile(y, values, levels, backend="numpy"), rtol=0, atol=1e-9)


def _sr_wis(values: np.ndarray, levels: np.ndarray, y: np.ndarray) -> np.ndarray:
    mid = levels.size // 2
    lower = values[:, :mid]
    upper = values[:, ::-1][:, :mid]
    alpha = 2.0 * levels[:mid]
    abs_error = np.abs(y - values[:, mid])  # see the module docstring
    return sr.weighted_interval_score(y, abs_error, lower, upper, alpha, backend="numpy")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", [3, 5, 11])
def test_weighted_interval_score_matches(seed, k):
    rng = np.random.default_rng(seed)
    values, levels, y = _quantile_forecasts(rng, 5_000, k)
    ours = weighted_interval_score(values, levels, y)
    assert ours is not None
    np.testing.assert_allclose(ours, _sr_wis(values, levels, y), rtol=0, atol=1e-9)


def test_scoringrules_numpy_wis_still_weighs_the_median_not_its_error():
    """y = 0.4, median 0.3, 80% interval [0.1, 0.6]: the WIS is (½·0.1 + 0.1·0.5)/1.5."""
    kwargs = dict(lower=np.array([[0.1]]), upper=np.array([[0.6]]), alpha=np.array([0.2]), backend="numpy")
    defined = (0.5 * 0.1 + 0.1 * 0.5) / 1.5
    assert weighted_interval_score([[0.1, 0.3, 0.6]], [0.1, 0.5, 0.9], [0.4])[0] == pytest.approx(defined)
    as_written = float(sr.weighted_interval_score(np.array([0.4]), np.array([0.3]), **kwargs))
    assert as_written == pytest.approx((0.5 * 0.3 + 0.1 * 0.5) / 1.5)  # ½·median, not ½·|y − median|
