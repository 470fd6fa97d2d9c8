"""Probability distributions of risk-model parameters: canonical parameters, checks and fast draws.

Every distribution is reduced to canonical parameters (e.g. a lognormal's 90% interval
becomes ``mu``/``sigma``) held as expression nodes, so a parameter of one distribution may
depend on other model parameters. Draws write into caller-owned buffers to keep memory flat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from redline.risk.expr import Node, fold, parse, to_text

Z90 = float(special.ndtri(0.95))  # 1.6448536...: a 90% interval spans mean ± Z90 sd

#: Canonical parameter names of every distribution, in the order scipy wants them.
CANONICAL: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "lognormal": ("mu", "sigma"),
    "beta": ("a", "b"),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "pert": ("low", "high", "alpha", "beta"),
    "gamma": ("shape", "scale"),
    "poisson": ("lam",),
    "bernoulli": ("p",),
    "point": ("value",),
    "mixture": (),
}
#: Keys a model may write for each distribution (besides dist, kind, lower, upper).
ACCEPTED: dict[str, set[str]] = {
    "normal": {"mean", "sd", "ci90"},
    "lognormal": {"mu", "sigma", "ci90"},
    "beta": {"a", "b"},
    "uniform": {"low", "high"},
    "triangular": {"low", "mode", "high"},
    "pert": {"low", "mode", "high", "lam"},
    "gamma": {"shape", "scale", "rate"},
    "poisson": {"lam"},
    "bernoulli": {"p"},
    "point": {"value"},
    "mixture": {"components", "weights"},
}
ALIASES = {"norm": "normal", "lognorm": "lognormal", "const": "point", "constant": "point", "tri": "triangular"}
CONTINUOUS = {"normal", "lognormal", "beta", "uniform", "triangular", "pert", "gamma"}


class DistError(ValueError):
    """A distribution is ill-specified; ``field`` names the offending key."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class Dist:
    """A distribution with canonical parameters (expression nodes), optional truncation and components."""

    kind: str
    params: dict[str, Node] = field(default_factory=dict)
    components: tuple[Dist, ...] = ()
    weights: tuple[float, ...] = ()
    lower: Node | None = None
    upper: Node | None = None

    def names(self) -> set[str]:
        """Every model parameter this distribution's parameters read."""
        out: set[str] = set()
        for node in [*self.params.values(), self.lower, self.upper]:
            if node is not None:
                out |= node.names()
        for c in self.components:
            out |= c.names()
        return out

    def describe(self) -> dict[str, Any]:
        """A JSON-able description (used for the model hash and reports)."""
        d: dict[str, Any] = {"dist": self.kind}
        d.update({k: _show(v) for k, v in self.params.items()})
        if self.components:
            d["components"] = [c.describe() for c in self.components]
            d["weights"] = list(self.weights)
        if self.lower is not None:
            d["lower"] = _show(self.lower)
        if self.upper is not None:
            d["upper"] = _show(self.upper)
        return d


def _show(node: Node) -> Any:
    return node.value if node.op == "const" else to_text(node)


def _expr(key: str, raw: Any) -> Node:
    try:
        return fold(parse(raw))
    except ValueError as exc:
        raise DistError(key, str(exc)) from None


def _pair(key: str, raw: Any) -> tuple[Node, Node]:
    if not isinstance(raw, (list, tuple)) or len(raw) != 2:
        raise DistError(key, f"'{key}' must be a list of two numbers [low, high]")
    return _expr(key, raw[0]), _expr(key, raw[1])


def _n(op: str, *args: Node) -> Node:
    return fold(Node(op, args))


def _c(v: float) -> Node:
    return Node("const", value=float(v))


