"""Compile a :class:`~redline.risk.model.RiskModel` into vectorised numpy steps over reusable buffers.

Each parameter is drawn once per chunk into its own buffer (so a parameter used twice is
the same draw), expressions run as ufuncs with ``out=``, and nothing is allocated per chunk
on the fast path. A :class:`Kernel` owns one worker's buffers. Draws come from a random
generator, from standard normals (importance sampling) or from uniforms through the inverse
CDF (randomised quasi-Monte Carlo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.risk.distributions import Dist
from redline.risk.expr import NUMPY_OPS, Node
from redline.risk.inverse import from_uniform
from redline.risk.model import RiskModel
from redline.risk.sampling import draw, from_normal

Ref = tuple[str, Any]  # ("buf", key) or ("const", value)
Views = dict[str, np.ndarray]


@dataclass
class _Builder:
    shapes: dict[str, bool]  # buffer key -> True when it is an outer-loop (epistemic) buffer
    steps: list[tuple[str, Callable[..., None]]]  # (destination buffer, step)
    outer: set[str]
    count: int = 0

    def temp(self, outer: bool) -> str:
        self.count += 1
        key = f"_t{self.count}"
        self.shapes[key] = outer
        return key

    def expr(self, node: Node) -> Ref:
        """Emit steps computing ``node``; return where its value lives."""
        if node.op == "const":
            return ("const", node.value)
        if node.op == "name":
            return ("buf", node.name)
        args = [self.expr(a) for a in node.args]
        dst = self.temp(outer=node.names() <= self.outer)
        op = node.op
        if op in ("min", "max"):
            fn = np.minimum if op == "min" else np.maximum

            def step(v: Views, a: list[Ref] = args, d: str = dst) -> None:
                fn(_get(v, a[0]), _get(v, a[1]), out=v[d])
                for extra in a[2:]:
                    fn(v[d], _get(v, extra), out=v[d])
        elif op == "where":

            def step(v: Views, a: list[Ref] = args, d: str = dst) -> None:
                cond = _get(v, a[0])
                np.copyto(v[d], _get(v, a[2]))
                np.copyto(v[d], np.broadcast_to(_get(v, a[1]), v[d].shape), where=np.asarray(cond) != 0)
        else:
            fn = NUMPY_OPS[op]

            def step(v: Views, a: list[Ref] = args, d: str = dst, f: Any = fn) -> None:
                f(*(_get(v, x) for x in a), out=v[d])
        self.steps.append((dst, step))
        return ("buf", dst)


def _get(v: Views, ref: Ref) -> Any:
    return v[ref[1]] if ref[0] == "buf" else ref[1]


@dataclass
class _DistRefs:
    params: dict[str, Ref]
    sub: list[_DistRefs]
    bounds: tuple[Ref | None, Ref | None]

    def resolve(self, v: Views) -> tuple[dict[str, Any], list[dict[str, Any]] | None, tuple[Any, Any] | None]:
        """(evaluated parameters, evaluated components of a mixture, truncation bounds or None)."""
        p = {k: _get(v, r) for k, r in self.params.items()}
        sub = [s.component(v) for s in self.sub] if self.sub else None
        lo, hi = (None if r is None else _get(v, r) for r in self.bounds)
        return p, sub, (None if lo is None and hi is None else (lo, hi))

    def component(self, v: Views) -> dict[str, Any]:
        """A mixture component's evaluated parameters, with its own components and bounds (see sampling.split)."""
        p, sub, bounds = self.resolve(v)
        if sub is not None:
            p["components"] = sub
        if bounds is not None:
            p["bounds"] = bounds
        return p


@dataclass
class Program:
    """The compiled steps of a model; ``outer`` names the buffers drawn once per outer row.

    ``steps[:params]`` fill the parameters' buffers; the rest compute the outcome.
    """

    model: RiskModel
    steps: list[tuple[str, Any]]  # ("draw", (name, dist, refs)), ("copy", (name, ref)) or ("run", (dst, step))
    outcome: Ref
    shapes: dict[str, bool]
    outer: set[str]
    params: int = 0

    def refs(self, name: str) -> _DistRefs:
        """Where the evaluated parameters of distribution ``name`` live (to resolve them against views)."""
        for kind, item in self.steps:
            if kind == "draw" and item[0] == name:
                return item[2]
        raise KeyError(name)

    def kernel(self, rows: int, cols: int | None = None) -> Kernel:
        """Buffers for chunks of ``rows`` samples (or ``rows`` × ``cols`` in a two-level run)."""
        return Kernel(self, rows, cols)


