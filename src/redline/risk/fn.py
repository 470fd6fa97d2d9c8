"""Exceedance and F-N curves with epistemic bands, and their plot against reference criteria.

An exceedance curve gives P(outcome ≥ n) for a grid of n; with epistemic parameters it is
computed per outer draw, giving a median and a 5–95% band. Read as "frequency per period of
n or more harmed", it is the F-N curve of societal-risk practice. It is computed with the
machinery of the point estimate: plain sampling, scrambled Sobol points (RQMC), or conditional
Monte Carlo, which evaluates the closed-form tail at every grid point and so reaches far below
what counting hits can resolve.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from redline.risk.compile import Kernel, Program, compile_model
from redline.risk.conditional import Conditioning
from redline.risk.criteria import load_criteria
from redline.risk.model import RiskModel
from redline.risk.montecarlo import DEFAULT_CHUNK, chunk_rng, default_workers, split, stream
from redline.risk.nested import row_sums
from redline.risk.qmc import DEFAULT_REPLICATES, Scramblings, coordinates, power_of_two_at_most
from redline.risk.rqmc import choose_conditioning
from redline.risk.twolevel import counting, outer_counts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TAG = 3  # spawn-key prefix of curve chunks
TAG_QMC = 8  # curve scramblings
CURVE_METHODS = ("auto", "naive", "rqmc", "conditional")
CONDITIONAL_POINTS = 1 << 14  # a conditional curve evaluates a closed form per grid point: fewer points suffice


@dataclass(frozen=True)
class ExceedanceCurve:
    """P(outcome ≥ n) on ``grid``: the mean, and with outer draws the median and 5–95% band."""

    grid: np.ndarray
    mean: np.ndarray
    median: np.ndarray
    lo: np.ndarray | None
    hi: np.ndarray | None
    outer: int
    inner: int
    method: str = "naive"

    def to_dict(self) -> dict[str, object]:
        return {"grid": self.grid.tolist(), "mean": self.mean.tolist(), "median": self.median.tolist(),
                "lo": None if self.lo is None else self.lo.tolist(),
                "hi": None if self.hi is None else self.hi.tolist(), "outer": self.outer, "inner": self.inner,
                "method": self.method}


def default_grid(model: RiskModel, seed: int = 0, points: int = 60) -> np.ndarray:
    """A log-spaced grid spanning the positive outcomes of a small pilot run."""
    x = compile_model(model).kernel(20_000).run(chunk_rng(seed, (TAG, 99)), 20_000)
    x = x[np.isfinite(x) & (x > 0)]
    if x.size == 0:
        return np.logspace(0, 6, points)
    lo = max(float(np.quantile(x, 0.01)), 1e-300)
    hi = max(float(x.max()) * 100, lo * 10)
    return np.logspace(np.log10(lo), np.log10(hi), points)


def _counts(x: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Rows of counts of x ≥ grid[j], one row per row of ``x``."""
    x2 = np.atleast_2d(x)
    idx = np.searchsorted(grid, x2, side="right")  # how many grid points are ≤ x
    g = grid.size + 1
    flat = (np.arange(x2.shape[0])[:, None] * g + idx).ravel()
    bins = np.bincount(flat, minlength=x2.shape[0] * g).reshape(x2.shape[0], g)
    return np.cumsum(bins[:, ::-1], axis=1)[:, ::-1][:, 1:]


