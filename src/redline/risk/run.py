"""One entry point for estimating P(outcome ≥ threshold): naive, importance or two-level.

``method="auto"`` runs plain Monte Carlo first and switches to importance sampling when it
sees fewer than ``min_hits`` hits, as a naive estimate from a handful of hits is mostly noise.
"""

from __future__ import annotations

from dataclasses import replace

from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, run_naive
from redline.risk.rare import run_importance, shifted_dims
from redline.risk.result import RunResult
from redline.risk.twolevel import run_two_level

METHODS = ("auto", "naive", "importance")


def run_model(model: RiskModel, threshold: float, samples: int = 1_000_000, seed: int = 0,
              workers: int | None = None, chunk_size: int = DEFAULT_CHUNK, method: str = "auto",
              outer: int | None = None, inner: int | None = None, tolerance: float | None = None,
              min_hits: int = 100, rare_samples: int = 200_000, progress: Progress | None = None) -> RunResult:
    """Estimate P(outcome ≥ threshold) for ``model``; with ``outer`` run two-level Monte Carlo.

    The returned :class:`RunResult` always records its method, error, hits and provenance.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if outer is not None or inner is not None:
        return run_two_level(model, threshold, outer or 1000, inner or 10_000, seed, tolerance, workers,
                             chunk_size, progress, method, min_hits, rare_samples)
    if method == "importance":
        return run_importance(model, threshold, rare_samples, seed, chunk_size, progress)
    naive = run_naive(model, threshold, samples, seed, workers, chunk_size, progress)
    if method == "naive" or naive.hits >= min_hits or not shifted_dims(model):
        return naive
    rare = run_importance(model, threshold, rare_samples, seed, chunk_size, progress)
    lead = f"plain Monte Carlo saw {naive.hits} hit(s) in {naive.samples} samples; switched to importance sampling"
    if rare.hits == 0:
        return replace(naive, notes=(*naive.notes, lead + ", which found no hits either; "
                                     "the interval is the plain Monte Carlo one"))
    return replace(rare, workers=naive.workers, elapsed_s=naive.elapsed_s + rare.elapsed_s, notes=(lead, *rare.notes))
