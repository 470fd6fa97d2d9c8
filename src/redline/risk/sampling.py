"""Drawing from a :class:`~redline.risk.distributions.Dist` into preallocated buffers, and its inverse CDF.

Canonical parameters arrive already evaluated (floats, or arrays that broadcast against the
buffer). Fast paths use ``out=`` so a chunk allocates nothing; truncation uses the inverse CDF.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special, stats

from redline.risk.distributions import Dist

Params = dict[str, Any]


def frozen(kind: str, p: Params) -> Any:
    """The scipy.stats frozen distribution equal to ``kind`` with canonical parameters ``p``."""
    if kind == "normal":
        return stats.norm(loc=p["mean"], scale=p["sd"])
    if kind == "lognormal":
        return stats.lognorm(s=p["sigma"], scale=np.exp(p["mu"]))
    if kind == "beta":
        return stats.beta(p["a"], p["b"])
    if kind == "uniform":
        return stats.uniform(loc=p["low"], scale=np.subtract(p["high"], p["low"]))
    if kind == "triangular":
        width = np.subtract(p["high"], p["low"])
        return stats.triang(np.divide(np.subtract(p["mode"], p["low"]), width), loc=p["low"], scale=width)
    if kind == "pert":
        return stats.beta(p["alpha"], p["beta"], loc=p["low"], scale=np.subtract(p["high"], p["low"]))
    if kind == "gamma":
        return stats.gamma(p["shape"], scale=p["scale"])
    if kind == "poisson":
        return stats.poisson(p["lam"])
    if kind == "bernoulli":
        return stats.bernoulli(p["p"])
    raise ValueError(f"{kind} has no scipy equivalent")


def draw(dist: Dist, p: Params, rng: np.random.Generator, out: np.ndarray,
         sub: list[Params] | None = None, bounds: tuple[Any, Any] | None = None) -> None:
    """Fill ``out`` with draws of ``dist`` given evaluated canonical parameters ``p``.

    ``sub`` holds the evaluated parameters of mixture components; ``bounds`` the evaluated
    truncation limits (None for an open side).
    """
    if bounds is not None and (bounds[0] is not None or bounds[1] is not None):
        rng.random(out=out)
        _truncated_ppf(dist.kind, p, bounds, out, out)
        return
    k = dist.kind
    if k in ("normal", "lognormal"):
        loc, scale = (p["mean"], p["sd"]) if k == "normal" else (p["mu"], p["sigma"])
        rng.standard_normal(out=out)
        np.multiply(out, scale, out=out)
        np.add(out, loc, out=out)
        if k == "lognormal":
            np.exp(out, out=out)
    elif k in ("beta", "pert"):
        a, b = (p["a"], p["b"]) if k == "beta" else (p["alpha"], p["beta"])
        scalar = np.ndim(a) == 0 and np.ndim(b) == 0
        if scalar and min(_whole(a), _whole(b)) <= SMALL_WHOLE:
            _beta_whole(rng, float(a), float(b), out)
        elif scalar and a > 1 and b > 1:
            # numpy's own beta for a, b > 1 is Ga / (Ga + Gb); this is the same law without allocating
            scratch = np.empty_like(out)
            _standard_gamma(rng, float(a), out)
            _standard_gamma(rng, float(b), scratch)
            scratch += out
            np.divide(out, scratch, out=out)
        else:
            out[...] = rng.beta(a, b, size=out.shape)
        if k == "pert":
            np.multiply(out, np.subtract(p["high"], p["low"]), out=out)
            np.add(out, p["low"], out=out)
    elif k == "uniform":
        rng.random(out=out)
        np.multiply(out, np.subtract(p["high"], p["low"]), out=out)
        np.add(out, p["low"], out=out)
    elif k == "triangular":
        out[...] = rng.triangular(p["low"], p["mode"], p["high"], size=out.shape)
    elif k == "gamma":
        if np.ndim(p["shape"]) == 0:
            _standard_gamma(rng, float(p["shape"]), out)
        else:
            out[...] = rng.standard_gamma(p["shape"], size=out.shape)
        np.multiply(out, p["scale"], out=out)
    elif k == "poisson":
        out[...] = rng.poisson(p["lam"], size=out.shape)
    elif k == "bernoulli":
        rng.random(out=out)
        np.less(out, p["p"], out=out)
    elif k == "point":
        out[...] = p["value"]
    elif k == "mixture":
        _mixture(dist, rng, out, sub or [{} for _ in dist.components])
    else:  # pragma: no cover - distributions.make refuses unknown kinds
        raise ValueError(k)


SMALL_WHOLE = 6  # up to this many uniforms, the order-statistic beta beats two gamma draws


def _whole(x: Any) -> float:
    """``x`` when it is a positive whole number, else infinity."""
    x = float(x)
    return x if x >= 1 and x.is_integer() else math.inf


def _beta_whole(rng: np.random.Generator, a: float, b: float, out: np.ndarray) -> None:
    """Exact Beta(a, b) from k uniforms when a or b is a whole number k.

    Beta(c, k) is the product of independent Beta(c + i, 1) = U^(1/(c + i)) for i < k (from the
    identity Beta(α, β) × Beta(α + β, γ) = Beta(α, β + γ)), and Beta(k, c) = 1 − Beta(c, k). The
    sum of logs stays in log space, and ``expm1`` keeps small values of 1 − exp(·) precise.
    """
    flip = _whole(a) < _whole(b)  # Beta(k, c): draw Beta(c, k), return 1 − it
    k, c = (int(a), b) if flip else (int(b), a)
    term = np.empty_like(out) if k > 1 else out
    for i in range(k):
        dst = out if i == 0 else term
        rng.random(out=dst)
        np.negative(dst, out=dst)
        np.log1p(dst, out=dst)  # log U with U = 1 − random() on (0, 1]
        dst *= 1.0 / (c + i)
        if i:
            out += term
    if flip:
        np.expm1(out, out=out)
        np.negative(out, out=out)
    else:
        np.exp(out, out=out)


def _standard_gamma(rng: np.random.Generator, shape: float, out: np.ndarray) -> None:
    """Standard gamma draws; a small whole shape k is -log of a product of k uniforms (exact, faster)."""
    if shape.is_integer() and 1 <= shape <= 4:
        rng.random(out=out)
        np.subtract(1.0, out, out=out)  # uniforms on (0, 1], so the log is finite
        if shape > 1:
            extra = np.empty_like(out)
            for _ in range(int(shape) - 1):
                rng.random(out=extra)
                np.subtract(1.0, extra, out=extra)
                out *= extra
        np.log(out, out=out)
        np.negative(out, out=out)
    else:
        rng.standard_gamma(shape, out=out)


def split(p: Params) -> tuple[Params, list[Params] | None, tuple[Any, Any] | None]:
    """A mixture component's evaluated parameters: (its own, its components' if a mixture, its bounds).

    The compiler keeps a nested mixture's components under ``"components"`` and a truncated
    component's limits under ``"bounds"``, so neither is lost one level down.
    """
    own = {k: v for k, v in p.items() if k not in ("components", "bounds")}
    return own, p.get("components"), p.get("bounds")


def _mixture(dist: Dist, rng: np.random.Generator, out: np.ndarray, sub: list[Params]) -> None:
    pick = rng.random(size=out.shape)
    edges = np.cumsum(dist.weights)[:-1]
    which = np.searchsorted(edges, pick, side="right")
    tmp = np.empty_like(out)
    for i, comp in enumerate(dist.components):
        mask = which == i
        count = int(np.count_nonzero(mask))
        if count == 0:
            continue
        cp, csub, cbounds = split(sub[i])
        if all(np.ndim(v) == 0 for v in cp.values()) and cbounds is None and not comp.components:
            part = tmp.reshape(-1)[:count]
            draw(comp, cp, rng, part)
            out[mask] = part
        else:
            draw(comp, cp, rng, tmp, csub, cbounds)
            np.copyto(out, tmp, where=mask)


def _truncated_ppf(kind: str, p: Params, bounds: tuple[Any, Any], u: np.ndarray, out: np.ndarray) -> None:
    f = frozen(kind, p)
    lo = 0.0 if bounds[0] is None else f.cdf(bounds[0])
    hi = 1.0 if bounds[1] is None else f.cdf(bounds[1])
    out[...] = f.ppf(lo + (hi - lo) * u)


def has_inverse(dist: Dist) -> bool:
    """Whether :func:`from_normal` can map standard normals onto this distribution."""
    return dist.kind != "mixture" or not any(c.components for c in dist.components)


def normal_dims(dist: Dist) -> int:
    """How many standard normals :func:`from_normal` needs: two for a mixture (pick, value), else one."""
    return 2 if dist.kind == "mixture" else 1


def from_normal(dist: Dist, p: Params, z: np.ndarray, bounds: tuple[Any, Any] | None = None,
                sub: list[Params] | None = None) -> np.ndarray:
    """Map standard normal ``z`` to this distribution through its inverse CDF (for importance sampling).

    The upper tail goes through the survival function so that z = 6 keeps its precision. A
    mixture takes ``z`` with a last axis of 2: the first picks the component, the second goes
    through that component's inverse CDF.
    """
    if dist.kind == "mixture":
        pick = np.searchsorted(np.cumsum(dist.weights)[:-1], special.ndtr(z[..., 0]), side="right")
        out = np.empty(z.shape[:-1])
        for i, comp in enumerate(dist.components):
            mask = pick == i
            if np.any(mask):
                cp, _, cbounds = split((sub or [{}] * len(dist.components))[i])
                out[mask] = from_normal(comp, masked(cp, mask), z[..., 1][mask],
                                        None if cbounds is None else masked_pair(cbounds, mask))
        return out
    k = dist.kind
    truncated = bounds is not None and (bounds[0] is not None or bounds[1] is not None)
    if k == "point":
        return np.broadcast_to(np.asarray(p["value"], dtype=float), z.shape).copy()
    if not truncated and k == "normal":
        return p["mean"] + p["sd"] * z
    if not truncated and k == "lognormal":
        return np.exp(p["mu"] + p["sigma"] * z)
    if truncated:
        out = np.empty_like(z)
        _truncated_ppf(k, p, bounds or (None, None), special.ndtr(z), out)
        return out
    f = frozen(k, p)
    with np.errstate(all="ignore"):
        upper = f.isf(special.ndtr(-z))
        lower = f.ppf(special.ndtr(z))
    return np.asarray(np.where(z > 0, upper, lower), dtype=float)


def masked(p: Params, mask: np.ndarray) -> Params:
    """``p`` restricted to the samples where ``mask`` holds (scalars stay scalars)."""
    return {k: (np.broadcast_to(v, mask.shape)[mask] if np.ndim(v) else v) for k, v in p.items()}


def masked_pair(pair: tuple[Any, Any], mask: np.ndarray) -> tuple[Any, Any]:
    """Truncation bounds restricted to the samples where ``mask`` holds (None stays None)."""
    lo, hi = (None if b is None else (np.broadcast_to(b, mask.shape)[mask] if np.ndim(b) else b) for b in pair)
    return lo, hi
