"""Does a track record beat a naive forecaster? Two baselines a record should clear.

- **Binary**: always saying 50%. Its Brier score is 0.25 on every question, so a
  record beats it when its mean Brier score is below 0.25 (:func:`brier_vs_half`).
- **Numeric**: linear extrapolation of the same organisation's earlier models on
  the same task and metric (:func:`linear_extrapolation`), where at least two
  earlier results exist. The naive forecast is a single value, scored with the
  same quantile CRPS at the forecaster's own levels (every quantile at that value),
  so the two CRPS figures are computed alike (:func:`crps_vs_extrapolation`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from redline.core.forecasts.scores import brier_score, crps_from_quantiles
from redline.core.forecasts.scoring import ScoredForecast

#: The Brier score of a 50% forecast, whatever happens.
HALF_BRIER = 0.25


@dataclass(frozen=True)
class BaselineComparison:
    """Mean score of a record and of a naive baseline on the same forecasts (lower is better for both)."""

    baseline: str
    n: int
    mean: float | None
    baseline_mean: float | None

    @property
    def beats(self) -> bool | None:
        """True when the record's mean is below the baseline's; ``None`` with nothing to compare."""
        if self.mean is None or self.baseline_mean is None:
            return None
        return self.mean < self.baseline_mean

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields and the verdict."""
        return {"baseline": self.baseline, "n": self.n, "mean": self.mean,
                "baseline_mean": self.baseline_mean, "beats": self.beats}


def brier_vs_half(p: ArrayLike, outcome: ArrayLike) -> BaselineComparison:
    """Mean Brier score of the forecasts against always saying 50%."""
    scores = brier_score(p, outcome)
    n = int(scores.size)
    return BaselineComparison("constant 0.5", n, float(scores.mean()) if n else None, HALF_BRIER if n else None)


def _axis(x: float | dt.datetime) -> float:
    # Dates become days, so a slope reads "per day" and the numbers stay moderate.
    if isinstance(x, dt.datetime):
        moment = x if x.tzinfo is not None else x.replace(tzinfo=dt.UTC)
        return moment.timestamp() / 86_400.0
    return float(x)


def linear_extrapolation(
    history: Sequence[tuple[float | dt.datetime, float]], at: float | dt.datetime
) -> float | None:
    """The least-squares line through earlier ``(when, value)`` results, read at ``at``.

    ``when`` is a date (a model's release or registration) or any number that
    orders the models. ``None`` with fewer than two results or when they all
    share one ``when`` (no line).
    """
    if len(history) < 2:
        return None
    x = np.array([_axis(w) for w, _ in history])
    y = np.array([float(v) for _, v in history])
    dx = x - x.mean()
    spread = float(np.dot(dx, dx))
    if spread == 0.0:
        return None
    slope = float(np.dot(dx, y - y.mean())) / spread
    return float(y.mean() + slope * (_axis(at) - x.mean()))


def crps_vs_extrapolation(
    scored: Sequence[ScoredForecast], naive: Mapping[str, float | None]
) -> BaselineComparison:
    """Mean CRPS of the numeric forecasts against the naive value for each question in ``naive``.

    ``naive`` maps a question to its extrapolated value (``None`` or absent where
    fewer than two earlier models exist); only those questions are compared.
    """
    ours: list[float] = []
    theirs: list[float] = []
    for s in scored:
        point = naive.get(s.forecast.question)
        if s.forecast.quantiles is None or point is None or s.crps is None:
            continue
        levels = [level for level, _ in s.forecast.quantiles]
        flat = np.full((1, len(levels)), float(point))
        theirs.append(float(crps_from_quantiles(flat, levels, [float(s.forecast.outcome)])[0]))
        ours.append(s.crps)
    n = len(ours)
    return BaselineComparison(
        "linear extrapolation of earlier models",
        n,
        math.fsum(ours) / n if n else None,
        math.fsum(theirs) / n if n else None,
    )
