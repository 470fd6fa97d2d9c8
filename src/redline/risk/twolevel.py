"""Two-level Monte Carlo: epistemic parameters in an outer loop, aleatory draws inside.

Each outer draw fixes what we do not know (epistemic) and estimates P(outcome ≥ T) from
``inner`` aleatory draws, so the result is a distribution over the exceedance probability:
its median, 90% credible interval and the share of outer draws above a tolerance.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from redline.risk.compile import Kernel, Program, compile_model
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, chunk_rng, default_workers, split, stream
from redline.risk.rare import cross_entropy_shift, run_importance, shifted_dims
from redline.risk.result import Z95, Epistemic, RunResult, wilson

TAG = 1  # spawn-key prefix separating two-level chunks from naive ones
TAG_IS = 4  # two-level chunks with importance-sampled aleatory draws
MIN_ROW_HITS = 10  # inner hits wanted in the outer draw at the 95th percentile (the upper credible bound)


Evaluate = Callable[[Kernel, np.random.Generator, int, "int | None", bool], np.ndarray]


def counting(count: Callable[[np.ndarray], np.ndarray]) -> Evaluate:
    """An :data:`Evaluate` that runs the kernel and applies ``count`` to the outcomes."""
    return lambda kernel, rng, n, cols, keep: count(kernel.run(rng, n, cols=cols, keep_outer=keep))


def outer_counts(program: Program, evaluate: Evaluate, seed: int, tag: tuple[int, ...],
                 outer: int, inner: int, workers: int, chunk_size: int = DEFAULT_CHUNK,
                 progress: Progress | None = None) -> np.ndarray:
    """Per-row sums of ``evaluate`` over each outer draw's ``inner`` draws, one row per outer draw.

    ``evaluate(kernel, rng, rows, cols, keep_outer)`` returns one row of figures per outer draw.
    Several outer draws share a chunk when ``inner`` fits in one; otherwise an outer draw spans
    several chunks with its epistemic values kept, so memory stays at ``workers`` × ``chunk_size``
    whatever ``inner``.
    """
    tick = None if progress is None else (lambda n: progress(n * inner))
    if inner <= chunk_size:
        rows = chunk_size // inner

        def work(kernel: Kernel, i: int, n: int) -> np.ndarray:
            return evaluate(kernel, chunk_rng(seed, (*tag, i)), n, None, False)

        return np.concatenate(stream(program, split(outer, rows), work, workers, rows, inner, progress=tick))
    pieces = split(inner, chunk_size)

    def spanning(kernel: Kernel, i: int, n: int) -> np.ndarray:
        total = evaluate(kernel, chunk_rng(seed, (*tag, i, 0)), 1, pieces[0], False)
        for j, m in enumerate(pieces[1:], start=1):
            total = total + evaluate(kernel, chunk_rng(seed, (*tag, i, j)), 1, m, True)
        return total

    return np.concatenate(stream(program, [1] * outer, spanning, workers, 1, chunk_size, progress=tick))


def conditional_probabilities(model: RiskModel, threshold: float, outer: int, inner: int, seed: int = 0,
                              workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
                              progress: Progress | None = None) -> np.ndarray:
    """P(outcome ≥ threshold | epistemic draw) for each of ``outer`` draws, from ``inner`` draws each."""
    program = compile_model(model, two_level=True)
    counts = outer_counts(program, counting(lambda x: np.count_nonzero(x >= threshold, axis=1)), seed, (TAG,),
                          outer, inner, workers or default_workers(), chunk_size, progress)
    return counts / inner


def aleatory_shift(model: RiskModel, threshold: float, seed: int = 0) -> tuple[list[tuple[str, int]], np.ndarray]:
    """The aleatory parameters importance sampling can shift, and their part of the cross-entropy shift.

    The shift is fitted on the whole model (epistemic and aleatory together), so it points at the
    aleatory values typical of the failure region; every outer draw then reuses it.
    """
    dims = shifted_dims(model)
    if not any(name not in model.epistemic for name, _ in dims):
        return [], np.zeros(0)
    m, _, _ = cross_entropy_shift(model, threshold, seed)
    keep, parts, j = [], [], 0
    for name, k in dims:
        if name not in model.epistemic:
            keep.append((name, k))
            parts.append(m[j:j + k])
        j += k
    return keep, np.concatenate(parts)


def weighted_conditional(model: RiskModel, threshold: float, outer: int, inner: int, dims: list[tuple[str, int]],
                         shift: np.ndarray, seed: int = 0, workers: int | None = None,
                         chunk_size: int = DEFAULT_CHUNK, progress: Progress | None = None) -> np.ndarray:
    """Per outer draw: the sum of importance weights over hits, of squared weights, and the hit count.

    Aleatory normals come from N(shift, I) and are weighted by φ(z)/φ(z − shift), so each row's
    sum divided by ``inner`` is an unbiased estimate of P(outcome ≥ threshold | epistemic draw).
    """
    program = compile_model(model, two_level=True)
    half = 0.5 * float(shift @ shift)

    def evaluate(kernel: Kernel, rng: np.random.Generator, n: int, cols: int | None, keep: bool) -> np.ndarray:
        c = kernel.full[1] if cols is None else cols
        z = rng.standard_normal((n, c, shift.size))
        z += shift
        named, j = {}, 0
        for name, k in dims:
            named[name] = z[..., j] if k == 1 else z[..., j:j + k]
            j += k
        x = kernel.run(rng, n, named, cols=cols, keep_outer=keep)
        w = np.where(x >= threshold, np.exp(half - z @ shift), 0.0)
        return np.stack([w.sum(axis=1), (w * w).sum(axis=1), np.count_nonzero(w, axis=1)], axis=1)

    return outer_counts(program, evaluate, seed, (TAG_IS,), outer, inner, workers or default_workers(),
                        chunk_size, progress)


def _weighted_pass(model: RiskModel, threshold: float, outer: int, inner: int, seed: int, workers: int,
                   chunk_size: int, progress: Progress | None, rare_samples: int,
                   ) -> tuple[np.ndarray, int, float, RunResult | None, list[str]] | None:
    """Outer draws with importance-sampled inner draws, plus an all-parameter estimate of the mean.

    Returns (per-draw probabilities, weighted hits, hits of the 95th-percentile draw, joint result
    or None when it found no hits, notes), or None when no aleatory parameter can be shifted.
    """
    dims, shift = aleatory_shift(model, threshold, seed)
    if not dims:
        return None
    sums = weighted_conditional(model, threshold, outer, inner, dims, shift, seed, workers, chunk_size, progress)
    probs, hits = sums[:, 0] / inner, int(sums[:, 2].sum())
    notes = [f"aleatory shift |m| = {math.sqrt(float(shift @ shift)):.2f} over {shift.size} dimension(s), "
             f"fitted by cross-entropy; {hits} weighted inner hits; {np.mean(sums[:, 2] == 0):.0%} of outer "
             "draws saw none"]
    # The mean over outer draws is ruled by rare epistemic draws that few outer rows reach, so the
    # overall probability comes from importance sampling over every parameter at once.
    joint = run_importance(model, threshold, rare_samples, seed, chunk_size)
    if joint.hits:
        notes.append(f"the overall probability is importance-sampled over all parameters ({joint.samples} draws, "
                     f"{joint.hits} hits, RSE {joint.rse:.1%}); the epistemic spread comes from the outer draws "
                     f"(their mean is {float(probs.mean()):.3g})")
    else:  # never report [0, 0] from a search that found nothing: keep the outer draws' own bound
        notes.append("importance sampling over all parameters found no hits either; the interval is that of "
                     "the outer draws")
    return probs, hits, float(np.quantile(sums[:, 2], 0.95)), joint if joint.hits else None, notes


def run_two_level(model: RiskModel, threshold: float, outer: int = 1000, inner: int = 10_000, seed: int = 0,
                  tolerance: float | None = None, workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
                  progress: Progress | None = None, method: str = "auto", min_hits: int = 100,
                  rare_samples: int = 200_000) -> RunResult:
    """Estimate P(outcome ≥ threshold) and its epistemic spread with ``outer`` × ``inner`` draws.

    With ``method="auto"`` a run whose inner draws see fewer than ``min_hits`` hits in all, or
    fewer than ``MIN_ROW_HITS`` in the outer draw at the 95th percentile, is redone with
    importance-sampled aleatory draws; ``"importance"`` does so at once, ``"naive"`` never.
    """
    workers = workers or default_workers()
    start = time.perf_counter()
    notes: list[str] = []
    if not model.epistemic:
        notes.append("the model has no epistemic parameters: every outer draw estimates the same probability")
    probs, hits, upper_hits, joint, ess = None, 0, 0.0, None, float(outer * inner)
    if method != "importance":
        probs = conditional_probabilities(model, threshold, outer, inner, seed, workers, chunk_size, progress)
        hits = int(round(float(probs.sum()) * inner))
        upper_hits = float(np.quantile(probs, 0.95)) * inner
    weighted = None
    if method == "importance" or (method == "auto" and (hits < min_hits or upper_hits < MIN_ROW_HITS)):
        weighted = _weighted_pass(model, threshold, outer, inner, seed, workers, chunk_size, progress, rare_samples)
        if weighted is not None:
            if method == "auto":
                notes.append(f"plain two-level sampling saw {hits} inner hit(s) in {outer * inner} draws, "
                             f"{upper_hits:.3g} in the outer draw at the 95th percentile; switched to importance "
                             "sampling of the aleatory parameters")
            probs, hits, upper_hits, joint, extra = weighted
            notes.extend(extra)
        elif probs is None:
            raise ValueError("importance sampling needs an aleatory parameter with an inverse CDF")
    assert probs is not None
    elapsed = time.perf_counter() - start
    mean = float(probs.mean())
    se = float(probs.std(ddof=1) / math.sqrt(outer)) if outer > 1 else math.sqrt(mean * (1 - mean) / inner)
    interval = (max(0.0, mean - Z95 * se), min(1.0, mean + Z95 * se)) if hits else wilson(0, outer * inner)
    lo, med, hi = (float(q) for q in np.quantile(probs, [0.05, 0.5, 0.95]))
    if hits < min_hits:
        notes.append(f"only {hits} inner hits: the epistemic quantiles are dominated by sampling noise")
    elif upper_hits < MIN_ROW_HITS:
        notes.append(f"the outer draw at the 95th percentile saw {upper_hits:.3g} inner hits: "
                     "the upper credible bound is noisy; more --inner draws would steady it")
    epi = Epistemic(outer, inner, med, (lo, hi), mean, tolerance,
                    None if tolerance is None else float(np.mean(probs > tolerance)))
    samples = outer * inner
    if joint is not None:
        mean, se, interval, ess, samples = (joint.estimate, joint.std_error, joint.interval, joint.ess,
                                            samples + joint.samples)
    return RunResult(
        model_name=model.name, model_hash=model.hash, threshold=threshold,
        method="two-level" if weighted is None else "two-level-importance",
        estimate=mean, std_error=se, interval=interval, hits=hits, samples=samples, seed=seed,
        chunk_size=chunk_size if inner > chunk_size else chunk_size // inner * inner, workers=workers,
        ess=ess, elapsed_s=elapsed, epistemic=epi, notes=tuple(notes),
    )
