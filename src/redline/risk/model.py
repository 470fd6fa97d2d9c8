"""Risk models: named uncertain parameters and an outcome expression, from YAML or Python.

Loading validates everything a run would trip over (unknown distributions and names,
invalid parameters, cycles) and raises :class:`~redline.core.errors.ModelError` with the
line and field, so a model that loads can always be run.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from redline.core import safe_yaml
from redline.core.canonical import digest
from redline.core.errors import InvalidInput, ModelError
from redline.risk.distributions import CONTINUOUS, Dist, DistError, make
from redline.risk.expr import FUNCTIONS, ExprError, Node, fold, parse, to_text

KINDS = ("aleatory", "epistemic")
TOP_KEYS = {"name", "description", "parameters", "outcome", "unit"}
PARAM_KEYS = {"dist", "kind", "lower", "upper"}
#: A risk model is a page of YAML; anything far larger, or built from many aliases, is refused unread.
MODEL_YAML_LIMITS = {"max_bytes": 1024 * 1024, "max_aliases": 50, "max_nodes": 100_000, "max_depth": 50}


@dataclass(frozen=True)
class Parameter:
    """One model parameter: a distribution (``dist``) or a deterministic expression (``expr``)."""

    name: str
    kind: str
    dist: Dist | None = None
    expr: Node | None = None
    line: int = 0

    def names(self) -> set[str]:
        """The other parameters this one reads."""
        return self.dist.names() if self.dist is not None else (self.expr.names() if self.expr else set())


@dataclass(frozen=True)
class RiskModel:
    """A validated model; ``order`` lists parameters so that each comes after what it reads."""

    name: str
    parameters: dict[str, Parameter]
    outcome: Node
    order: tuple[str, ...]
    description: str = ""
    unit: str = ""

    def describe(self) -> dict[str, Any]:
        """A JSON-able, canonical description: what :attr:`hash` covers."""
        params = {}
        for n in self.order:
            p = self.parameters[n]
            params[n] = ({**p.dist.describe(), "kind": p.kind} if p.dist is not None
                         else {"expr": to_text(p.expr) if p.expr else "", "kind": p.kind})
        return {"name": self.name, "parameters": params, "outcome": to_text(self.outcome), "unit": self.unit}

    @property
    def hash(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`describe`; two equal models hash alike."""
        return digest(self.describe())

    @property
    def epistemic(self) -> tuple[str, ...]:
        """Names of parameters drawn in the outer loop of a two-level run."""
        return tuple(n for n in self.order if self.parameters[n].kind == "epistemic")


class _Lines:
    """Maps a path of keys to the 1-based line where it was written."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[tuple[Any, ...], int] = {}

    def walk(self, node: yaml.Node, path: tuple[Any, ...] = ()) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                self.walk(v, (*path, k.value))
                self.lines[(*path, k.value)] = k.start_mark.line + 1  # the key's line, not its value's
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self.walk(v, (*path, i))

    def error(self, path: tuple[Any, ...], message: str) -> ModelError:
        line = 0
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                line = self.lines[path[:cut]]
                break
        where = f"{self.source}:{line}: " if line else f"{self.source}: "
        fieldname = ".".join(str(p) for p in path) or "(model)"
        return ModelError(f"{where}{fieldname}", message)


def load_model(path: str | Path) -> RiskModel:
    """Read and validate a YAML model file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(p, f"cannot read the model: {exc.strerror or exc}") from None
    return loads_model(text, source=str(p))


def loads_model(text: str, source: str = "<model>") -> RiskModel:
    """Parse and validate a model written in YAML; line numbers in errors refer to ``text``."""
    lines = _Lines(source)
    try:
        # safe_yaml checks the limits (and builds the value) before the composer below sees the text.
        data = safe_yaml.load(text, source=source, **MODEL_YAML_LIMITS)
    except InvalidInput as exc:
        found = re.search(r"\(line (\d+), column \d+\)$", exc.message)
        problem = exc.message.removeprefix(f"{source}: ")
        problem = problem[: found.start()].rstrip() if found else problem
        line = f"{found.group(1)}: " if found else " "
        raise ModelError(f"{source}:{line}not valid YAML: {problem}") from None
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if node is not None:
        lines.walk(node)
    return _build(data, lines)


def model_from_dict(data: Mapping[str, Any], source: str = "<model>") -> RiskModel:
    """Validate a model given as Python data with the same shape as the YAML format."""
    return _build(data, _Lines(source))


