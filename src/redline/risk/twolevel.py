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
from redline.risk.result import Z95, Epistemic, RunResult, wilson

TAG = 1  # spawn-key prefix separating two-level chunks from naive ones


def outer_counts(program: Program, count: Callable[[np.ndarray], np.ndarray], seed: int, tag: tuple[int, ...],
                 outer: int, inner: int, workers: int, chunk_size: int = DEFAULT_CHUNK,
                 progress: Progress | None = None) -> np.ndarray:
    """``count(x)`` of each outer draw's ``inner`` outcomes, one row per outer draw, in outer order.

    ``count`` maps outcomes of shape (rows, cols) to per-row counts. Several outer draws share
    a chunk when ``inner`` fits in one; otherwise an outer draw spans several chunks with its
    epistemic values kept, so memory stays at ``workers`` × ``chunk_size`` whatever ``inner``.
    """
    tick = None if progress is None else (lambda n: progress(n * inner))
    if inner <= chunk_size:
        rows = chunk_size // inner

        def work(kernel: Kernel, i: int, n: int) -> np.ndarray:
            return count(kernel.run(chunk_rng(seed, (*tag, i)), n))

        return np.concatenate(stream(program, split(outer, rows), work, workers, rows, inner, progress=tick))
    pieces = split(inner, chunk_size)

    def spanning(kernel: Kernel, i: int, n: int) -> np.ndarray:
        total = count(kernel.run(chunk_rng(seed, (*tag, i, 0)), 1, cols=pieces[0]))
        for j, m in enumerate(pieces[1:], start=1):
            total = total + count(kernel.run(chunk_rng(seed, (*tag, i, j)), 1, cols=m, keep_outer=True))
        return total

    return np.concatenate(stream(program, [1] * outer, spanning, workers, 1, chunk_size, progress=tick))


def conditional_probabilities(model: RiskModel, threshold: float, outer: int, inner: int, seed: int = 0,
                              workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
                              progress: Progress | None = None) -> np.ndarray:
    """P(outcome ≥ threshold | epistemic draw) for each of ``outer`` draws, from ``inner`` draws each."""
    program = compile_model(model, two_level=True)
    counts = outer_counts(program, lambda x: np.count_nonzero(x >= threshold, axis=1), seed, (TAG,), outer, inner,
                          workers or default_workers(), chunk_size, progress)
    return counts / inner


def run_two_level(model: RiskModel, threshold: float, outer: int = 1000, inner: int = 10_000, seed: int = 0,
                  tolerance: float | None = None, workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
                  progress: Progress | None = None) -> RunResult:
    """Estimate P(outcome ≥ threshold) and its epistemic spread with ``outer`` × ``inner`` draws."""
    workers = workers or default_workers()
    start = time.perf_counter()
    probs = conditional_probabilities(model, threshold, outer, inner, seed, workers, chunk_size, progress)
    elapsed = time.perf_counter() - start
    mean = float(probs.mean())
    hits = int(round(float(probs.sum()) * inner))
    se = float(probs.std(ddof=1) / math.sqrt(outer)) if outer > 1 else math.sqrt(mean * (1 - mean) / inner)
    interval = (max(0.0, mean - Z95 * se), min(1.0, mean + Z95 * se)) if hits else wilson(0, outer * inner)
    lo, med, hi = (float(q) for q in np.quantile(probs, [0.05, 0.5, 0.95]))
    notes = []
    if not model.epistemic:
        notes.append("the model has no epistemic parameters: every outer draw estimates the same probability")
    if hits < 100:
        notes.append(f"only {hits} inner hits: the epistemic quantiles are dominated by sampling noise")
    epi = Epistemic(outer, inner, med, (lo, hi), mean, tolerance,
                    None if tolerance is None else float(np.mean(probs > tolerance)))
    return RunResult(
        model_name=model.name, model_hash=model.hash, threshold=threshold, method="two-level",
        estimate=mean, std_error=se, interval=interval, hits=hits, samples=outer * inner, seed=seed,
        chunk_size=chunk_size if inner > chunk_size else chunk_size // inner * inner, workers=workers, ess=float(outer * inner),
        elapsed_s=elapsed, epistemic=epi, notes=tuple(notes),
    )
