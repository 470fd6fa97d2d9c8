"""Conditional Monte Carlo: integrate one parameter out of P(outcome ≥ T) in closed form.

When a continuous parameter X appears once in the outcome (derived values inlined), no other
distribution reads it, and every operation between the outcome and X is monotone in X's
branch, the event {outcome ≥ T} is, for fixed values of everything else, an interval of X.
Each point then contributes P(X in that interval), the survival function of X at the solved
threshold, instead of a 0/1 hit: the estimator stays unbiased (it is E[1{outcome ≥ T} | the
rest]) and its variance can only shrink (the law of total variance).

The interval is pushed down the expression tree one node at a time, per sample, so signs
known only at run time (a coefficient that may be negative, zero or infinite) are handled
where they occur. Supported: ``+ - * /``, unary minus, ``**`` with a positive base,
``exp``, ``log``, ``sqrt``, ``min`` and ``max``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.risk.compile import Program, Views
from redline.risk.distributions import CONTINUOUS
from redline.risk.expr import Node, evaluate
from redline.risk.model import RiskModel
from redline.risk.survival import has_closed_form, interval_probability

UNARY = {"neg", "exp", "log", "sqrt"}
MONOTONE = {"+", "-", "*", "/", "**", "min", "max"} | UNARY
TINY = float(np.finfo(float).tiny)


@dataclass(frozen=True)
class Step:
    """One node between the outcome and X: its operator, which argument leads to X, and the others."""

    op: str
    slot: int
    others: tuple[Node, ...]
    sign: int = 0  # the known sign of X's branch (for c / x and x ** c), or of the base of c ** x


@dataclass(frozen=True)
class Conditioning:
    """Integrate parameter ``name`` out: ``steps`` lead from the outcome down to it."""

    name: str
    steps: tuple[Step, ...]

    def probability(self, program: Program, v: Views, threshold: float) -> np.ndarray:
        """P(outcome ≥ threshold | every other draw) for the rows in views ``v`` (X not drawn)."""
        return self.probability_from(program, v, threshold, self.others(v))

    def others(self, v: Views) -> list[list[Any]]:
        """The other operands' values, evaluated once per chunk (reused for many thresholds)."""
        return [[evaluate(n, v) for n in s.others] for s in self.steps]

    def probability_from(self, program: Program, v: Views, threshold: float, others: list[list[Any]]) -> np.ndarray:
        """:meth:`probability` with the other operands already evaluated by :meth:`others`."""
        lo: Any = np.asarray(threshold, dtype=float)
        hi: Any = np.asarray(np.inf)
        with np.errstate(all="ignore"):
            for step, vals in zip(self.steps, others, strict=True):
                lo, hi = _push(step, vals, lo, hi)
                bad = np.isnan(lo) | np.isnan(hi)  # NaN anywhere makes the outcome NaN: never a hit
                lo, hi = np.where(bad, np.inf, lo), np.where(bad, -np.inf, hi)
        dist = program.model.parameters[self.name].dist
        assert dist is not None
        p, sub, bounds = program.refs(self.name).resolve(v)
        return interval_probability(dist, p, lo, hi, bounds, sub)


def inline(node: Node, model: RiskModel) -> Node:
    """``node`` with every derived parameter replaced by its expression (recursively)."""
    if node.op == "name":
        p = model.parameters[node.name]
        return inline(p.expr, model) if p.dist is None and p.expr is not None else node
    if node.op == "const":
        return node
    return Node(node.op, tuple(inline(a, model) for a in node.args), node.value, node.name)


def _count(node: Node, name: str) -> int:
    if node.op == "name":
        return int(node.name == name)
    return sum(_count(a, name) for a in node.args)