def exceedance_curve(model: RiskModel, grid: np.ndarray | None = None, samples: int = 1_000_000, seed: int = 0,
                     outer: int | None = None, inner: int | None = None, workers: int | None = None,
                     chunk_size: int = DEFAULT_CHUNK, method: str = "auto",
                     replicates: int = DEFAULT_REPLICATES) -> ExceedanceCurve:
    """Exceedance curve of the outcome; with ``outer`` (× ``inner``) an epistemic band as well.

    ``method`` is ``naive`` (plain sampling), ``rqmc``, ``conditional`` (at most
    ``CONDITIONAL_POINTS`` points, or inner points per outer draw) or ``auto`` (conditional
    when a parameter — an aleatory one in two-level runs — can be integrated out, else rqmc).
    """
    if method not in CURVE_METHODS:
        raise ValueError(f"method must be one of {', '.join(CURVE_METHODS)}")
    grid = np.sort(np.asarray(grid if grid is not None else default_grid(model, seed), dtype=float))
    workers = workers or default_workers()
    two_level = outer is not None or inner is not None
    if method == "naive":
        return _plain_curve(model, grid, samples, seed, outer, inner, workers, chunk_size)
    program = compile_model(model, two_level=two_level)
    allowed = {n for n in model.order if n not in model.epistemic} if two_level else None
    cond = None
    if method in ("auto", "conditional"):
        cond, _, _ = choose_conditioning(model, compile_model(model), float(np.median(grid)), seed, allowed)
    label = "conditional" if cond else "rqmc"

    def measure(kernel: Kernel, n: int, u: dict[str, np.ndarray], cols: int | None) -> np.ndarray:
        return _grid_values(program, cond, kernel, n, u, grid, cols)

    names = coordinates(model, {cond.name} if cond else set(), names=tuple(allowed) if two_level else None)
    chunk = power_of_two_at_most(chunk_size)
    if not two_level:
        budget = min(samples, CONDITIONAL_POINTS) if cond else samples
        if not names:
            mean = measure(program.kernel(1), 1, {}, None)[0]
            return ExceedanceCurve(grid, mean, mean, None, None, 1, 1, label)
        points = power_of_two_at_most(max(1, budget // replicates))
        scramblings = Scramblings(len(names), seed, (TAG_QMC,), replicates)

        def work(kernel: Kernel, r: int, n: int) -> np.ndarray:
            total = np.zeros(grid.size)
            for a in range(0, n, chunk):
                pts = scramblings[r].take(min(chunk, n - a))
                total += measure(kernel, pts.shape[0], {m: pts[:, j] for j, m in enumerate(names)}, None).sum(axis=0)
            return total

        mean = np.sum(stream(program, [points] * replicates, work, workers, chunk), axis=0) / (points * replicates)
        return ExceedanceCurve(grid, mean, mean, None, None, 1, points * replicates, label)
    outer, inner = outer or 1000, inner or 10_000
    epi = coordinates(model, names=model.epistemic)
    u_epi = chunk_rng(seed, (TAG_QMC, 0)).random((outer, len(epi)))

    def epistemic_u(rows: np.ndarray) -> dict[str, np.ndarray]:
        return {n: u_epi[rows, j][:, None] for j, n in enumerate(epi)}

    if not names:  # exact per outer draw
        def exact(kernel: Kernel, i: int, n: int) -> np.ndarray:
            return measure(kernel, n, epistemic_u(np.arange(i * chunk, i * chunk + n)), 1)[:, :, 0]

        sizes = [min(chunk, outer - a) for a in range(0, outer, chunk)]
        probs, per = np.concatenate(stream(program, sizes, exact, workers, chunk, 1)), 1
    else:
        per = power_of_two_at_most(max(1, inner // replicates))
        scramblings = Scramblings(len(names), seed, (TAG_QMC, 1), replicates)
        sums, _ = row_sums(program, lambda k, n, u, c: measure(k, n, u, c), grid.size, scramblings, names,
                           epistemic_u, np.arange(outer), per, chunk, workers)
        probs, per = sums.sum(axis=1) / (per * replicates), per * replicates
    lo, med, hi = np.quantile(probs, [0.05, 0.5, 0.95], axis=0)
    return ExceedanceCurve(grid, probs.mean(axis=0), med, lo, hi, outer, per, label)


def _grid_values(program: Program, cond: Conditioning | None, kernel: Kernel, n: int, u: dict[str, np.ndarray],
                 grid: np.ndarray, cols: int | None) -> np.ndarray:
    """Contributions at every grid point: (n, G) single-level, (n, G, cols) in a two-level kernel."""
    if cond is None:
        x = np.asarray(kernel.run(None, n, cols=cols, u=u))
        if cols is None:
            return x[:, None] >= grid
        return x[:, None, :] >= grid[None, :, None]
    v = kernel.fill(None, n, cols=cols, u=u, skip=frozenset({cond.name}))
    others = cond.others(v)
    shape = (n,) if cols is None else (n, cols)
    return np.stack([np.nan_to_num(np.broadcast_to(cond.probability_from(program, v, float(t), others), shape))
                     for t in grid], axis=1)


def _plain_curve(model: RiskModel, grid: np.ndarray, samples: int, seed: int, outer: int | None,
                 inner: int | None, workers: int, chunk_size: int) -> ExceedanceCurve:
    if outer is None and inner is None:
        program = compile_model(model)

        def work(kernel: Kernel, i: int, n: int) -> np.ndarray:
            return _counts(kernel.run(chunk_rng(seed, (TAG, i)), n), grid)[0]

        total = np.sum(stream(program, split(samples, chunk_size), work, workers, chunk_size), axis=0)
        mean = total / samples
        return ExceedanceCurve(grid, mean, mean, None, None, 1, samples)
    outer, inner = outer or 1000, inner or 10_000
    program = compile_model(model, two_level=True)
    counts = outer_counts(program, counting(lambda x: _counts(x, grid)), seed, (TAG,), outer, inner, workers,
                          chunk_size)
    probs = counts / inner
    lo, med, hi = np.quantile(probs, [0.05, 0.5, 0.95], axis=0)
    return ExceedanceCurve(grid, probs.mean(axis=0), med, lo, hi, outer, inner)


def draw_curve(curve: ExceedanceCurve, threshold: float | None = None,
               probability: float | None = None, title: str = "", unit: str = "harm",
               criteria: bool = True, result: Mapping[str, Any] | None = None,
               fn_line: tuple[float, float] | None = None) -> Figure:
    """A log-log matplotlib figure of ``curve`` with its band, the tolerance and reference criteria.

    The tolerance is what the commitment allows: the limit P(≥ N) ≤ p as a point and a dashed line
    from N onwards (above it is not tolerated, shaded), and, when the commitment has one, its F-N line
    ``fn_line = (C, α)``, P(≥ n) ≤ C / n^α. ``result`` (a :meth:`RunResult.to_dict`) adds the run's
    estimate at the threshold with its 95% interval and, for two-level runs, its 90% credible interval:
    an importance-sampled estimate reaches far below what the plain curve can resolve. The legend sits
    outside the axes, to the right, so it never hides a line.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10.0, 5.0), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    g = curve.grid
    pos = curve.median > 0
    floor = 0.5 / (curve.inner * (1 if curve.lo is not None else curve.outer))  # below this, no resolution
    if curve.method == "conditional":  # a closed-form tail resolves far lower: show it down to its smallest value
        shown = curve.median[curve.median > 0]
        floor = max(1e-15, float(shown.min())) if shown.size else floor
    if curve.lo is not None and curve.hi is not None:
        band = curve.hi > 0
        ax.fill_between(g[band], np.maximum(curve.lo[band], floor), curve.hi[band], alpha=0.25,
                        color="tab:blue", label="5–95% epistemic band")
        ax.plot(g[pos], curve.median[pos], color="tab:blue", label="median")
        mpos = curve.mean > 0
        ax.plot(g[mpos], curve.mean[mpos], color="tab:blue", ls="--", lw=1, label="mean")
    else:
        ax.plot(g[pos], curve.mean[pos], color="tab:blue", label="P(outcome ≥ n)")
    if criteria:
        for c in load_criteria():
            if c.kind == "societal" and c.constant and c.slope:
                n = g[g >= (c.n_min or 0)]
                if n.size:
                    ax.plot(n, c.constant / n**c.slope, color="tab:red", ls=":", label=c.name)
            elif c.id in ("uk-hse-individual-public-tolerable", "uk-hse-individual-broadly-acceptable"):
                # named in the legend, never written over the curves
                tolerable = c.id == "uk-hse-individual-public-tolerable"
                ax.axhline(c.limit or 0, color="grey" if tolerable else "darkgrey", ls="-." if tolerable else (0, (1, 3)),
                           lw=0.9, label=f"{c.name}: individual risk, for scale")
    if threshold is not None and probability is not None:
        right = max(float(g[-1]), threshold * 10)
        ax.fill_between([threshold, right], [probability, probability], [2.0, 2.0], color="tab:red", alpha=0.12,
                        lw=0, zorder=0, label="not tolerated")
        ax.plot([threshold, right], [probability, probability], color="black", ls="--", lw=1.2)
        ax.plot([threshold], [probability], marker="D", color="black", ls="none",
                label=f"tolerance: P(≥ {threshold:g}) ≤ {probability:g}")
    if fn_line is not None:
        c, alpha = fn_line
        n = g[g >= 1] if (g >= 1).any() else g
        ax.plot(n, c / n**alpha, color="black", lw=1.5,
                label=f"committed F-N line: {c:g} / n^{alpha:g}")
    lows: list[float] = []
    if result is not None and result["p_exceed"]["estimate"] > 0:
        at = float(result["threshold"])
        est, (lo, hi) = result["p_exceed"]["estimate"], result["p_exceed"]["interval"]
        ax.errorbar([at], [est], yerr=[[est - lo], [hi - est]], marker="o", ms=4, color="tab:orange", capsize=3,
                    ls="none", label=f"estimate at {at:g} ({result['method']}, 95% interval)")
        lows.append(max(lo, est / 100))
        ci = result.get("ci90")
        if ci and ci[1] > 0:
            ax.errorbar([at * 1.15], [est], yerr=[[est - max(ci[0], est / 1000)], [max(ci[1] - est, 0)]],
                        color="tab:orange", alpha=0.5, lw=3, ls="none", label="90% credible interval")
            lows.append(max(ci[0], est / 1000))
    bottom = min([floor, 1e-7] + ([probability / 10] if probability else []) + [x / 3 for x in lows if x > 0])
    ax.set_ylim(bottom, 2.0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"n ({unit})")
    ax.set_ylabel("P(outcome ≥ n) per period")
    ax.set_title(title or "Exceedance (F-N) curve")
    ax.grid(True, which="both", alpha=0.3)
    import textwrap

    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, [textwrap.fill(label, 44) for label in labels], fontsize=7, loc="upper left",
              bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
    fig.subplots_adjust(left=0.08, right=0.66, bottom=0.11, top=0.92)
    return fig


def plot_curve(curve: ExceedanceCurve, path: str | Path, **options: Any) -> Path:
    """Write :func:`draw_curve` of ``curve`` as a PNG at ``path``; ``options`` are draw_curve's."""
    out = Path(path)
    draw_curve(curve, **options).savefig(out)
    return out
