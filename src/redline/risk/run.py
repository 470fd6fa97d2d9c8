"""One entry point for estimating P(outcome ≥ threshold): naive, importance, rqmc, conditional or two-level.

``method="auto"`` picks the best method that applies: conditional Monte Carlo on scrambled
Sobol points when a parameter can be integrated out in closed form, plain randomised QMC
otherwise; and, without a target precision, importance sampling when those see fewer than
``min_hits`` hits, as an estimate from a handful of hits is mostly noise.
"""

from __future__ import annotations

from dataclasses import replace

from redline.risk.conditional import candidates
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, run_naive
from redline.risk.nested import run_two_level_rqmc
from redline.risk.qmc import DEFAULT_REPLICATES
from redline.risk.rare import run_importance, shifted_dims
from redline.risk.result import RunResult
from redline.risk.rqmc import DEFAULT_MAX_SAMPLES, run_rqmc
from redline.risk.twolevel import run_two_level

METHODS = ("auto", "naive", "importance", "rqmc", "conditional")
PRECISION_START = 50_000  # importance-sampling draws (stages included) before a target precision adds more


def run_model(model: RiskModel, threshold: float, samples: int = 1_000_000, seed: int = 0,
              workers: int | None = None, chunk_size: int = DEFAULT_CHUNK, method: str = "auto",
              outer: int | None = None, inner: int | None = None, tolerance: float | None = None,
              min_hits: int = 100, rare_samples: int = 200_000, progress: Progress | None = None,
              precision: float | None = None, max_samples: int = DEFAULT_MAX_SAMPLES,
              replicates: int = DEFAULT_REPLICATES) -> RunResult:
    """Estimate P(outcome ≥ threshold) for ``model``; with ``outer`` run two-level Monte Carlo.

    ``precision`` (a relative standard error) makes the run add samples until it is reached or
    ``max_samples`` would be passed, and overrides ``samples`` and ``rare_samples``. The
    returned :class:`RunResult` always records its method, error, hits and provenance.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if precision is not None and not 0 < precision < 1:
        raise ValueError("precision must be a relative standard error between 0 and 1")
    if outer is not None or inner is not None:
        return _two_level(model, threshold, outer or 1000, inner or 10_000, samples, seed, workers, chunk_size,
                          method, tolerance, min_hits, rare_samples, progress, precision, max_samples, replicates)
    if method == "naive":
        return run_naive(model, threshold, samples, seed, workers, chunk_size, progress, precision, max_samples)
    if method == "importance":  # with a target, start small and add chunks
        return run_importance(model, threshold, rare_samples if precision is None else PRECISION_START, seed,
                              chunk_size, progress, precision=precision, max_samples=max_samples)
    conditional = method == "conditional" or (method == "auto" and bool(candidates(model)[0]))
    first = run_rqmc(model, threshold, samples, seed, workers, chunk_size, conditional, precision, max_samples,
                     replicates, progress, min_hits)
    exact = first.replicates == 1  # nothing was left to sample: a closed form needs no hits
    if method != "auto" or precision is not None or exact or first.hits >= min_hits or not shifted_dims(model):
        return first
    rare = run_importance(model, threshold, rare_samples, seed, chunk_size, progress)
    lead = (f"{first.method} saw {first.hits} point(s) {'that could reach' if conditional else 'reaching'} the "
            f"threshold in {first.samples} samples; switched to importance sampling")
    if rare.hits == 0:
        return replace(first, notes=(*first.notes, lead + ", which found no hits either; "
                                     f"the interval is the {first.method} one"))
    return replace(rare, workers=first.workers, elapsed_s=first.elapsed_s + rare.elapsed_s,
                   notes=(lead, *rare.notes))


def _two_level(model: RiskModel, threshold: float, outer: int, inner: int, samples: int, seed: int,
               workers: int | None, chunk_size: int, method: str, tolerance: float | None, min_hits: int,
               rare_samples: int, progress: Progress | None, precision: float | None, max_samples: int,
               replicates: int) -> RunResult:
    if method in ("naive", "importance"):
        if precision is not None:
            raise ValueError("a target precision in a two-level run needs method auto, rqmc or conditional")
        return run_two_level(model, threshold, outer, inner, seed, tolerance, workers, chunk_size, progress, method,
                             min_hits, rare_samples)
    aleatory = {n for n in model.order if n not in model.epistemic}
    conditional = method == "conditional" or (method == "auto" and bool(candidates(model, aleatory)[0]))

    def rare(lead: str) -> RunResult:
        r = run_two_level(model, threshold, outer, inner, seed, tolerance, workers, chunk_size, progress,
                          "importance", min_hits, rare_samples)
        return replace(r, notes=(lead, *r.notes))

    shiftable = any(name in aleatory for name, _ in shifted_dims(model))
    use_rare = method == "auto" and not conditional and precision is None and shiftable
    return run_two_level_rqmc(model, threshold, outer, inner, seed, tolerance, workers, chunk_size, conditional,
                              samples, precision, max_samples, replicates, progress, min_hits,
                              rare if use_rare else None)
