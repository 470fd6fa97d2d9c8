"""Result records of risk runs: the estimate with its error, and how it was obtained.

A :class:`RunResult` always carries its interval, Monte Carlo error and provenance (seed,
chunk size, workers, numpy and scipy versions, model hash); :meth:`RunResult.to_dict` is what storage keeps.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy
from scipy import special

from redline.core.stats import wilson_bounds

Z95 = float(special.ndtri(0.975))


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``hits`` out of ``n`` samples (:func:`redline.core.stats.wilson_bounds`)."""
    return wilson_bounds(hits, n, z)


@dataclass(frozen=True)
class Epistemic:
    """Spread of P(outcome ≥ threshold) over epistemic draws (two-level Monte Carlo)."""

    outer: int
    inner: int
    median: float
    ci90: tuple[float, float]
    mean: float
    tolerance: float | None = None
    share_above: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ci90"] = list(self.ci90)
        return d


@dataclass(frozen=True)
class RunResult:
    """An estimate of P(outcome ≥ threshold) with its Monte Carlo error and provenance."""

    model_name: str
    model_hash: str
    threshold: float
    method: str  # naive, importance, rqmc, conditional, or two-level[-importance|-rqmc|-conditional]
    estimate: float
    std_error: float
    interval: tuple[float, float]
    hits: int
    samples: int
    seed: int
    chunk_size: int
    workers: int
    ess: float
    invalid: int = 0
    mean: float | None = None
    elapsed_s: float = 0.0
    epistemic: Epistemic | None = None
    numpy_version: str = field(default_factory=lambda: np.__version__)
    scipy_version: str = field(default_factory=lambda: scipy.__version__)  # its Sobol sequence drives RQMC
    notes: tuple[str, ...] = ()
    replicates: int | None = None  # independent scramblings behind an RQMC error
    conditioned_on: str | None = None  # the parameter integrated out in closed form
    precision_target: float | None = None  # the relative standard error asked for
    precision_met: bool | None = None

    @property
    def rse(self) -> float:
        """Relative standard error (std_error / estimate); infinite when the estimate is 0."""
        return self.std_error / self.estimate if self.estimate > 0 else math.inf

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record (the ``--json`` output and what a database row should store)."""
        d: dict[str, Any] = {
            "model": {"name": self.model_name, "hash": self.model_hash},
            "threshold": self.threshold,
            "p_exceed": {"estimate": self.estimate, "std_error": self.std_error,
                         "interval": list(self.interval), "rse": _finite(self.rse)},
            "method": self.method,
            "hits": self.hits,
            "samples": self.samples,
            "effective_sample_size": _finite(self.ess),
            "invalid_samples": self.invalid,
            "mean_outcome": _finite(self.mean) if self.mean is not None else None,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
            "workers": self.workers,
            "numpy_version": self.numpy_version,
            "scipy_version": self.scipy_version,
            "elapsed_s": round(self.elapsed_s, 4),
            "notes": list(self.notes),
            "precision_target": self.precision_target,
            "precision_met": self.precision_met,
            "replicates": self.replicates,
            "conditioned_on": self.conditioned_on,
        }
        if self.epistemic is not None:
            d["epistemic"] = self.epistemic.to_dict()
            d.update({k: d["epistemic"][k] for k in ("median", "ci90", "share_above")})
        return d


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None
