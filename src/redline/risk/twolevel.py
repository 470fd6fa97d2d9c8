"""Two-level Monte Carlo: epistemic parameters in an outer loop, aleatory draws inside.

Each outer draw fixes what we do not know (epistemic) and estimates P(outcome ≥ T) from
``inner`` aleatory draws, so the result is a distribution over the exceedance probability:
its median, 90% credible interval and the share of outer draws above a tolerance.
"""

from __future__ import annotations

import math
import time

import numpy as np

from redline.risk.compile import Kernel, compile_model
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, chunk_rng, default_workers, split, stream
from redline.risk.result import Z95, Epistemic, RunResult, wilson

TAG = 1  # spawn-key prefix separating two-level chunks from naive ones


def conditional_probabilities(model: RiskModel, threshold: float, outer: int, inner: int, seed: int = 0,
                              workers: int | None = None, chunk_size: int = DEFAULT_CHUNK,
                              progress: Progress | None = None) -> np.ndarray:
    """P(outcome ≥ threshold | epistemic draw) for each of ``outer`` draws, from ``inner`` draws each."""
    workers = workers or default_workers()
    program = compile_model(model, two_level=True)
    rows = max(1, chunk_size // inner)
    sizes = split(outer, rows)

    def work(kernel: Kernel, i: int, n: int) -> np.ndarray:
        x = kernel.run(chunk_rng(seed, (TAG, i)), n)
        return np.count_nonzero(x >= threshold, axis=1)

    tick = None if progress is None else (lambda n: progress(n * inner))
    counts = stream(program, sizes, work, workers, rows, inner, progress=tick)
    return np.concatenate(counts) / inner


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
        chunk_size=max(1, chunk_size // inner) * inner, workers=workers, ess=float(outer * inner),
        elapsed_s=elapsed, epistemic=epi, notes=tuple(notes),
    )
