"""Scoring rules, vectorised over many forecasts at once (numpy arrays in, arrays out).

Binary forecasts (``p`` the probability of "yes", ``outcome`` booleans):

- :func:`brier_score` (p − o)², 0 is perfect, lower is better;
- :func:`log_score` ln p(outcome), natural log, 0 is perfect, higher is better;
- :func:`baseline_score` Metaculus's 100·(log₂ p(outcome) + 1): 0 for a 50% forecast,
  100 for certainty on the right side, higher is better;
- :func:`peer_scores` Metaculus's 100·(ln p_i(outcome) − mean over the *other*
  forecasters j of ln p_j(outcome)) within each question; NaN for a lone forecaster.

Numeric forecasts (``values`` of shape (N, K) at quantile ``levels`` of shape (K,)):

- :func:`crps_from_quantiles` (2/K)·Σ_k pinball_τk(q_k, y), the quantile-based CRPS
  estimate scoringrules calls ``crps_quantile``; lower is better;
- :func:`weighted_interval_score` the WIS of Bracher et al. (2021) with its canonical
  weights, (1/(K′ + ½))·(½·|y − m| + Σ_k (α_k/2)·IS_αk), defined only when the levels
  are the median plus symmetric pairs τ, 1 − τ (:func:`central_intervals`); lower is better.
  On those level sets it equals :func:`crps_from_quantiles` in exact arithmetic;
- :func:`interval_coverage` whether y lies in the central 50% or 90% interval.

The functions do no input validation beyond shapes (that is
:mod:`redline.core.forecasts.validation`'s job at the boundary), so they run at
array speed; ``redline bench forecasts`` times them against scoringrules.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: Levels τ and 1 − τ count as a symmetric pair when they sum to 1 within this.
SYMMETRY_TOLERANCE = 1e-12


def _binary(p: ArrayLike, outcome: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    probs = np.asarray(p, dtype=float)
    yes = np.asarray(outcome, dtype=bool)
    if probs.shape != yes.shape:
        raise ValueError(f"probabilities {probs.shape} and outcomes {yes.shape} differ in shape")
    return probs, yes


def prob_of_outcome(p: ArrayLike, outcome: ArrayLike) -> np.ndarray:
    """The probability each forecast gave to what happened: p when yes, 1 − p when no."""
    probs, yes = _binary(p, outcome)
    return np.where(yes, probs, 1.0 - probs)


def brier_score(p: ArrayLike, outcome: ArrayLike) -> np.ndarray:
    """(p − o)² per forecast; 0 is perfect, 0.25 is what always saying 50% earns."""
    probs, yes = _binary(p, outcome)
    diff = probs - yes
    return diff * diff


def log_score(p: ArrayLike, outcome: ArrayLike) -> np.ndarray:
    """ln p(outcome) per forecast (natural log): 0 is perfect, ln ½ ≈ −0.693 for 50%; higher is better."""
    return np.log(prob_of_outcome(p, outcome))


def baseline_score(p: ArrayLike, outcome: ArrayLike) -> np.ndarray:
    """Metaculus's baseline score 100·(log₂ p(outcome) + 1): 0 for 50%, 100 for certainty."""
    return 100.0 * (np.log2(prob_of_outcome(p, outcome)) + 1.0)


def peer_scores(p: ArrayLike, outcome: ArrayLike, question: ArrayLike) -> np.ndarray:
    """Metaculus's peer score of each forecast against the others on the same question.

    ``question`` labels each forecast's question (any hashable values, one per
    forecast; one forecast per forecaster and question). Within a question of n
    forecasters, 100·(ln p_i − (Σ_j ln p_j − ln p_i)/(n − 1)); NaN where n = 1.
    The scores on a question sum to zero.
    """
    logs = log_score(p, outcome)
    labels = np.asarray(question)
    if labels.shape != logs.shape:
        raise ValueError(f"question labels {labels.shape} and forecasts {logs.shape} differ in shape")
    if logs.size == 0:
        return logs.copy()
    _, index = np.unique(labels, return_inverse=True)
    index = index.reshape(logs.shape)
    totals = np.bincount(index, weights=logs)
    counts = np.bincount(index)
    n = counts[index]
    others = n - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_others = (totals[index] - logs) / others
    return np.where(others > 0, 100.0 * (logs - mean_others), np.nan)