def candidates(model: RiskModel, allowed: set[str] | None = None) -> tuple[list[Conditioning], list[str]]:
    """Every parameter the outcome can be conditioned on, and why each other one cannot.

    ``allowed`` restricts the choice (two-level runs condition on aleatory parameters only).
    """
    tree = inline(model.outcome, model)
    readers: dict[str, str] = {}
    for n in model.order:
        p = model.parameters[n]
        if p.dist is not None:
            for dep in _dist_names(p, model):
                readers.setdefault(dep, n)
    found, why = [], []
    for n in model.order:
        p = model.parameters[n]
        if p.dist is None or p.dist.kind == "point":
            continue
        if allowed is not None and n not in allowed:
            why.append(f"{n} is {p.kind}")
            continue
        if not has_closed_form(p.dist):
            why.append(f"{n} ({p.dist.kind}) has no closed-form survival function")
            continue
        times = _count(tree, n)
        if times != 1:
            why.append(f"{n} appears {times} times in the outcome" if times else f"the outcome does not use {n}")
            continue
        if n in readers:
            why.append(f"{n} is read by {readers[n]}'s distribution")
            continue
        try:
            found.append(Conditioning(n, tuple(_path(tree, n, model))))
        except _NotMonotone as exc:
            why.append(f"{n}: {exc}")
    return found, why


def _dist_names(p: Any, model: RiskModel) -> set[str]:
    """Distribution parameters a distribution reads, through derived values."""
    out: set[str] = set()
    for dep in p.dist.names():
        q = model.parameters[dep]
        out |= {dep} if q.dist is not None else inline(q.expr, model).names() if q.expr is not None else set()
    return out


class _NotMonotone(ValueError):
    pass


def _path(node: Node, name: str, model: RiskModel) -> list[Step]:
    if node.op == "name":
        return []
    slot = next(i for i, a in enumerate(node.args) if _count(a, name))
    branch = node.args[slot]
    others = tuple(a for i, a in enumerate(node.args) if i != slot)
    op = node.op
    if op not in MONOTONE:
        raise _NotMonotone(f"'{op}' is not monotone")
    sign = 0
    if op == "/" and slot == 1:
        sign = sign_of(branch, model)
        if not sign:
            raise _NotMonotone("it divides by an expression whose sign is not known")
    if op == "**":
        base = branch if slot == 0 else node.args[0]
        sign = sign_of(base, model)
        if sign != 1:
            raise _NotMonotone("a power needs a base known to be positive")
    return [Step(op, slot, others, sign), *_path(branch, name, model)]


def sign_of(node: Node, model: RiskModel) -> int:
    """+1 when ``node`` is positive almost surely, -1 when negative, 0 when unknown."""
    op = node.op
    if op == "const":
        return int(np.sign(node.value))
    if op == "name":
        p = model.parameters[node.name]
        if p.dist is not None:
            return _dist_sign(p.dist)
        return sign_of(p.expr, model) if p.expr is not None else 0
    s = [sign_of(a, model) for a in node.args]
    if op == "neg":
        return -s[0]
    if op in ("*", "/"):
        return s[0] * s[1]
    if op == "+":
        return s[0] if s[0] == s[1] else 0
    if op == "-":
        return s[0] if s[0] == -s[1] else 0
    if op == "exp":
        return 1
    if op in ("**", "sqrt"):
        return 1 if s[0] == 1 else 0
    if op in ("min", "max"):
        return s[0] if len(set(s)) == 1 else 0
    return 0


def _dist_sign(dist: Any) -> int:
    k = dist.kind
    if k in ("lognormal", "gamma", "beta"):
        return 1
    if k == "point":
        value = dist.params["value"]
        return int(np.sign(value.value)) if value.op == "const" else 0
    if k == "mixture":
        signs = {_dist_sign(c) for c in dist.components}
        return signs.pop() if len(signs) == 1 else 0
    if k not in CONTINUOUS:
        return 0  # poisson and bernoulli may be 0
    # a continuous law on [low, …) with low ≥ 0 is positive almost surely (and alike below 0)
    if any(n is not None and n.op == "const" and n.value >= 0 for n in (dist.params.get("low"), dist.lower)):
        return 1
    if any(n is not None and n.op == "const" and n.value <= 0 for n in (dist.params.get("high"), dist.upper)):
        return -1
    return 0


