"""Two-level runs on randomised quasi-Monte Carlo: RQMC or conditional inner estimates per outer draw.

Outer (epistemic) draws stay independent, so their quantiles mean what they say. For every
outer draw, the aleatory parameters take R scrambled Sobol point sets — the same R sets for
every outer draw, each still an unbiased estimate with its own spread — and, when an aleatory
parameter qualifies, that parameter is integrated out in closed form; when none is left to
sample, each outer draw's probability is exact. A target precision doubles the inner points
of the outer draws that have not reached it. The overall probability comes from a
single-level run of the same method over all parameters at once, which reaches a given
precision far sooner than averaging outer draws.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from redline.risk.compile import Kernel, Program, compile_model
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, Progress, chunk_rng, default_workers, stream
from redline.risk.qmc import DEFAULT_REPLICATES, MAX_POINTS, Scramblings, coordinates, power_of_two_at_most
from redline.risk.result import Epistemic, RunResult
from redline.risk.rqmc import DEFAULT_MAX_SAMPLES, FIRST_POINTS, Integrand, choose_conditioning, run_rqmc
from redline.risk.twolevel import MIN_ROW_HITS

TAG = 7  # spawn-key prefix of two-level RQMC draws


Measure = Callable[[Kernel, int, dict[str, np.ndarray], int], np.ndarray]


def single(integrand: Integrand, threshold: float) -> Measure:
    """A :data:`Measure` of one threshold: each row's contributions summed over its inner points."""
    def measure(kernel: Kernel, n: int, u: dict[str, np.ndarray], cols: int) -> np.ndarray:
        vals, _ = integrand.values(kernel, n, u, threshold, cols=cols)
        return np.nan_to_num(vals)[:, None, :]
    return measure


