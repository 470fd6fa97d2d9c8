"""Rare events: importance sampling with a cross-entropy mean shift in standard-normal space.

Every invertible parameter is written as x = F⁻¹(Φ(z)); sampling z from N(m, I) instead of
N(0, I) and weighting by φ(z)/φ(z − m) keeps the estimate unbiased. Cross-entropy stages
move ``m`` towards the failure region; the final stage reports hits, relative standard
error and effective sample size so that a poor fit is visible, never hidden.
"""

from __future__ import annotations

import math
import time

import numpy as np

from redline.risk.compile import Kernel, compile_model
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, chunk_rng, split
from redline.risk.result import Z95, RunResult
from redline.risk.sampling import has_inverse, normal_dims

TAG = 2  # spawn-key prefix of importance-sampling chunks


def shifted_dims(model: RiskModel) -> list[tuple[str, int]]:
    """Parameters drawn through the inverse CDF, each with how many normals it takes."""
    return [(n, normal_dims(p.dist)) for n in model.order
            if (p := model.parameters[n]).dist is not None and has_inverse(p.dist) and p.dist.kind != "point"]


def _width(dims: list[tuple[str, int]]) -> int:
    return sum(k for _, k in dims)


def _evaluate(kernel: Kernel, dims: list[tuple[str, int]], z: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cols, j = {}, 0
    for name, k in dims:
        cols[name] = z[:, j] if k == 1 else z[:, j:j + k]
        j += k
    x = kernel.run(rng, z.shape[0], cols)
    return np.where(np.isnan(x), -np.inf, x)


def cross_entropy_shift(model: RiskModel, threshold: float, seed: int = 0, stage_size: int = 20_000,
                        rho: float = 0.1, max_stages: int = 8) -> tuple[np.ndarray, int, int]:
    """Find the proposal mean in z-space; returns (shift, samples used, stages run)."""
    dims = shifted_dims(model)
    kernel = compile_model(model).kernel(stage_size)
    m = np.zeros(_width(dims))
    used = 0
    for stage in range(max_stages):
        rng = chunk_rng(seed, (TAG, 0, stage))
        z = m + rng.standard_normal((stage_size, _width(dims)))
        g = _evaluate(kernel, dims, z, rng)
        used += stage_size
        level = min(threshold, float(np.quantile(g, 1 - rho)))
        elite = g >= level
        if not np.any(elite) or not np.isfinite(level):
            break
        logw = -(z[elite] @ m) + 0.5 * float(m @ m)
        w = np.exp(logw - logw.max())
        m = (w[:, None] * z[elite]).sum(axis=0) / w.sum()
        if level >= threshold:
            return m, used, stage + 1
    return m, used, max_stages


def run_importance(model: RiskModel, threshold: float, samples: int = 200_000, seed: int = 0,
                   chunk_size: int = DEFAULT_CHUNK, progress: Progress | None = None,
                   stage_size: int | None = None, precision: float | None = None,
                   max_samples: int = 100_000_000) -> RunResult:
    """Estimate a small P(outcome ≥ threshold) with ``samples`` draws in all (stages included).

    With ``precision``, the final stage keeps adding chunks (the stream of chunk i never
    changes) until the relative standard error is at most ``precision`` or ``max_samples``
    would be passed.
    """
    start = time.perf_counter()
    dims = shifted_dims(model)
    notes: list[str] = []
    if not dims:
        raise ValueError("importance sampling needs at least one parameter with an inverse CDF")
    stage_size = stage_size or max(1000, min(20_000, samples // 10))
    m, used, stages = cross_entropy_shift(model, threshold, seed, stage_size)
    if progress is not None:
        progress(used)
    final = samples - used
    if final < 1000:
        raise ValueError(f"importance sampling needs more than {used + 1000} samples")
    kernel = compile_model(model).kernel(chunk_size)
    s1 = s2 = 0.0
    hits = 0
    half = 0.5 * float(m @ m)

    def chunk(i: int, n: int) -> None:
        nonlocal s1, s2, hits
        rng = chunk_rng(seed, (TAG, 1, i))
        z = m + rng.standard_normal((n, _width(dims)))
        g = _evaluate(kernel, dims, z, rng)
        w = np.exp(half - z @ m)
        wi = np.where(g >= threshold, w, 0.0)
        hits += int(np.count_nonzero(wi))
        s1, s2 = s1 + float(wi.sum()), s2 + float((wi * wi).sum())
        if progress is not None:
            progress(n)

    def error(n: int) -> tuple[float, float]:
        p = s1 / n
        return p, math.sqrt(max(0.0, s2 / n - p * p) / n)

    sizes = split(final, chunk_size)
    for i, n in enumerate(sizes):
        chunk(i, n)
    if precision is not None:
        i = len(sizes)
        while True:
            p, se = error(final)
            if (p > 0 and se <= precision * p) or final + used + chunk_size > max_samples:
                break
            need = final * (se / (precision * p)) ** 2 if p > 0 else 8 * final
            for _ in range(max(1, min(8 * len(sizes), math.ceil((need - final) / chunk_size)))):
                if final + used + chunk_size > max_samples:
                    break
                chunk(i, chunk_size)
                i, final = i + 1, final + chunk_size
    p, se = error(final)
    ess = s1 * s1 / s2 if s2 > 0 else 0.0
    notes.append(f"cross-entropy: {stages} stage(s) of {stage_size} samples, shift |m| = {math.sqrt(2 * half):.2f}"
                 f" over {_width(dims)} dimension(s); effective sample size is over the hits' weights")
    if hits < 100:
        notes.append(f"only {hits} weighted hits: the error estimate itself is unreliable")
    if ess < 0.01 * hits:
        notes.append("weights are very uneven (low effective sample size): treat the estimate with caution")
    met = None
    if precision is not None:
        met = bool(p > 0 and se <= precision * p)
        if not met:
            notes.append(f"precision {precision:g} not reached: relative standard error "
                         f"{se / p if p > 0 else math.inf:.3g} after {final + used:,} samples "
                         f"(--max-samples {max_samples:,})")
    return RunResult(
        model_name=model.name, model_hash=model.hash, threshold=threshold, method="importance",
        estimate=p, std_error=se, interval=(max(0.0, p - Z95 * se), min(1.0, p + Z95 * se)), hits=hits,
        samples=final + used, seed=seed, chunk_size=chunk_size, workers=1, ess=ess,
        elapsed_s=time.perf_counter() - start, notes=tuple(notes), precision_target=precision, precision_met=met,
    )