def _build(data: Any, lines: _Lines) -> RiskModel:
    if not isinstance(data, Mapping):
        raise lines.error((), "a model must be a mapping with 'name', 'parameters' and 'outcome'")
    for key in data:
        if key not in TOP_KEYS:
            raise lines.error((key,), f"unknown key (expected one of {', '.join(sorted(TOP_KEYS))})")
    for key in ("parameters", "outcome"):
        if key not in data:
            raise lines.error((), f"missing '{key}'")
    raw_params = data["parameters"]
    if not isinstance(raw_params, Mapping) or not raw_params:
        raise lines.error(("parameters",), "must map parameter names to distributions")
    params: dict[str, Parameter] = {}
    for name, spec in raw_params.items():
        path = ("parameters", name)
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
            raise lines.error(path, f"'{name}' is not a valid parameter name")
        params[name] = _parameter(name, spec, path, lines)
    try:
        outcome = fold(parse(data["outcome"]))
    except ExprError as exc:
        raise lines.error(("outcome",), str(exc)) from None
    for name in sorted(outcome.names() - set(params)):
        raise lines.error(("outcome",), f"unknown name '{name}'")
    order = _order(params, lines)
    _check_kinds(params, order, lines)
    return RiskModel(str(data.get("name", "unnamed")), params, outcome, order,
                     str(data.get("description", "") or ""), str(data.get("unit", "") or ""))


def _parameter(name: str, spec: Any, path: tuple[Any, ...], lines: _Lines) -> Parameter:
    line = lines.lines.get(path, 0)
    if isinstance(spec, (str, int, float)) and not isinstance(spec, bool):
        try:
            return Parameter(name, "derived", expr=fold(parse(spec)), line=line)
        except ExprError as exc:
            raise lines.error(path, str(exc)) from None
    if not isinstance(spec, Mapping) or "dist" not in spec:
        raise lines.error(path, "must be a number, an expression, or a mapping with 'dist'")
    kind = spec.get("kind", "aleatory")
    if kind not in KINDS:
        raise lines.error((*path, "kind"), f"kind must be 'aleatory' or 'epistemic', not '{kind}'")
    return Parameter(name, kind, dist=_dist(spec, path, lines, top=True), line=line)


def _dist(spec: Any, path: tuple[Any, ...], lines: _Lines, top: bool = False) -> Dist:
    if not isinstance(spec, Mapping) or "dist" not in spec:
        raise lines.error(path, "must be a mapping with 'dist'")
    kind = spec["dist"]
    if not isinstance(kind, str):
        raise lines.error((*path, "dist"), "must be a distribution name")
    raw = {k: v for k, v in spec.items() if k not in PARAM_KEYS}
    if not top and "kind" in spec:
        raise lines.error((*path, "kind"), "only a top-level parameter has a kind")

    def component(sub: Any, i: int) -> Dist:
        return _dist(sub, (*path, "components", i), lines)

    try:
        dist = make(kind, raw, component)
        bounds = [_bound(spec, k) for k in ("lower", "upper")]
    except DistError as exc:
        raise lines.error((*path, exc.field), str(exc)) from None
    if bounds[0] is not None or bounds[1] is not None:
        if dist.kind not in CONTINUOUS:
            raise lines.error((*path, "lower" if bounds[0] else "upper"),
                              f"truncation needs a continuous distribution, not {dist.kind}")
        if bounds[0] and bounds[1] and bounds[0].op == bounds[1].op == "const" \
                and not bounds[0].value < bounds[1].value:
            raise lines.error((*path, "upper"), "upper must be greater than lower")
        dist = Dist(dist.kind, dist.params, dist.components, dist.weights, bounds[0], bounds[1])
    return dist


def _bound(spec: Mapping[str, Any], key: str) -> Node | None:
    if key not in spec or spec[key] is None:
        return None
    try:
        return fold(parse(spec[key]))
    except ExprError as exc:
        raise DistError(key, str(exc)) from None


def _order(params: dict[str, Parameter], lines: _Lines) -> tuple[str, ...]:
    for name, p in params.items():
        for dep in sorted(p.names() - set(params)):
            raise lines.error(("parameters", name), f"unknown name '{dep}'")
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(n: str, stack: list[str]) -> None:
        if state.get(n) == 2:
            return
        if state.get(n) == 1:
            cycle = stack[stack.index(n):] + [n]
            raise lines.error(("parameters", cycle[0]), f"cycle: {' -> '.join(cycle)}")
        state[n] = 1
        for dep in sorted(params[n].names()):
            visit(dep, [*stack, n])
        state[n] = 2
        done.append(n)

    for n in params:
        visit(n, [])
    return tuple(done)


def _check_kinds(params: dict[str, Parameter], order: tuple[str, ...], lines: _Lines) -> None:
    """Derived values are epistemic when all they read is; an epistemic draw may not read an aleatory one."""
    for n in order:
        p = params[n]
        deps = p.names()
        aleatory = [d for d in sorted(deps) if params[d].kind == "aleatory"]
        if p.kind == "derived":  # a constant is epistemic too: it stays out of the inner draws
            params[n] = Parameter(n, "aleatory" if aleatory else "epistemic", p.dist, p.expr, p.line)
        elif p.kind == "epistemic" and aleatory:
            raise lines.error(("parameters", n), f"an epistemic parameter cannot depend on aleatory '{aleatory[0]}'")
