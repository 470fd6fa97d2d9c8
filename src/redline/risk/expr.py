"""Safe arithmetic expressions for risk models, parsed with :mod:`ast` against a whitelist.

An expression is parsed into a small tree of :class:`Node` tuples; nothing is ever
passed to ``eval``. Comparisons yield 1.0 / 0.0 so that they can be multiplied.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
#: Function name -> (minimum args, maximum args or None for any number).
FUNCTIONS = {
    "min": (2, None),
    "max": (2, None),
    "exp": (1, 1),
    "log": (1, 1),
    "sqrt": (1, 1),
    "abs": (1, 1),
    "where": (3, 3),
}


class ExprError(ValueError):
    """An expression is not valid; ``col`` is the 0-based column of the offending part."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Node:
    """One expression node: ``op`` is 'const', 'name', 'neg', a binary/comparison symbol or a function."""

    op: str
    args: tuple[Node, ...] = ()
    value: float = 0.0
    name: str = ""

    def names(self) -> set[str]:
        """Every parameter name the expression reads."""
        if self.op == "name":
            return {self.name}
        out: set[str] = set()
        for a in self.args:
            out |= a.names()
        return out


def parse(text: str | float | int) -> Node:
    """Parse ``text`` (or a bare number) into a :class:`Node`, refusing anything not whitelisted."""
    if isinstance(text, bool):
        raise ExprError("a boolean is not a number")
    if isinstance(text, (int, float)):
        return Node("const", value=float(text))
    if not isinstance(text, str):
        raise ExprError(f"expected an expression, got {type(text).__name__}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"syntax error in '{text}': {exc.msg}", (exc.offset or 1) - 1) from None
    return _convert(tree.body)


def _convert(n: ast.AST) -> Node:
    col = getattr(n, "col_offset", 0)
    if isinstance(n, ast.Constant):
        if isinstance(n.value, bool) or not isinstance(n.value, (int, float)):
            raise ExprError(f"only numbers are allowed as constants, not {n.value!r}", col)
        return Node("const", value=float(n.value))
    if isinstance(n, ast.Name):
        return Node("name", name=n.id)
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
        inner = _convert(n.operand)
        return Node("neg", (inner,)) if isinstance(n.op, ast.USub) else inner
    if isinstance(n, ast.BinOp) and type(n.op) in BINARY:
        return Node(BINARY[type(n.op)], (_convert(n.left), _convert(n.right)))
    if isinstance(n, ast.Compare):
        parts = [_convert(n.left), *(_convert(c) for c in n.comparators)]
        nodes = [Node(COMPARE[type(op)], (parts[i], parts[i + 1])) for i, op in enumerate(n.ops)
                 if type(op) in COMPARE or _bad(op, col)]
        out = nodes[0]
        for extra in nodes[1:]:  # a < b < c means (a < b) and (b < c)
            out = Node("*", (out, extra))
        return out
    if isinstance(n, ast.Call):
        if not isinstance(n.func, ast.Name) or n.func.id not in FUNCTIONS:
            fname = n.func.id if isinstance(n.func, ast.Name) else ast.unparse(n.func)
            raise ExprError(f"unknown function '{fname}' (allowed: {', '.join(FUNCTIONS)})", col)
        if n.keywords:
            raise ExprError(f"{n.func.id}() takes no keyword arguments", col)
        lo, hi = FUNCTIONS[n.func.id]
        if len(n.args) < lo or (hi is not None and len(n.args) > hi):
            want = f"{lo}" if lo == hi else f"at least {lo}"
            raise ExprError(f"{n.func.id}() takes {want} arguments, got {len(n.args)}", col)
        return Node(n.func.id, tuple(_convert(a) for a in n.args))
    raise ExprError(f"'{ast.unparse(n)}' is not allowed in an expression", col)


def _bad(op: ast.AST, col: int) -> bool:
    raise ExprError(f"comparison '{type(op).__name__}' is not allowed", col)


def _cmp(fn: Any) -> Any:
    return lambda a, b: np.asarray(fn(a, b), dtype=np.float64)


#: The numpy implementation of every operator; the compiler and :func:`evaluate` share it.
NUMPY_OPS: dict[str, Any] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "**": np.power,
    "neg": np.negative,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "abs": np.abs,
}


def evaluate(node: Node, env: dict[str, Any]) -> Any:
    """Evaluate ``node`` with numpy over ``env`` (allocating; the compiled path avoids that)."""
    if node.op == "const":
        return node.value
    if node.op == "name":
        return env[node.name]
    vals = [evaluate(a, env) for a in node.args]
    with np.errstate(all="ignore"):
        if node.op in ("min", "max"):
            fn = np.minimum if node.op == "min" else np.maximum
            out = vals[0]
            for v in vals[1:]:
                out = fn(out, v)
            return out
        if node.op == "where":
            return np.where(np.asarray(vals[0]) != 0, vals[1], vals[2])
        result = NUMPY_OPS[node.op](*vals)
    if node.op in COMPARE.values():
        return np.asarray(result, dtype=np.float64) if np.ndim(result) else float(result)
    return result


def fold(node: Node) -> Node:
    """Fold sub-expressions made only of constants into one constant."""
    if node.op in ("const", "name"):
        return node
    args = tuple(fold(a) for a in node.args)
    if all(a.op == "const" for a in args):
        value = float(evaluate(Node(node.op, args), {}))
        return Node("const", value=value if not math.isnan(value) else math.nan)
    return Node(node.op, args)


def to_text(node: Node) -> str:
    """Write ``node`` back as an expression (fully parenthesised; used for hashing and reports)."""
    if node.op == "const":
        return repr(node.value)
    if node.op == "name":
        return node.name
    if node.op == "neg":
        return f"(-{to_text(node.args[0])})"
    if node.op in FUNCTIONS:
        return f"{node.op}({', '.join(to_text(a) for a in node.args)})"
    return f"({to_text(node.args[0])} {node.op} {to_text(node.args[1])})"
