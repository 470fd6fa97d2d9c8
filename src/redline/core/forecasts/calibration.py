"""Calibration and discrimination of binary forecasts: the data behind the track-record plots.

- :func:`reliability_diagram`: forecasts in 10 equal bins of probability (bin k
  holds k/10 ≤ p < (k + 1)/10); per bin the count, the mean forecast, the observed
  frequency of "yes" and its 90% Wilson interval; a calibrated forecaster's
  points lie on the diagonal, drawn at the bin centres.
- :func:`murphy_decomposition`: the mean Brier score split over the same bins,
  after Murphy (1973) with the two within-bin terms of Stephenson, Coelho and
  Jolliffe (2008) that make it exact when forecasts within a bin differ:

      Brier = reliability − resolution + uncertainty + within-bin variance − within-bin covariance

  *reliability* (lower is better) is how far each bin's mean forecast is from
  what happened; *resolution* (higher is better) how far the bins' observed
  frequencies are from the overall base rate; *uncertainty* the base rate's own
  variance ō(1 − ō), which no forecaster controls.
- :func:`discrimination`: the forecasts on questions that resolved yes against
  those on questions that resolved no; a forecaster who discriminates gives the
  first higher probabilities than the second.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from redline.core.stats import wilson_interval

#: Bins of the reliability diagram and the decomposition.
BINS = 10
#: Confidence of each bin's interval for the observed frequency.
BIN_CONFIDENCE = 0.9


def _inputs(p: ArrayLike, outcome: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    probs = np.asarray(p, dtype=float).ravel()
    yes = np.asarray(outcome, dtype=bool).ravel()
    if probs.shape != yes.shape:
        raise ValueError(f"probabilities {probs.shape} and outcomes {yes.shape} differ in shape")
    return probs, yes


def bin_index(p: ArrayLike, bins: int = BINS) -> np.ndarray:
    """The bin of each probability: ⌊p·bins⌋, with p = 1 kept in the top bin."""
    return np.clip(np.floor(np.asarray(p, dtype=float) * bins).astype(int), 0, bins - 1)


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of the reliability diagram; the means and interval are ``None`` for an empty bin."""

    lower: float
    upper: float
    centre: float
    count: int
    yes: int
    mean_forecast: float | None
    observed: float | None
    interval: tuple[float, float] | None


@dataclass(frozen=True)
class ReliabilityDiagram:
    """Every bin (empty ones too) and the confidence of their intervals."""

    bins: tuple[ReliabilityBin, ...]
    confidence: float
    n: int

    @property
    def perfect(self) -> list[tuple[float, float]]:
        """The perfect-calibration line as points (centre, centre)."""
        return [(b.centre, b.centre) for b in self.bins]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the bins, the confidence, the count and the perfect-calibration line."""
        return {
            "n": self.n,
            "confidence": self.confidence,
            "bins": [{**asdict(b), "interval": list(b.interval) if b.interval else None} for b in self.bins],
            "perfect": [list(pt) for pt in self.perfect],
        }


def reliability_diagram(
    p: ArrayLike, outcome: ArrayLike, bins: int = BINS, confidence: float = BIN_CONFIDENCE
) -> ReliabilityDiagram:
    """Bin the forecasts and give each bin its observed frequency with a Wilson interval."""
    probs, yes = _inputs(p, outcome)
    idx = bin_index(probs, bins)
    counts = np.bincount(idx, minlength=bins)
    sums = np.bincount(idx, weights=probs, minlength=bins)
    hits = np.bincount(idx, weights=yes, minlength=bins).round().astype(int)
    out = []
    for k in range(bins):
        n, h = int(counts[k]), int(hits[k])
        interval = wilson_interval(h, n, confidence) if n else None
        out.append(
            ReliabilityBin(
                lower=k / bins,
                upper=(k + 1) / bins,
                centre=(k + 0.5) / bins,
                count=n,
                yes=h,
                mean_forecast=float(sums[k] / n) if n else None,
                observed=h / n if n else None,
                interval=(interval.lower, interval.upper) if interval else None,
            )
        )
    return ReliabilityDiagram(bins=tuple(out), confidence=confidence, n=int(probs.size))


@dataclass(frozen=True)
class MurphyDecomposition:
    """The parts of the mean Brier score over the bins; :attr:`total` adds them back up."""

    n: int
    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin_variance: float
    within_bin_covariance: float

    @property
    def total(self) -> float:
        """reliability − resolution + uncertainty + within-bin variance − within-bin covariance."""
        return math.fsum([self.reliability, -self.resolution, self.uncertainty,
                          self.within_bin_variance, -self.within_bin_covariance])

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields and the total."""
        return {**asdict(self), "total": self.total}


