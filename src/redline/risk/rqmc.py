"""Randomised quasi-Monte Carlo estimates of P(outcome ≥ T), plain or with one parameter integrated out.

Each random parameter takes one coordinate of a scrambled Sobol point through its inverse
CDF. With ``conditional`` the chosen parameter is not drawn: each point contributes the
closed-form probability that it pushes the outcome over the threshold. R scramblings give R
independent estimates; their spread gives the error (a t-interval). A target precision
doubles the points of every scrambling until the relative standard error is reached.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from redline.risk.compile import Kernel, Program, compile_model
from redline.risk.conditional import Conditioning, candidates
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, chunk_rng, default_workers, stream
from redline.risk.qmc import (
    DEFAULT_REPLICATES,
    MAX_POINTS,
    Scramblings,
    coordinates,
    power_of_two_at_most,
    replicate_error,
    t95,
)
from redline.risk.result import RunResult, wilson

TAG = 5  # spawn-key prefix of single-level scramblings
TAG_PILOT = 6  # the pilot that picks the parameter to condition on
PILOT = 512  # pilot points per candidate: enough to rank relative variances that differ severalfold
FIRST_POINTS = 256  # points per scrambling in the first stage of a precision run
DEFAULT_MAX_SAMPLES = 100_000_000


@dataclass(frozen=True)
class Integrand:
    """What one point contributes: the hit indicator, or X's closed-form probability given the rest."""

    program: Program
    conditioning: Conditioning | None

    def values(self, kernel: Kernel, n: int, u: dict[str, np.ndarray], threshold: float,
               cols: int | None = None, keep_outer: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """(contributions, outcomes or None) for ``n`` rows (× ``cols`` in a two-level kernel)."""
        if self.conditioning is None:
            x = kernel.run(None, n, cols=cols, keep_outer=keep_outer, u=u)
            return (x >= threshold).astype(float), x
        v = kernel.fill(None, n, cols=cols, keep_outer=keep_outer, u=u, skip=frozenset({self.conditioning.name}))
        shape = (n,) if len(kernel.full) == 1 else (n, kernel.full[1] if cols is None else cols)
        return np.broadcast_to(self.conditioning.probability(self.program, v, threshold), shape), None


def choose_conditioning(model: RiskModel, program: Program, threshold: float, seed: int,
                        allowed: set[str] | None = None, budget: int | None = None,
                        ) -> tuple[Conditioning | None, int, list[str]]:
    """The parameter to integrate out, the pilot points spent choosing it, and a note.

    With several candidates, a pilot of plain draws keeps the one whose conditional
    probabilities vary least relative to their mean (the smallest relative variance of the
    estimator); a candidate whose pilot saw no probability at all ranks last, since a variance
    of 0 there means the pilot missed the event, not that the estimator is exact.
    """
    found, why = candidates(model, allowed)
    if not found:
        return None, 0, ["conditioning does not apply (" + "; ".join(why or ["no continuous parameter"]) + ")"]
    if len(found) == 1:
        return found[0], 0, [f"conditioned on {found[0].name}: integrated out in closed form at each point"]
    names = coordinates(model)
    size = PILOT if budget is None else max(64, min(PILOT, budget // (8 * len(found))))  # at most 1/8 of the run
    u_all = chunk_rng(seed, (TAG_PILOT,)).random((size, len(names)))
    kernel = program.kernel(size)
    scores = []
    for c in found:
        u = {n: u_all[:, j] for j, n in enumerate(names) if n != c.name}
        v = kernel.fill(None, size, u=u, skip=frozenset({c.name}))
        vals = np.nan_to_num(c.probability(program, v, threshold))
        mean = float(vals.mean())
        # (relative variance, then more points with some probability) — smaller is better
        scores.append((float(vals.var()) / (mean * mean) if mean > 0 else math.inf, -int(np.count_nonzero(vals))))
    best_i = min(range(len(found)), key=lambda i: scores[i])
    best = found[best_i]
    ranked = ", ".join(f"{c.name} {s[0]:.2g}" for c, s in zip(found, scores, strict=True))
    return best, size * len(found), [f"conditioned on {best.name}: integrated out in closed form at each point "
                                     f"(relative variance per point in a pilot of {size}: {ranked})"]


def run_rqmc(model: RiskModel, threshold: float, samples: int = 1_000_000, seed: int = 0,
             workers: int | None = None, chunk_size: int = DEFAULT_CHUNK, conditional: bool = False,
             precision: float | None = None, max_samples: int = DEFAULT_MAX_SAMPLES,
             replicates: int = DEFAULT_REPLICATES, progress: Progress | None = None,
             min_hits: int = 100) -> RunResult:
    """Estimate P(outcome ≥ threshold) by RQMC (``conditional``: integrating one parameter out).

    Without ``precision``, each of the ``replicates`` scramblings takes the largest power of two
    of points that keeps the total within ``samples``; with it, the points double until the
    relative standard error is at most ``precision`` or the next doubling would pass
    ``max_samples``. A model that does not qualify for conditioning falls back to plain RQMC
    with a note saying why.
    """
    if replicates < 2:
        raise ValueError("rqmc needs at least 2 scramblings to estimate its error")
    start = time.perf_counter()
    workers = workers or default_workers()
    program = compile_model(model)
    notes: list[str] = []
    cond, pilot = None, 0
    if conditional:
        cond, pilot, extra = choose_conditioning(model, program, threshold, seed,
                                                 budget=max_samples if precision is not None else samples)
        notes.extend(extra if cond else [extra[0] + ": fell back to rqmc without conditioning"])
    integrand = Integrand(program, cond)
    names = coordinates(model, {cond.name} if cond else set())
    method = "conditional" if cond else "rqmc"
    if not names:
        return _exact(model, program, integrand, threshold, seed, chunk_size, workers, method, pilot, precision,
                      notes, start)
    budget = (max_samples if precision is not None else samples) - pilot
    cap = min(MAX_POINTS, power_of_two_at_most(max(1, budget // replicates)))
    points = min(FIRST_POINTS, cap) if precision is not None else cap
    chunk = power_of_two_at_most(chunk_size)
    scramblings = Scramblings(len(names), seed, (TAG,), replicates)

    # A piecewise-constant integrand (the hit indicator, or a conditional probability that only
    # discrete draws move) gives replicate means on a lattice of step (max − min) / points, and in
    # few dimensions the R scramblings can land on the same lattice point: their spread would read
    # zero. Its rounding error, step² / 12 per replicate, is added to the variance (Sheppard).
    steps = cond is None or all(model.parameters[n].dist.kind in ("poisson", "bernoulli")  # type: ignore[union-attr]
                                for n in names)
    span = [math.inf, -math.inf]

    def work(kernel: Kernel, r: int, n: int) -> tuple[float, int, int, float]:
        total, hits, nan, outcome = 0.0, 0, 0, 0.0
        left = n
        while left:
            m = min(left, chunk)
            pts = scramblings[r].take(m)
            vals, x = integrand.values(kernel, m, {name: pts[:, j] for j, name in enumerate(names)}, threshold)
            bad = np.isnan(vals)
            if np.any(bad):
                nan += int(np.count_nonzero(bad))
                vals = np.where(bad, 0.0, vals)
            total += float(vals.sum())
            hits += int(np.count_nonzero(vals))
            if steps:  # min and max are order-free, so the span is the same whatever the workers
                span[0], span[1] = min(span[0], float(vals.min())), max(span[1], float(vals.max()))
            if x is not None:
                outcome += float(np.nansum(x))
            left -= m
        return total, hits, nan, outcome

    sums = np.zeros(replicates)
    hits = nan = 0
    outcome = 0.0
    done = 0
    while True:
        for r, (s, h, bad, o) in enumerate(stream(program, [points - done] * replicates, work, workers, chunk,
                                                  progress=progress)):
            sums[r] += s
            hits, nan, outcome = hits + h, nan + bad, outcome + o
        done = points
        est, se, half = replicate_error(sums / points)
        if steps and span[1] > span[0]:
            lattice = (span[1] - span[0]) / points
            se = math.sqrt(se * se + lattice * lattice / (12 * replicates))
            half = t95(replicates) * se
        rse = se / est if est > 0 else math.inf
        if precision is None or rse <= precision or replicates * points * 2 > budget or points * 2 > cap:
            break
        points *= 2
    total = replicates * points
    interval = (max(0.0, est - half), min(1.0, est + half))
    if hits < min_hits or (cond is None and total - hits < min_hits):
        # few hits (or few misses): the replicate spread rests on a handful of points, so never
        # report less than Wilson's interval for the hits the points saw
        lo, hi = wilson(hits, total)
        interval = (min(interval[0], lo) if cond is None else interval[0], max(interval[1], hi))
        notes.append(f"only {hits} of {total} points {'hit' if cond is None else 'could reach the threshold'}: "
                     "the interval is widened to Wilson's for those counts")
    notes.append(f"{replicates} scramblings of {points:,} Sobol points in {len(names)} dimension(s) "
                 f"({', '.join(names)}); the error is the spread between scramblings (t, {replicates - 1} d.f.)")
    met = None
    if precision is not None:
        met = bool(rse <= precision)
        if not met:
            notes.append(f"precision {precision:g} not reached: relative standard error {rse:.3g} after "
                         f"{total + pilot:,} samples (--max-samples {max_samples:,})")
    ess = est * (1 - est) / (se * se) if se > 0 else math.inf
    return RunResult(
        model_name=model.name, model_hash=model.hash, threshold=threshold, method=method, estimate=est,
        std_error=se, interval=interval, hits=hits, samples=total + pilot, seed=seed, chunk_size=chunk,
        workers=workers, ess=ess, invalid=nan,
        mean=(outcome / max(1, total - nan)) if cond is None else None, elapsed_s=time.perf_counter() - start,
        notes=tuple(notes), replicates=replicates, conditioned_on=cond.name if cond else None,
        precision_target=precision, precision_met=met,
    )


def _exact(model: RiskModel, program: Program, integrand: Integrand, threshold: float, seed: int, chunk: int,
           workers: int, method: str, pilot: int, precision: float | None, notes: list[str],
           start: float) -> RunResult:
    """No random coordinate is left: one evaluation gives the probability itself."""
    vals, _ = integrand.values(program.kernel(1), 1, {}, threshold)
    p = float(np.nan_to_num(vals[0]))
    notes.append("no random parameter is left to sample: the probability is computed in closed form "
                 "(exact up to floating point)")
    return RunResult(
        model_name=model.name, model_hash=model.hash, threshold=threshold, method=method, estimate=p,
        std_error=0.0, interval=(p, p), hits=int(p > 0), samples=1 + pilot, seed=seed, chunk_size=chunk,
        workers=workers, ess=math.inf, elapsed_s=time.perf_counter() - start, notes=tuple(notes),
        replicates=1, conditioned_on=integrand.conditioning.name if integrand.conditioning else None,
        precision_target=precision, precision_met=None if precision is None else True,
    )