def _numeric(values: ArrayLike, levels: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = np.asarray(values, dtype=float)
    tau = np.asarray(levels, dtype=float)
    obs = np.asarray(y, dtype=float)
    if q.ndim != 2 or tau.shape != (q.shape[1],) or obs.shape != (q.shape[0],):
        raise ValueError(
            f"values must be (N, K), levels (K,) and outcomes (N,); got {q.shape}, {tau.shape}, {obs.shape}"
        )
    return q, tau, obs


def pinball_loss(values: ArrayLike, levels: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The quantile (pinball) loss of each quantile, shape (N, K):
    τ(y − q) when y ≥ q, else (1 − τ)(q − y)."""
    q, tau, obs = _numeric(values, levels, y)
    d = obs[:, None] - q
    below = np.minimum(d, 0.0)  # (τ − 1)·d = τ·d − d where d < 0
    d *= tau
    d -= below
    return d


def crps_from_quantiles(values: ArrayLike, levels: ArrayLike, y: ArrayLike) -> np.ndarray:
    """(2/K)·Σ_k pinball_τk(q_k, y) per forecast (scoringrules' ``crps_quantile``); lower is better."""
    loss = pinball_loss(values, levels, y)
    return loss.sum(axis=1) * (2.0 / loss.shape[1])


def central_intervals(levels: ArrayLike) -> tuple[int, np.ndarray, np.ndarray, np.ndarray] | None:
    """How ``levels`` split into the median and central intervals, or ``None`` when they do not.

    Returns ``(median index, lower indices, upper indices, alphas)``, the intervals
    from the widest (smallest α) in; ``None`` unless the levels are strictly
    increasing, include 0.5 and pair each τ < 0.5 with a 1 − τ within
    :data:`SYMMETRY_TOLERANCE`. With K levels there are (K − 1)/2 intervals.
    """
    tau = np.asarray(levels, dtype=float)
    k = tau.size
    if tau.ndim != 1 or k % 2 == 0 or np.any(np.diff(tau) <= 0):
        return None
    mid = k // 2
    if abs(tau[mid] - 0.5) > SYMMETRY_TOLERANCE:
        return None
    lower = np.arange(mid)
    upper = np.arange(k - 1, mid, -1)
    if np.any(np.abs(tau[lower] + tau[upper] - 1.0) > SYMMETRY_TOLERANCE):
        return None
    return mid, lower, upper, 2.0 * tau[lower]


def interval_score(lower: ArrayLike, upper: ArrayLike, y: ArrayLike, alpha: ArrayLike) -> np.ndarray:
    """IS_α = (u − l) + (2/α)(l − y)·[y < l] + (2/α)(y − u)·[y > u] of a central (1 − α) interval.

    ``lower`` and ``upper`` are (N, K′), ``y`` (N,), ``alpha`` (K′,); the result is (N, K′).
    """
    lo = np.asarray(lower, dtype=float)
    hi = np.asarray(upper, dtype=float)
    obs = np.asarray(y, dtype=float)[:, None]
    a = np.asarray(alpha, dtype=float)
    penalty = np.maximum(lo - obs, 0.0)
    penalty += np.maximum(obs - hi, 0.0)  # at most one of the two is non-zero
    penalty *= 2.0 / a
    penalty += hi - lo
    return penalty


def weighted_interval_score(values: ArrayLike, levels: ArrayLike, y: ArrayLike) -> np.ndarray | None:
    """The weighted interval score per forecast, or ``None`` when ``levels`` do not qualify
    (see :func:`central_intervals`)."""
    q, tau, obs = _numeric(values, levels, y)
    split = central_intervals(tau)
    if split is None:
        return None
    mid, lower, upper, alpha = split
    scores = interval_score(q[:, lower], q[:, upper], obs, alpha)
    total = scores @ (alpha / 2.0)
    total += 0.5 * np.abs(obs - q[:, mid])
    total /= alpha.size + 0.5
    return total


def interval_coverage(values: ArrayLike, levels: ArrayLike, y: ArrayLike, width: float) -> np.ndarray | None:
    """Whether l ≤ y ≤ u for the central ``width`` interval (0.5 or 0.9, say) per forecast,
    or ``None`` when the levels (1 − width)/2 and (1 + width)/2 are not both present."""
    q, tau, obs = _numeric(values, levels, y)
    lo_level, hi_level = (1.0 - width) / 2.0, (1.0 + width) / 2.0
    lo = np.flatnonzero(np.abs(tau - lo_level) <= SYMMETRY_TOLERANCE)
    hi = np.flatnonzero(np.abs(tau - hi_level) <= SYMMETRY_TOLERANCE)
    if lo.size == 0 or hi.size == 0:
        return None
    return (q[:, lo[0]] <= obs) & (obs <= q[:, hi[0]])
