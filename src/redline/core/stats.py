"""Interval estimates for evaluation results: Wilson for pass/fail, bootstrap for graded scores.

Verdicts hinge on the upper (or lower) bound of these intervals, so the methods are
chosen for honest coverage at small n: Wilson's score interval does not collapse to a
zero-width interval at 0 successes, as the normal approximation does. The bootstrap
uses a fixed seed so that the same evidence always yields the same verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

#: Seed of the percentile bootstrap; fixed so that a verdict is reproducible.
BOOTSTRAP_SEED = 20_240_726
#: Number of bootstrap resamples.
BOOTSTRAP_RESAMPLES = 10_000
# Resample in blocks of at most this many drawn indices, to bound memory on large logs.
_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class Interval:
    """A point estimate with a two-sided interval at ``confidence`` and the method used."""

    estimate: float
    lower: float
    upper: float
    confidence: float
    method: str  # "wilson", "bootstrap", "normal" or "none"

    def as_list(self) -> list[float]:
        """``[lower, upper]``, for JSON output."""
        return [self.lower, self.upper]


def z_for(confidence: float) -> float:
    """The two-sided standard normal quantile for ``confidence`` (1.959964 for 0.95)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    # The standard library's inverse normal CDF: importing scipy.stats costs ~0.8 s per CLI call.
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_bounds(successes: int, n: int, z: float) -> tuple[float, float]:
    """The Wilson score bounds for ``successes`` out of ``n`` at normal quantile ``z`` (the one copy).

    Never [0, 0]: zero successes is not "zero risk". Raises ValueError without a trial.
    """
    if n <= 0:
        raise ValueError("the Wilson interval needs at least one trial")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in 0..{n}, got {successes}")
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return lower, upper


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for ``successes`` out of ``n`` Bernoulli trials.

    0/12 at 95% gives an upper bound of 0.2425; 3/60 gives 0.0171–0.1370.
    """
    lower, upper = wilson_bounds(successes, n, z_for(confidence))
    return Interval(successes / n, lower, upper, confidence, "wilson")


def bootstrap_mean_interval(
    scores: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Interval:
    """Percentile bootstrap interval of the mean of graded ``scores`` (fixed seed, vectorised)."""
    values = np.asarray(scores, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("the bootstrap needs a non-empty one-dimensional list of scores")
    if not np.all(np.isfinite(values)):
        raise ValueError("scores must be finite numbers")
    z_for(confidence)  # validates confidence
    n = values.size
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    block = max(1, _BLOCK_CELLS // n)
    for start in range(0, resamples, block):
        stop = min(resamples, start + block)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = values[idx].mean(axis=1)
    alpha = 1.0 - confidence
    lower, upper = np.quantile(means, [alpha / 2, 1 - alpha / 2])
    return Interval(float(values.mean()), float(lower), float(upper), confidence, "bootstrap")


def normal_interval(estimate: float, stderr: float, confidence: float = 0.95) -> Interval:
    """estimate ± z·stderr, for evidence that carries only an aggregate and its standard error."""
    if stderr < 0 or not math.isfinite(stderr):
        raise ValueError(f"stderr must be a finite non-negative number, got {stderr!r}")
    z = z_for(confidence)
    return Interval(estimate, estimate - z * stderr, estimate + z * stderr, confidence, "normal")


def is_binary(values: Sequence[float] | np.ndarray) -> bool:
    """True when every value is exactly 0 or 1 (a pass/fail score)."""
    arr = np.asarray(values, dtype=float)
    return bool(np.all((arr == 0.0) | (arr == 1.0)))