def murphy_decomposition(p: ArrayLike, outcome: ArrayLike, bins: int = BINS) -> MurphyDecomposition | None:
    """The decomposition of the mean Brier score of these forecasts, or ``None`` when there are none."""
    probs, yes = _inputs(p, outcome)
    n = probs.size
    if n == 0:
        return None
    o = yes.astype(float)
    idx = bin_index(probs, bins)
    counts = np.bincount(idx, minlength=bins)
    occupied = counts > 0
    safe = np.where(occupied, counts, 1)
    mean_f = np.bincount(idx, weights=probs, minlength=bins) / safe
    mean_o = np.bincount(idx, weights=o, minlength=bins) / safe
    base = o.mean()
    df = probs - mean_f[idx]
    do = o - mean_o[idx]
    return MurphyDecomposition(
        n=int(n),
        brier=float(np.mean((probs - o) ** 2)),
        reliability=float(np.sum(counts * (mean_f - mean_o) ** 2) / n),
        resolution=float(np.sum(counts * (mean_o - base) ** 2) / n),
        uncertainty=float(base * (1.0 - base)),
        within_bin_variance=float(np.sum(df * df) / n),
        within_bin_covariance=float(2.0 * np.sum(df * do) / n),
    )


@dataclass(frozen=True)
class Discrimination:
    """Forecasts split by what happened, with a histogram of each over the bins."""

    on_yes: tuple[float, ...]
    on_no: tuple[float, ...]
    yes_counts: tuple[int, ...]
    no_counts: tuple[int, ...]
    bins: int

    @property
    def mean_on_yes(self) -> float | None:
        """Mean probability given on questions that resolved yes."""
        return math.fsum(self.on_yes) / len(self.on_yes) if self.on_yes else None

    @property
    def mean_on_no(self) -> float | None:
        """Mean probability given on questions that resolved no."""
        return math.fsum(self.on_no) / len(self.on_no) if self.on_no else None

    @property
    def difference(self) -> float | None:
        """Mean on yes minus mean on no (the discrimination slope); 0 means none."""
        if self.mean_on_yes is None or self.mean_on_no is None:
            return None
        return self.mean_on_yes - self.mean_on_no

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the histograms and the means (not every probability)."""
        return {
            "bins": self.bins,
            "yes_counts": list(self.yes_counts),
            "no_counts": list(self.no_counts),
            "n_yes": len(self.on_yes),
            "n_no": len(self.on_no),
            "mean_on_yes": self.mean_on_yes,
            "mean_on_no": self.mean_on_no,
            "difference": self.difference,
        }


def discrimination(p: ArrayLike, outcome: ArrayLike, bins: int = BINS) -> Discrimination:
    """Split the forecasts by outcome and histogram each half over ``bins`` equal bins."""
    probs, yes = _inputs(p, outcome)
    on_yes, on_no = probs[yes], probs[~yes]
    return Discrimination(
        on_yes=tuple(on_yes.tolist()),
        on_no=tuple(on_no.tolist()),
        yes_counts=tuple(np.bincount(bin_index(on_yes, bins), minlength=bins).tolist()),
        no_counts=tuple(np.bincount(bin_index(on_no, bins), minlength=bins).tolist()),
        bins=bins,
    )
