"""The crowd's view after close: the aggregate of everyone's standing forecasts and its spread.

Shown only once a question has closed (no herding before). For binary
questions: the median probability and the geometric mean of odds (the mean
taken on the log-odds scale, so a confident 1% moves it more than the median
would let it); the spread is the quartiles and the extremes. For numeric questions: the median of each quantile level
(still non-decreasing in the level, since each forecast is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from redline.core.forecasts.validation import Quantiles


@dataclass(frozen=True)
class Aggregate:
    """Summary of n probabilities."""

    n: int
    median: float
    geometric_mean_odds: float
    lower_quartile: float
    upper_quartile: float
    minimum: float
    maximum: float

    @property
    def spread(self) -> float:
        """The interquartile range of the probabilities."""
        return self.upper_quartile - self.lower_quartile

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields, the spread included."""
        return {**asdict(self), "spread": self.spread}


def geometric_mean_odds(p: ArrayLike) -> float:
    """The probability whose odds are the geometric mean of the odds p/(1 − p)."""
    probs = np.asarray(p, dtype=float)
    mean_log_odds = float(np.mean(np.log(probs) - np.log1p(-probs)))
    return 1.0 / (1.0 + np.exp(-mean_log_odds))


def aggregate_probabilities(p: ArrayLike) -> Aggregate | None:
    """The aggregate of binary forecasts (each strictly in (0, 1)), or ``None`` when there are none."""
    probs = np.asarray(p, dtype=float).ravel()
    if probs.size == 0:
        return None
    q1, median, q3 = np.quantile(probs, [0.25, 0.5, 0.75])
    return Aggregate(
        n=int(probs.size),
        median=float(median),
        geometric_mean_odds=float(geometric_mean_odds(probs)),
        lower_quartile=float(q1),
        upper_quartile=float(q3),
        minimum=float(probs.min()),
        maximum=float(probs.max()),
    )


def aggregate_quantiles(forecasts: Sequence[Quantiles]) -> Quantiles | None:
    """The median value at each level every forecast gives, or ``None`` when no level is shared."""
    if not forecasts:
        return None
    shared = set.intersection(*({level for level, _ in f} for f in forecasts))
    if not shared:
        return None
    levels = sorted(shared)
    table = np.array([[dict(f)[level] for level in levels] for f in forecasts])
    medians = np.median(table, axis=0)
    return tuple((level, float(m)) for level, m in zip(levels, medians, strict=True))