def make(kind: str, raw: dict[str, Any], build_component: Callable[[Any, int], Dist] | None = None) -> Dist:
    """Build a :class:`Dist` from the keys a model wrote, checking names and constant values."""
    kind = ALIASES.get(kind, kind)
    if kind not in CANONICAL:
        raise DistError("dist", f"unknown distribution '{kind}' (known: {', '.join(sorted(CANONICAL))})")
    extra = set(raw) - ACCEPTED[kind]
    if extra:
        raise DistError(sorted(extra)[0], f"{kind} does not take '{sorted(extra)[0]}' "
                        f"(it takes {', '.join(sorted(ACCEPTED[kind]))})")
    p: dict[str, Node] = {}
    if kind in ("normal", "lognormal"):
        loc, scale = ("mean", "sd") if kind == "normal" else ("mu", "sigma")
        if "ci90" in raw:
            if loc in raw or scale in raw:
                raise DistError("ci90", f"give either ci90 or {loc}/{scale}, not both")
            lo, hi = _pair("ci90", raw["ci90"])
            if kind == "lognormal":
                for v in (lo, hi):
                    if v.op == "const" and v.value <= 0:
                        raise DistError("ci90", "a lognormal's ci90 bounds must be positive")
                lo, hi = _n("log", lo), _n("log", hi)
            if lo.op == hi.op == "const" and not lo.value < hi.value:
                raise DistError("ci90", "ci90 must be [low, high] with low < high")
            p[loc] = _n("/", _n("+", lo, hi), _c(2))
            p[scale] = _n("/", _n("-", hi, lo), _c(2 * Z90))
        else:
            p = {k: _expr(k, _need(raw, k, kind)) for k in (loc, scale)}
    elif kind == "pert":
        low, mode, high = (_expr(k, _need(raw, k, kind)) for k in ("low", "mode", "high"))
        lam = _expr("lam", raw.get("lam", 4))
        rng_ = _n("-", high, low)
        alpha = _n("+", _c(1), _n("/", _n("*", lam, _n("-", mode, low)), rng_))
        beta = _n("+", _c(1), _n("/", _n("*", lam, _n("-", high, mode)), rng_))
        p = {"low": low, "high": high, "alpha": alpha, "beta": beta}
        _check_order(kind, {"low": low, "mode": mode, "high": high})
    elif kind == "gamma":
        p["shape"] = _expr("shape", _need(raw, "shape", kind))
        if ("scale" in raw) == ("rate" in raw):
            raise DistError("scale", "gamma needs exactly one of 'scale' or 'rate'")
        p["scale"] = _expr("scale", raw["scale"]) if "scale" in raw else _n("/", _c(1), _expr("rate", raw["rate"]))
    elif kind == "mixture":
        return _mixture(raw, build_component)
    else:
        p = {k: _expr(k, _need(raw, k, kind)) for k in CANONICAL[kind]}
    dist = Dist(kind, p)
    check(dist)
    return dist


def _need(raw: dict[str, Any], key: str, kind: str) -> Any:
    if key not in raw:
        raise DistError(key, f"{kind} needs '{key}'")
    return raw[key]


def _mixture(raw: dict[str, Any], build: Callable[[Any, int], Dist] | None) -> Dist:
    comps = raw.get("components")
    if not isinstance(comps, list) or len(comps) < 1 or build is None:
        raise DistError("components", "a mixture needs a list of component distributions")
    weights = raw.get("weights", [1.0] * len(comps))
    if not isinstance(weights, list) or len(weights) != len(comps):
        raise DistError("weights", "weights must be a list with one number per component")
    if any(isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0 for w in weights) or sum(weights) <= 0:
        raise DistError("weights", "weights must be non-negative numbers with a positive sum")
    total = float(sum(weights))
    return Dist("mixture", {}, tuple(build(c, i) for i, c in enumerate(comps)),
                tuple(float(w) / total for w in weights))


def _check_order(kind: str, p: dict[str, Node]) -> None:
    v = {k: n.value for k, n in p.items() if n.op == "const"}
    if "low" in v and "high" in v and not v["low"] < v["high"]:
        raise DistError("high", f"{kind} needs low < high")
    if "mode" in v and "low" in v and "high" in v and not v["low"] <= v["mode"] <= v["high"]:
        raise DistError("mode", f"{kind} needs low <= mode <= high")


#: Constraints on canonical parameters that are constants: key -> (test, message).
POSITIVE = {"sd", "sigma", "a", "b", "shape", "scale", "alpha", "beta"}


def check(dist: Dist) -> None:
    """Raise :class:`DistError` for constant canonical parameters outside their domain."""
    v = {k: n.value for k, n in dist.params.items() if n.op == "const"}
    for k, x in v.items():
        if not np.isfinite(x):
            raise DistError(k, f"'{k}' must be a finite number")
        if k in POSITIVE and x <= 0:
            raise DistError(k, f"{dist.kind} needs {k} > 0, got {x:g}")
    if dist.kind == "poisson" and v.get("lam", 1) < 0:
        raise DistError("lam", "poisson needs lam >= 0")
    if dist.kind == "bernoulli" and not 0 <= v.get("p", 0) <= 1:
        raise DistError("p", "bernoulli needs 0 <= p <= 1")
    if dist.kind in ("uniform", "triangular"):
        _check_order(dist.kind, dist.params)