def _push(step: Step, vals: list[Any], lo: Any, hi: Any) -> tuple[Any, Any]:
    """The interval for X's branch given that the node's value must lie in [lo, hi]."""
    op = step.op
    if op == "neg":
        return -hi, -lo
    if op == "exp":
        return np.log(np.maximum(lo, 0.0)), np.log(np.maximum(hi, 0.0))
    if op == "log":
        return np.exp(lo), np.exp(hi)
    if op == "sqrt":
        empty = hi < 0
        return np.where(empty, np.inf, np.maximum(lo, 0.0) ** 2), np.where(empty, -np.inf, hi * hi)
    if op in ("min", "max"):
        m = vals[0]
        for other in vals[1:]:
            m = np.minimum(m, other) if op == "min" else np.maximum(m, other)
        if op == "min":  # min(a, m) in [lo, hi]: empty if m < lo; a ≥ lo if m ≤ hi; else a in [lo, hi]
            empty = (m < lo) | np.isnan(m)
            return np.where(empty, np.inf, lo), np.where(empty, -np.inf, np.where(m <= hi, np.inf, hi))
        empty = (m > hi) | np.isnan(m)
        return np.where(empty, np.inf, np.where(m >= lo, -np.inf, lo)), np.where(empty, -np.inf, hi)
    c = vals[0]
    if op == "+":
        return lo - c, hi - c
    if op == "-":
        return (lo + c, hi + c) if step.slot == 0 else (c - hi, c - lo)
    if op == "*":
        return scale(lo, hi, c)
    if op == "/" and step.slot == 0:
        return scale(lo, hi, 1.0 / np.asarray(c, dtype=float))  # 1 / ±0 = ±inf: division by zero is handled there
    if op == "/":  # c / a with a of known sign s: c/a ≥ lo and c/a ≤ hi, both linear in a once multiplied out
        if step.sign > 0:
            a1, b1 = scale(-np.inf, c, lo)  # lo·a ≤ c
            a2, b2 = scale(c, np.inf, hi)  # hi·a ≥ c
        else:
            a1, b1 = scale(c, np.inf, lo)  # lo·a ≥ c
            a2, b2 = scale(-np.inf, c, hi)  # hi·a ≤ c
        return np.maximum(a1, a2), np.minimum(b1, b2)
    # powers: a ** c = exp(c log a) with a > 0, so log a lies in the scaled log-interval
    log_lo, log_hi = np.log(np.maximum(lo, 0.0)), np.log(np.maximum(hi, 0.0))
    if step.slot == 0:
        a, b = scale(log_lo, log_hi, c)
        return np.exp(a), np.exp(b)
    return scale(log_lo, log_hi, np.log(c))


def scale(lo: Any, hi: Any, c: Any) -> tuple[np.ndarray, np.ndarray]:
    """The interval of a such that a·c lies in [lo, hi], for c evaluated per sample (any sign, 0 or ±inf)."""
    lo, hi, c = (np.asarray(x, dtype=float) for x in (lo, hi, c))
    q_lo, q_hi = lo / c, hi / c
    pos = c > 0
    new_lo, new_hi = np.where(pos, q_lo, q_hi), np.where(pos, q_hi, q_lo)
    zero = c == 0
    if np.any(zero):  # a·0 = 0 whatever a is: everything or nothing
        inside = (lo <= 0) & (hi >= 0)
        new_lo = np.where(zero, np.where(inside, -np.inf, np.inf), new_lo)
        new_hi = np.where(zero, np.where(inside, np.inf, -np.inf), new_hi)
    unbounded = np.isinf(c)
    if np.any(unbounded):  # a·(±inf) is ±inf by the sign of a (NaN at a = 0)
        up = np.isposinf(hi) & (lo < np.inf)  # +inf lies in [lo, hi]
        down = np.isneginf(lo) & (hi > -np.inf)  # -inf does
        s = np.sign(c)
        pos_a = np.where(s > 0, up, down)  # a > 0 gives s·inf
        neg_a = np.where(s > 0, down, up)
        u_lo = np.where(neg_a, -np.inf, np.where(pos_a, TINY, np.inf))
        u_hi = np.where(pos_a, np.inf, np.where(neg_a, -TINY, -np.inf))
        new_lo, new_hi = np.where(unbounded, u_lo, new_lo), np.where(unbounded, u_hi, new_hi)
    return new_lo, new_hi