def compile_model(model: RiskModel, two_level: bool = False) -> Program:
    """Compile ``model``; with ``two_level`` epistemic values get one buffer entry per outer row."""
    outer = set(model.epistemic) if two_level else set()
    shapes = {n: n in outer for n in model.order}
    b = _Builder(shapes, [], outer)
    steps: list[tuple[str, Any]] = []
    for name in model.order:
        p = model.parameters[name]
        mark = len(b.steps)
        if p.dist is not None:
            refs = _dist_refs(p.dist, b)
            steps.extend(("run", s) for s in b.steps[mark:])
            steps.append(("draw", (name, p.dist, refs)))
        else:
            ref = b.expr(p.expr) if p.expr is not None else ("const", 0.0)
            steps.extend(("run", s) for s in b.steps[mark:])
            steps.append(("copy", (name, ref)))
    params = len(steps)
    mark = len(b.steps)
    out = b.expr(model.outcome)
    steps.extend(("run", s) for s in b.steps[mark:])
    return Program(model, steps, out, shapes, outer, params)


def _dist_refs(dist: Dist, b: _Builder) -> _DistRefs:
    params = {k: b.expr(n) for k, n in dist.params.items()}
    bounds = tuple(None if n is None else b.expr(n) for n in (dist.lower, dist.upper))
    return _DistRefs(params, [_dist_refs(c, b) for c in dist.components], bounds)  # type: ignore[arg-type]


class Kernel:
    """One worker's buffers for a :class:`Program`; :meth:`run` evaluates a chunk."""

    def __init__(self, program: Program, rows: int, cols: int | None = None) -> None:
        self.program = program
        self.rows = rows
        full = (rows,) if cols is None else (rows, cols)
        narrow = (rows,) if cols is None else (rows, 1)
        self.full = full
        self.buffers = {k: np.empty(narrow if is_outer else full) for k, is_outer in program.shapes.items()}

    def fill(self, rng: np.random.Generator | None, n: int, z: dict[str, np.ndarray] | None = None,
             cols: int | None = None, keep_outer: bool = False, u: dict[str, np.ndarray] | None = None,
             skip: frozenset[str] = frozenset(), outcome: bool = False) -> Views:
        """Fill the parameters' buffers for ``n`` rows and return views of them (see :meth:`run`).

        ``u`` maps parameter names to uniforms on (0, 1) mapped through the inverse CDF (they
        broadcast against the buffer, so inner points can be shared by every outer row);
        parameters in ``skip`` are not drawn at all (conditional Monte Carlo integrates them out).
        """
        shapes = self.program.shapes
        v = {k: buf[:n] if cols is None or shapes[k] else buf[:n, :cols] for k, buf in self.buffers.items()}
        steps = self.program.steps if outcome else self.program.steps[:self.program.params]
        with np.errstate(all="ignore"):
            for kind, item in steps:
                if keep_outer and shapes[item[0]]:
                    continue
                if kind == "run":
                    item[1](v)
                elif kind == "draw":
                    name, dist, refs = item
                    if name in skip:
                        continue
                    p, sub, bounds = refs.resolve(v)
                    if u is not None and name in u:
                        v[name][...] = from_uniform(dist, p, u[name], bounds, sub)
                    elif z is not None and name in z:
                        v[name][...] = from_normal(dist, p, z[name], bounds, sub)
                    else:
                        draw(dist, p, rng, v[name], sub, bounds)  # type: ignore[arg-type]
                else:
                    name, ref = item
                    v[name][...] = _get(v, ref)
        return v

    def run(self, rng: np.random.Generator | None, n: int, z: dict[str, np.ndarray] | None = None,
            cols: int | None = None, keep_outer: bool = False, u: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Evaluate ``n`` rows and return the outcome (a view into this kernel's buffers, or a constant).

        ``z`` maps parameter names to standard normal values used instead of random draws
        (importance sampling transforms them through the inverse CDF); ``u`` does the same with
        uniforms (randomised quasi-Monte Carlo). In a two-level kernel, ``cols`` evaluates only
        the first ``cols`` inner draws, and ``keep_outer`` keeps the epistemic values of the
        previous call, so one outer draw can span several chunks.
        """
        v = self.fill(rng, n, z, cols, keep_outer, u, outcome=True)
        out = _get(v, self.program.outcome)
        shape = (n,) + self.full[1:] if cols is None else (n, cols)
        return out if np.shape(out) == shape else np.broadcast_to(out, shape)
