"""Closed-form P(lo ≤ X ≤ hi) for the distributions conditional Monte Carlo can integrate out.

Continuous laws use their CDF and survival function from ``scipy.special`` (the upper tail
through the survival function, so a probability of 1e-12 keeps its digits); a mixture's
probability is the weighted sum of its components'; a point mass inside a mixture counts when
its value lies in the interval; truncation renormalises to the truncated range.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from redline.risk.distributions import CONTINUOUS, Dist
from redline.risk.sampling import split

Params = dict[str, Any]


def has_closed_form(dist: Dist) -> bool:
    """Whether :func:`interval_probability` covers ``dist``: continuous laws, and mixtures of them and points."""
    if dist.kind == "mixture":
        return all(c.kind == "point" or has_closed_form(c) for c in dist.components)
    return dist.kind in CONTINUOUS


def interval_probability(dist: Dist, p: Params, lo: Any, hi: Any, bounds: tuple[Any, Any] | None = None,
                         sub: list[Params] | None = None) -> np.ndarray:
    """P(lo ≤ X ≤ hi) for X ~ ``dist`` with evaluated parameters ``p``; 0 where lo > hi or either is NaN."""
    with np.errstate(all="ignore"):
        out = _probability(dist, p, np.asarray(lo, dtype=float), np.asarray(hi, dtype=float), bounds, sub)
    return np.where(np.isnan(out), 0.0, np.clip(out, 0.0, 1.0))


def _probability(dist: Dist, p: Params, lo: np.ndarray, hi: np.ndarray, bounds: tuple[Any, Any] | None,
                 sub: list[Params] | None) -> np.ndarray:
    k = dist.kind
    if k == "point":
        v = p["value"]
        return ((lo <= v) & (v <= hi)).astype(float)
    if k == "mixture":
        total: Any = 0.0
        for w, comp, cp in zip(dist.weights, dist.components, sub or [{} for _ in dist.components], strict=True):
            own, csub, cbounds = split(cp)
            total = total + w * _probability(comp, own, lo, hi, cbounds, csub)
        return np.asarray(total, dtype=float)
    if bounds is not None and (bounds[0] is not None or bounds[1] is not None):
        low = -np.inf if bounds[0] is None else np.asarray(bounds[0], dtype=float)
        high = np.inf if bounds[1] is None else np.asarray(bounds[1], dtype=float)
        return _between(k, p, np.maximum(lo, low), np.minimum(hi, high)) / _between(k, p, low, high)
    return _between(k, p, lo, hi)


def _between(kind: str, p: Params, lo: Any, hi: Any) -> np.ndarray:
    """P(lo ≤ X ≤ hi) for a continuous law: a difference of survival functions in the upper half, of CDFs below."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    if np.all(np.isposinf(hi)):
        return sf(kind, p, lo)
    if np.all(np.isneginf(lo)):
        return cdf(kind, p, hi)
    s_lo = sf(kind, p, lo)
    upper = s_lo - sf(kind, p, hi)
    lower = cdf(kind, p, hi) - cdf(kind, p, lo)
    return np.where(hi < lo, 0.0, np.where(s_lo < 0.5, upper, lower))


def cdf(kind: str, p: Params, x: Any) -> np.ndarray:
    """P(X ≤ x) for a continuous ``kind`` with canonical parameters ``p``."""
    return _tail(kind, p, x, upper=False)


def sf(kind: str, p: Params, x: Any) -> np.ndarray:
    """P(X ≥ x) (the survival function) for a continuous ``kind``, precise far into the upper tail."""
    return _tail(kind, p, x, upper=True)


def _tail(kind: str, p: Params, x: Any, upper: bool) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    sign = -1.0 if upper else 1.0
    if kind == "normal":
        return special.ndtr(sign * (x - p["mean"]) / p["sd"])
    if kind == "lognormal":
        z = (np.log(np.maximum(x, 0.0)) - p["mu"]) / p["sigma"]  # log 0 = -inf: nothing lies below 0
        return special.ndtr(sign * z)
    if kind == "uniform":
        t = (p["high"] - x if upper else x - p["low"]) / (p["high"] - p["low"])
        return np.clip(t, 0.0, 1.0)
    if kind == "triangular":
        return _triangular(p["low"], p["mode"], p["high"], x, upper)
    if kind in ("beta", "pert"):
        if kind == "pert":
            a, b, x = p["alpha"], p["beta"], (x - p["low"]) / (p["high"] - p["low"])
        else:
            a, b = p["a"], p["b"]
        x = np.clip(x, 0.0, 1.0)
        # P(X ≥ x) = I_{1-x}(b, a): betainc is ten times faster than betaincc here
        return special.betainc(b, a, 1.0 - x) if upper else special.betainc(a, b, x)
    if kind == "gamma":
        t = np.maximum(x, 0.0) / p["scale"]
        return special.gammaincc(p["shape"], t) if upper else special.gammainc(p["shape"], t)
    raise ValueError(f"{kind} has no closed-form survival function here")


def _triangular(low: Any, mode: Any, high: Any, x: np.ndarray, upper: bool) -> np.ndarray:
    width = high - low
    below = (x - low) ** 2 / (width * (mode - low))  # P(X ≤ x) left of the mode
    above = (high - x) ** 2 / (width * (high - mode))  # P(X ≥ x) right of the mode
    left = x <= mode
    if upper:
        out = np.where(left, 1.0 - below, above)
        return np.where(x <= low, 1.0, np.where(x >= high, 0.0, out))
    out = np.where(left, below, 1.0 - above)
    return np.where(x <= low, 0.0, np.where(x >= high, 1.0, out))
