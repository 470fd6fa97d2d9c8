"""Models: YAML and Python give the same model; bad models name the line and the field."""

from __future__ import annotations

import numpy as np
import pytest

from redline.core.errors import InvalidInput, ModelError
from redline.risk import load_model, loads_model, model_from_dict, run_naive
from redline.risk.compile import compile_model
from redline.risk.montecarlo import chunk_rng


def test_reference_model_loads_with_kinds_and_canonical_parameters(reference):
    assert reference.order == ("attempts", "p_success", "deaths_per_success")
    assert reference.epistemic == ("attempts", "p_success")
    assert reference.parameters["deaths_per_success"].kind == "aleatory"
    mu = reference.parameters["attempts"].dist.params["mu"].value
    assert mu == pytest.approx(np.log(10))


def test_python_api_matches_yaml_and_hash_is_stable(reference):
    same = model_from_dict({
        "name": "bio-uplift-example",
        "parameters": {
            "attempts": {"dist": "lognormal", "ci90": [1, 100], "kind": "epistemic"},
            "p_success": {"dist": "beta", "a": 2, "b": 50, "kind": "epistemic"},
            "deaths_per_success": {"dist": "lognormal", "ci90": [10, 100000]},
        },
        "outcome": "attempts * p_success * deaths_per_success",
    })
    assert same.hash == reference.hash
    other = model_from_dict({"name": "x", "parameters": {"a": {"dist": "point", "value": 1}}, "outcome": "a"})
    assert other.hash != reference.hash


def test_load_model_reads_a_file(tmp_path, reference_text, reference):
    path = tmp_path / "m.yaml"
    path.write_text(reference_text)
    assert load_model(path).hash == reference.hash
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "missing.yaml")


def test_a_parameter_used_twice_is_drawn_once_per_batch():
    m = loads_model("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: (a - a) + a / a")
    out = compile_model(m).kernel(1000).run(chunk_rng(1, (0,)), 1000)
    assert np.all(out == 1.0)


def test_parameters_may_depend_on_other_parameters_and_derived_values():
    m = loads_model(
        "parameters:\n"
        "  mu: {dist: normal, mean: 10, sd: 1, kind: epistemic}\n"
        "  x: {dist: normal, mean: mu, sd: 0.001}\n"
        "  doubled: 2 * mu\n"
        "outcome: x - doubled / 2\n"
    )
    assert m.order.index("mu") < m.order.index("x")
    assert m.parameters["doubled"].kind == "epistemic"
    out = compile_model(m).kernel(5000).run(chunk_rng(1, (0,)), 5000)
    assert abs(out.mean()) < 1e-4 and out.std() == pytest.approx(0.001, rel=0.05)
    assert run_naive(m, 0.0, 10_000, workers=1).estimate == pytest.approx(0.5, abs=0.03)


BAD = [
    # (model text, line, field, message fragment)
    ("name: x\nparameters:\n  a: {dist: weibull, k: 1}\noutcome: a", 3, "parameters.a.dist", "unknown distribution"),
    ("parameters:\n  a:\n    dist: normal\n    mean: 0\n    sd: -1\noutcome: a", 5, "parameters.a.sd", "sd > 0"),
    ("parameters:\n  a:\n    dist: beta\n    a: 2\noutcome: a", 2, "parameters.a.b", "needs 'b'"),
    ("parameters:\n  a:\n    dist: lognormal\n    ci90: [5, 1]\noutcome: a", 4, "parameters.a.ci90", "low < high"),
    ("parameters:\n  a:\n    dist: lognormal\n    ci90: [0, 1]\noutcome: a", 4, "parameters.a.ci90", "positive"),
    ("parameters:\n  a:\n    dist: normal\n    mean: 0\n    sd: 1\n    kind: certain\noutcome: a", 6,
     "parameters.a.kind", "kind must be"),
    ("parameters:\n  a: {dist: normal, mean: b, sd: 1}\n  b: {dist: normal, mean: a, sd: 1}\noutcome: a", 2,
     "parameters.a", "cycle: a -> b -> a"),
    ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: a + missing", 3, "outcome", "unknown name 'missing'"),
    ("parameters:\n  a: {dist: normal, mean: nope, sd: 1}\noutcome: a", 2, "parameters.a", "unknown name 'nope'"),
    ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: open('x')", 3, "outcome", "unknown function"),
    ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: a +", 3, "outcome", "syntax error"),
    ("parameters:\n  a:\n    dist: poisson\n    lam: 2\n    upper: 5\noutcome: a", 5, "parameters.a.upper",
     "continuous"),
    ("parameters:\n  a:\n    dist: uniform\n    low: 3\n    high: 1\noutcome: a", 5, "parameters.a.high", "low < high"),
    ("parameters:\n  a:\n    dist: normal\n    mean: 0\n    sd: 1\n    shape: 2\noutcome: a", 6,
     "parameters.a.shape", "does not take"),
    ("parameters:\n  a:\n    dist: mixture\n    components:\n      - {dist: normal, mean: 0, sd: 1}\n"
     "      - {dist: beta, a: 0, b: 1}\noutcome: a", 6, "parameters.a.components.1.a", "a > 0"),
    ("parameters:\n  a:\n    dist: mixture\n    weights: [1]\n    components:\n      - {dist: point, value: 1}\n"
     "      - {dist: point, value: 2}\noutcome: a", 4, "parameters.a.weights", "one number per component"),
    ("parameters:\n  e: {dist: normal, mean: x, sd: 1, kind: epistemic}\n  x: {dist: normal, mean: 0, sd: 1}\n"
     "outcome: e", 2, "parameters.e", "cannot depend on aleatory"),
    ("parameters:\n  exp: {dist: normal, mean: 0, sd: 1}\noutcome: 1", 2, "parameters.exp", "not a valid"),
    ("parameters: {}\noutcome: 1", 1, "parameters", "must map"),
    ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: a\ncolour: red", 4, "colour", "unknown key"),
    ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\n", 1, "(model)", "missing 'outcome'"),
]


@pytest.mark.parametrize(("text", "line", "field", "fragment"), BAD)
def test_bad_models_name_line_and_field(text, line, field, fragment):
    with pytest.raises(ModelError) as info:
        loads_model(text, "bad.yaml")
    message = str(info.value)
    assert message.startswith(f"bad.yaml:{line}: {field}: "), message
    assert fragment in message
    assert isinstance(info.value, InvalidInput) and info.value.exit_code == 2


def test_invalid_yaml_names_the_line():
    with pytest.raises(ModelError, match=r"^bad.yaml:3: not valid YAML"):
        loads_model("parameters:\n  a: [1, 2\noutcome: : :\n", "bad.yaml")
