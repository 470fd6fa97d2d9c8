"""Inverse CDFs: every distribution the engine supports as a function of one uniform on (0, 1).

Randomised quasi-Monte Carlo feeds each random parameter one coordinate of a scrambled Sobol
point, so a draw must be a deterministic, measure-preserving function of that coordinate.
Continuous laws use their quantile function (``scipy.special`` where it has one); a mixture
uses the first part of the coordinate to pick a component and the rest, rescaled to (0, 1),
for that component; discrete laws use their step quantile. Cost per value on the benchmark
machine (docs/risk-models.md): normal, lognormal, uniform, triangular, bernoulli and point
tens of nanoseconds or less; gamma about 0.6 µs, beta and PERT about 1.1–1.4 µs, Poisson
about 3 µs; a truncated law goes through scipy.stats (a few µs).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from redline.risk.distributions import Dist
from redline.risk.sampling import _truncated_ppf, masked, masked_pair, split

Params = dict[str, Any]
#: Uniforms are kept strictly inside (0, 1), so every quantile function stays finite.
U_LOW, U_HIGH = float(np.finfo(float).tiny), float(np.nextafter(1.0, 0.0))


def dims_of(dist: Dist) -> int:
    """Uniform coordinates one draw of ``dist`` takes: none for a point mass, else one."""
    return 0 if dist.kind == "point" else 1


def from_uniform(dist: Dist, p: Params, u: Any, bounds: tuple[Any, Any] | None = None,
                 sub: list[Params] | None = None) -> np.ndarray:
    """Map uniforms ``u`` to draws of ``dist`` with evaluated parameters ``p`` (arrays broadcast).

    ``bounds`` are evaluated truncation limits (None for an open side) and ``sub`` the evaluated
    parameters of a mixture's components, as the compiler resolves them.
    """
    u = np.clip(u, U_LOW, U_HIGH)
    k = dist.kind
    if k == "point":
        return np.broadcast_to(np.asarray(p["value"], dtype=float), np.broadcast_shapes(np.shape(u), _shape(p)))
    if k == "mixture":
        return _mixture(dist, u, sub or [{} for _ in dist.components])
    if bounds is not None and (bounds[0] is not None or bounds[1] is not None):
        out = np.empty(np.broadcast_shapes(np.shape(u), _shape(p), *(np.shape(b) for b in bounds if b is not None)))
        _truncated_ppf(k, p, bounds, u, out)
        return out
    with np.errstate(all="ignore"):
        if k == "normal":
            return p["mean"] + p["sd"] * special.ndtri(u)
        if k == "lognormal":
            return np.exp(p["mu"] + p["sigma"] * special.ndtri(u))
        if k == "uniform":
            return p["low"] + (p["high"] - p["low"]) * u
        if k == "triangular":
            return _triangular(p["low"], p["mode"], p["high"], u)
        if k == "beta":
            return special.betaincinv(p["a"], p["b"], u)
        if k == "pert":
            return p["low"] + (p["high"] - p["low"]) * special.betaincinv(p["alpha"], p["beta"], u)
        if k == "gamma":
            return special.gammaincinv(p["shape"], u) * p["scale"]
        if k == "poisson":
            return _poisson(p["lam"], u)
        if k == "bernoulli":
            return np.greater(u, 1.0 - np.asarray(p["p"], dtype=float)).astype(float)
    raise ValueError(f"no inverse CDF for {k}")  # pragma: no cover - distributions.make refuses unknown kinds


def _shape(p: Params) -> tuple[int, ...]:
    return np.broadcast_shapes(*(np.shape(v) for v in p.values())) if p else ()


def _triangular(low: Any, mode: Any, high: Any, u: np.ndarray) -> np.ndarray:
    """The triangular quantile: a square root on each side of the mode."""
    width = high - low
    cut = (mode - low) / width  # the CDF at the mode
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def _poisson(lam: Any, u: np.ndarray) -> np.ndarray:
    """The smallest k with P(K ≤ k) ≥ u: the ceiling of pdtrik's continuous root, checked one step down."""
    lam = np.asarray(lam, dtype=float)
    k = np.maximum(np.ceil(special.pdtrik(u, lam)), 0.0)
    below = np.maximum(k - 1, 0.0)
    k = np.where((k > 0) & (special.pdtr(below, lam) >= u), below, k)
    return np.where(lam == 0, 0.0, k)


def _mixture(dist: Dist, u: np.ndarray, sub: list[Params]) -> np.ndarray:
    """Component i takes the uniforms in [W_i-1, W_i) (cumulative weights), rescaled to (0, 1).

    Given the pick, the rescaled coordinate is again uniform, so the draw has exactly the
    mixture's law with one coordinate per draw, however deep mixtures nest.
    """
    ends = np.cumsum(dist.weights)
    ends[-1] = 1.0
    starts = np.concatenate([[0.0], ends[:-1]])  # the same edges the pick uses, so rescaled values stay in [0, 1)
    widths = ends - starts
    resolved = [split(cp) for cp in sub]
    shape = np.broadcast_shapes(np.shape(u), *(_shape(cp) for cp, _, _ in resolved),
                                *(np.shape(b) for _, _, cb in resolved if cb is not None for b in cb if b is not None))
    uu = np.broadcast_to(u, shape)
    pick = np.searchsorted(ends[:-1], uu, side="right")
    out = np.empty(shape)
    for i, comp in enumerate(dist.components):
        mask = pick == i
        if not np.any(mask):
            continue
        cp, csub, cbounds = resolved[i]
        rescaled = (uu[mask] - starts[i]) / widths[i]
        out[mask] = from_uniform(comp, masked(cp, mask), rescaled,
                                 None if cbounds is None else masked_pair(cbounds, mask),
                                 None if csub is None else [_masked_component(c, mask) for c in csub])
    return out


def _masked_component(cp: Params, mask: np.ndarray) -> Params:
    own, csub, cbounds = split(cp)
    out = masked(own, mask)
    if csub is not None:
        out["components"] = [_masked_component(c, mask) for c in csub]
    if cbounds is not None:
        out["bounds"] = masked_pair(cbounds, mask)
    return out
