"""Expressions: every operator and comparison against numpy on the same draws, and the whitelist."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.risk import loads_model
from redline.risk.compile import compile_model
from redline.risk.expr import ExprError, evaluate, parse, to_text
from redline.risk.montecarlo import chunk_rng

CASES = {
    "a + b": lambda a, b: a + b,
    "a - b": lambda a, b: a - b,
    "a * b": lambda a, b: a * b,
    "a / b": lambda a, b: a / b,
    "a ** b": lambda a, b: a**b,
    "-a": lambda a, b: -a,
    "+a": lambda a, b: a,
    "a < b": lambda a, b: (a < b).astype(float),
    "a <= b": lambda a, b: (a <= b).astype(float),
    "a > b": lambda a, b: (a > b).astype(float),
    "a >= b": lambda a, b: (a >= b).astype(float),
    "a == b": lambda a, b: (a == b).astype(float),
    "a != b": lambda a, b: (a != b).astype(float),
    "0.5 < a < b": lambda a, b: ((0.5 < a) & (a < b)).astype(float),
    "min(a, b)": lambda a, b: np.minimum(a, b),
    "max(a, b, 1.5)": lambda a, b: np.maximum(np.maximum(a, b), 1.5),
    "exp(a)": lambda a, b: np.exp(a),
    "log(b)": lambda a, b: np.log(b),
    "sqrt(b)": lambda a, b: np.sqrt(b),
    "abs(a - 1)": lambda a, b: np.abs(a - 1),
    "where(a > b, a, 2 * b)": lambda a, b: np.where(a > b, a, 2 * b),
    "a * (a > 1) + b ** 2 / (1 + a)": lambda a, b: a * (a > 1) + b**2 / (1 + a),
    "2 ** 3 * a": lambda a, b: 8 * a,
}


@pytest.mark.parametrize("text", list(CASES))
def test_compiled_operator_matches_numpy_on_same_draws(text):
    model = loads_model(
        "parameters:\n  a: {dist: uniform, low: 0, high: 2}\n  b: {dist: uniform, low: 0.1, high: 2}\n"
        f"outcome: '{text}'\n"
    )
    kernel = compile_model(model).kernel(4096)
    out = np.array(kernel.run(chunk_rng(7, (0,)), 4096))
    a, b = kernel.buffers["a"], kernel.buffers["b"]
    np.testing.assert_array_equal(out, CASES[text](a, b))
    np.testing.assert_array_equal(evaluate(parse(text), {"a": a, "b": b}), CASES[text](a, b))


@pytest.mark.parametrize(
    "text",
    ['__import__("os")', "a.b", "f(1)", "a if b else c", "'x'", "lambda: 1", "a and b", "a[0]", "a % 2",
     "a // 2", "[a]", "True", "min(a)", "exp(a, b)", "exp(x=1)", "a is b", "a in b", "(a := 1)", "a(", ""],
)
def test_refuses_anything_outside_the_whitelist(text):
    with pytest.raises(ExprError):
        parse(text)


@settings(max_examples=60, deadline=None)
@given(st.recursive(
    st.one_of(st.sampled_from(["a", "b"]), st.floats(0.5, 4).map(lambda x: f"{x:.3f}")),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"({t[0]} {t[2 - 1]} {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
    ),
    max_leaves=8,
))
def test_to_text_round_trips(text):
    env = {"a": np.array([0.3, 1.7]), "b": np.array([2.5, 0.9])}
    node = parse(text)
    np.testing.assert_allclose(evaluate(parse(to_text(node)), env), evaluate(node, env))