def row_sums(program: Program, measure: Measure, k: int, scramblings: Scramblings, ale: list[str],
             epistemic_u: Callable[[np.ndarray], dict[str, np.ndarray]], rows_all: np.ndarray, step: int,
             chunk: int, workers: int, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The next ``step`` points of every scrambling, for every outer draw in ``rows_all``.

    ``measure(kernel, rows, u, cols)`` gives (rows, k, cols) contributions. Returns their sums,
    (rows, R, k), and the counts of non-zero contributions, (rows, k). Scrambling r is read by
    one task in order, and its points are shared by blocks of outer draws, so memory stays at
    one chunk per worker.
    """
    piece = min(step, chunk)
    block = max(1, chunk // piece)

    def work(kernel: Kernel, r: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        total = np.zeros((rows_all.size, k))
        seen = np.zeros((rows_all.size, k), dtype=np.int64)
        left = n
        while left:
            m = min(left, piece)
            pts = scramblings[r].take(m)
            shared = {name: pts[None, :, j] for j, name in enumerate(ale)}
            for a in range(0, rows_all.size, block):
                rows = rows_all[a:a + block]
                vals = measure(kernel, rows.size, {**epistemic_u(rows), **shared}, m)
                total[a:a + rows.size] += vals.sum(axis=2)
                seen[a:a + rows.size] += np.count_nonzero(vals, axis=2)
            left -= m
        return total, seen

    tick = None if progress is None else (lambda n: progress(n * rows_all.size))
    parts = stream(program, [step] * len(scramblings), work, workers, block, piece, progress=tick)
    return np.stack([t for t, _ in parts], axis=1), np.sum([s for _, s in parts], axis=0)


@dataclass(frozen=True)
class Rows:
    """Per outer draw: the probability, its standard error, its hits and inner points."""

    probs: np.ndarray
    se: np.ndarray
    hits: np.ndarray
    points: np.ndarray  # inner points (all scramblings) each outer draw took
    exact: bool


def inner_rows(model: RiskModel, threshold: float, outer: int, inner: int, seed: int = 0,
               workers: int | None = None, chunk_size: int = DEFAULT_CHUNK, conditional: bool = False,
               precision: float | None = None, max_inner: int = MAX_POINTS,
               replicates: int = DEFAULT_REPLICATES, progress: Progress | None = None,
               ) -> tuple[Rows, list[str], str | None]:
    """Each outer draw's P(outcome ≥ threshold | epistemic values), with notes and the conditioned parameter.

    ``inner`` (points per outer draw, all scramblings together) is rounded down to R × a power
    of two; with ``precision``, an outer draw's inner points double until its relative standard
    error is reached or the next doubling would pass ``max_inner``.
    """
    workers = workers or default_workers()
    program = compile_model(model, two_level=True)
    notes: list[str] = []
    cond = None
    aleatory = {n for n in model.order if n not in model.epistemic}
    if conditional:
        cond, _, extra = choose_conditioning(model, compile_model(model), threshold, seed, aleatory)
        notes.append("inner draws: " + (extra[0] if cond else extra[0] + ": fell back to rqmc"))
    integrand = Integrand(program, cond)
    epi = coordinates(model, names=model.epistemic)
    ale = coordinates(model, {cond.name} if cond else set(), names=tuple(aleatory))
    u_epi = chunk_rng(seed, (TAG, 0)).random((outer, len(epi)))
    chunk = power_of_two_at_most(chunk_size)

    def epistemic_u(rows: np.ndarray) -> dict[str, np.ndarray]:
        return {n: u_epi[rows, j][:, None] for j, n in enumerate(epi)}

    if not ale:  # nothing aleatory left to sample: one exact evaluation per outer draw
        def exact(kernel: Kernel, i: int, n: int) -> np.ndarray:
            rows = np.arange(i * chunk, i * chunk + n)
            vals, _ = integrand.values(kernel, n, epistemic_u(rows), threshold, cols=1)
            return np.nan_to_num(vals[:, 0])

        sizes = [min(chunk, outer - a) for a in range(0, outer, chunk)]
        probs = np.concatenate(stream(program, sizes, exact, workers, chunk, 1, progress=progress))
        notes.append("each outer draw's probability is computed in closed form (no inner sampling)")
        zeros = np.zeros(outer)
        return Rows(probs, zeros, (probs > 0).astype(int), np.ones(outer, dtype=int), True), notes, \
            cond.name if cond else None
    if inner < 2 * replicates:
        raise ValueError(f"--inner must be at least {2 * replicates} (two points per scrambling)")
    cap = min(MAX_POINTS, power_of_two_at_most(max(2, max_inner // replicates)))
    points = min(power_of_two_at_most(inner // replicates), cap) if precision is None else min(FIRST_POINTS, cap)
    scramblings = Scramblings(len(ale), seed, (TAG, 1), replicates)
    sums = np.zeros((outer, replicates))
    hits = np.zeros(outer, dtype=np.int64)
    per_row = np.zeros(outer, dtype=np.int64)
    pending = np.arange(outer)
    done = 0
    measure = single(integrand, threshold)
    while True:
        step = points - done
        total, seen = row_sums(program, measure, 1, scramblings, ale, epistemic_u, pending, step, chunk, workers,
                               progress)
        sums[pending] += total[:, :, 0]
        hits[pending] += seen[:, 0]
        per_row[pending] = replicates * points
        done = points
        means = sums / (per_row[:, None] / replicates)
        probs = means.mean(axis=1)
        se = means.std(axis=1, ddof=1) / math.sqrt(replicates)
        if precision is None or points * 2 > cap:
            break
        pending = np.flatnonzero(~((probs > 0) & (se <= precision * probs)))
        if pending.size == 0:
            break
        points *= 2
    notes.append(f"inner draws: {replicates} scramblings of up to {points:,} Sobol points in {len(ale)} "
                 f"dimension(s) ({', '.join(ale)}), shared by every outer draw")
    return Rows(probs, se, hits, per_row, False), notes, cond.name if cond else None


def run_two_level_rqmc(model: RiskModel, threshold: float, outer: int = 1000, inner: int = 10_000, seed: int = 0,
                       tolerance: float | None = None, workers: int | None = None,
                       chunk_size: int = DEFAULT_CHUNK, conditional: bool = False, samples: int = 1_000_000,
                       precision: float | None = None, max_samples: int = DEFAULT_MAX_SAMPLES,
                       replicates: int = DEFAULT_REPLICATES, progress: Progress | None = None,
                       min_hits: int = 100, rare: Callable[[str], RunResult] | None = None) -> RunResult:
    """Two-level estimate with RQMC (``conditional``: conditional) inner draws and a joint overall estimate.

    ``samples`` (or, with ``precision``, ``max_samples``) bounds the joint run; with
    ``precision`` each outer draw gets at most ``max_samples / outer`` inner points. ``rare``,
    when given, is called with an explanation instead of finishing when the inner draws are not
    conditioned and see fewer than ``min_hits`` hits in all or fewer than ``MIN_ROW_HITS`` in
    the outer draw at the 95th percentile (auto's switch to importance sampling).
    """
    start = time.perf_counter()
    workers = workers or default_workers()
    notes: list[str] = []
    if not model.epistemic:
        notes.append("the model has no epistemic parameters: every outer draw estimates the same probability")
    rows, row_notes, cond = inner_rows(model, threshold, outer, inner, seed, workers, chunk_size, conditional,
                                       precision, max(2 * replicates, max_samples // outer), replicates, progress)
    hits = int(rows.hits.sum())
    upper_hits = float(np.quantile(rows.probs, 0.95)) * float(rows.points.max())
    if rare is not None and cond is None and not rows.exact and (hits < min_hits or upper_hits < MIN_ROW_HITS):
        return rare(f"two-level RQMC saw {hits} inner hit(s) in {int(rows.points.sum())} draws, {upper_hits:.3g} in "
                    "the outer draw at the 95th percentile; switched to importance sampling of the aleatory parameters")
    joint = run_rqmc(model, threshold, samples, seed, workers, chunk_size, conditional, precision, max_samples,
                     replicates, progress, min_hits)
    notes.extend(row_notes)
    notes.append(f"the overall probability is a single-level {joint.method} run over all parameters "
                 f"({joint.samples:,} points, RSE {joint.rse:.2g}); the epistemic spread comes from the outer draws "
                 f"(their mean is {float(rows.probs.mean()):.4g})")
    notes.extend(joint.notes)
    met = None
    if precision is not None:
        rse = np.where(rows.probs > 0, rows.se / np.where(rows.probs > 0, rows.probs, 1), np.inf)
        short = int(np.count_nonzero(~(rse <= precision))) if not rows.exact else 0
        met = bool(joint.precision_met) and short == 0
        if short:
            notes.append(f"precision {precision:g} not reached in {short} of {outer} outer draws (worst relative "
                         f"standard error {float(rse.max()):.3g}; at most {int(rows.points.max()):,} inner points "
                         "each under --max-samples)")
    if not rows.exact and hits < min_hits:
        notes.append(f"only {hits} inner hits: the epistemic quantiles are dominated by sampling noise")
    lo, med, hi = (float(q) for q in np.quantile(rows.probs, [0.05, 0.5, 0.95]))
    epi = Epistemic(outer, int(rows.points.max()), med, (lo, hi), float(rows.probs.mean()), tolerance,
                    None if tolerance is None else float(np.mean(rows.probs > tolerance)))
    method = "two-level-conditional" if cond else "two-level-rqmc"
    return replace(joint, method=method, hits=hits, samples=int(rows.points.sum()) + joint.samples,
                   elapsed_s=time.perf_counter() - start, epistemic=epi, notes=tuple(notes),
                   precision_met=met, conditioned_on=cond or joint.conditioned_on)

