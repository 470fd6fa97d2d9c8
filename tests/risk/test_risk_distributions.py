"""Distributions: draws match scipy's law (mean within 5 standard errors, quantiles within tolerance)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from redline.risk import loads_model
from redline.risk.compile import compile_model
from redline.risk.montecarlo import chunk_rng
from redline.risk.sampling import from_normal

N = 200_000

CASES = [
    ("{dist: normal, mean: 3, sd: 2}", stats.norm(3, 2)),
    ("{dist: normal, ci90: [-1, 3]}", stats.norm(1, 2 / 1.6448536269514722)),
    ("{dist: lognormal, ci90: [1, 100]}", stats.lognorm(s=np.log(100) / 3.289707253902945, scale=10)),
    ("{dist: lognormal, mu: 0.5, sigma: 0.3}", stats.lognorm(s=0.3, scale=np.exp(0.5))),
    ("{dist: beta, a: 2, b: 50}", stats.beta(2, 50)),
    ("{dist: beta, a: 0.5, b: 0.7}", stats.beta(0.5, 0.7)),
    ("{dist: uniform, low: -2, high: 5}", stats.uniform(-2, 7)),
    ("{dist: triangular, low: 0, mode: 1, high: 4}", stats.triang(0.25, 0, 4)),
    ("{dist: pert, low: 0, mode: 1, high: 4}", stats.beta(1 + 4 * 1 / 4, 1 + 4 * 3 / 4, loc=0, scale=4)),
    ("{dist: gamma, shape: 2, scale: 3}", stats.gamma(2, scale=3)),
    ("{dist: gamma, shape: 3, rate: 2}", stats.gamma(3, scale=0.5)),
    ("{dist: gamma, shape: 0.7, scale: 1}", stats.gamma(0.7)),
    ("{dist: gamma, shape: 1.3, scale: 1}", stats.gamma(1.3)),
    ("{dist: gamma, shape: 50, scale: 0.1}", stats.gamma(50, scale=0.1)),
    ("{dist: beta, a: 7.5, b: 1.2}", stats.beta(7.5, 1.2)),
    ("{dist: beta, a: 3, b: 0.4}", stats.beta(3, 0.4)),
    ("{dist: beta, a: 0.6, b: 4}", stats.beta(0.6, 4)),
    ("{dist: beta, a: 6, b: 2.5}", stats.beta(6, 2.5)),
    ("{dist: beta, a: 1, b: 1}", stats.beta(1, 1)),
    ("{dist: poisson, lam: 3.5}", stats.poisson(3.5)),
    ("{dist: bernoulli, p: 0.2}", stats.bernoulli(0.2)),
    ("{dist: normal, mean: 0, sd: 1, lower: -0.5, upper: 2}", stats.truncnorm(-0.5, 2)),
    ("{dist: lognormal, mu: 0, sigma: 1, upper: 3}", None),
]


def draws(spec: str, n: int = N, seed: int = 3) -> np.ndarray:
    model = loads_model(f"parameters:\n  x: {spec}\noutcome: x")
    return np.array(compile_model(model).kernel(n).run(chunk_rng(seed, (0,)), n))


@pytest.mark.parametrize(("spec", "law"), CASES)
def test_draws_follow_the_law(spec, law):
    x = draws(spec)
    if law is None:  # lognormal truncated above 3
        law = stats.truncnorm(-np.inf, np.log(3))
        x = np.log(x)
        assert x.max() <= np.log(3)
    se = law.std() / np.sqrt(N)
    assert abs(x.mean() - law.mean()) < 5 * se
    for q in (0.1, 0.5, 0.9):
        # the empirical CDF at the true quantile is within 5 binomial standard errors of the true CDF there
        cut = law.ppf(q)
        assert abs(np.mean(x <= cut) - law.cdf(cut)) < 5 * np.sqrt(q * (1 - q) / N)


@pytest.mark.parametrize("spec", ["{dist: gamma, shape: 1.3, scale: 1}", "{dist: gamma, shape: 50, scale: 1}",
                                  "{dist: gamma, shape: 1, scale: 1}", "{dist: beta, a: 2, b: 50}",
                                  "{dist: beta, a: 3, b: 0.4}", "{dist: beta, a: 0.6, b: 4}",
                                  "{dist: beta, a: 6, b: 2.5}"])
def test_fast_gamma_paths_pass_kolmogorov_smirnov(spec):
    x = draws(spec, 100_000, seed=8)
    law = dict(CASES).get(spec) or (stats.gamma(50) if "50, scale" in spec else stats.gamma(1))
    assert stats.kstest(x, law.cdf).pvalue > 1e-3


def test_point_mass_and_mixture():
    assert np.all(draws("{dist: point, value: 4.5}", 1000) == 4.5)
    x = draws("{dist: mixture, weights: [1, 3], components: [{dist: point, value: 0}, "
              "{dist: normal, mean: 10, sd: 1}]}")
    share = np.mean(x == 0)
    assert abs(share - 0.25) < 5 * np.sqrt(0.25 * 0.75 / N)
    assert abs(x[x != 0].mean() - 10) < 0.02


def test_mixture_components_may_read_other_parameters():
    m = loads_model("parameters:\n  c: {dist: uniform, low: 5, high: 6}\n"
                    "  x: {dist: mixture, components: [{dist: normal, mean: c, sd: 0.0001}, {dist: point, value: -1}]}\n"
                    "outcome: x")
    k = compile_model(m).kernel(10_000)
    x = np.array(k.run(chunk_rng(0, (0,)), 10_000))
    c = k.buffers["c"]
    picked = x != -1
    assert 0.45 < picked.mean() < 0.55
    np.testing.assert_allclose(x[picked], c[picked], atol=0.001)


@pytest.mark.parametrize("spec", [s for s, law in CASES if law is not None and "lower" not in s])
def test_inverse_cdf_maps_normals_onto_the_law(spec):
    model = loads_model(f"parameters:\n  x: {spec}\noutcome: x")
    dist = model.parameters["x"].dist
    params = {k: v.value for k, v in dist.params.items()}
    z = np.array([-3.0, -1.0, 0.0, 0.5, 2.0, 6.0])
    law = dict(CASES)[spec]
    got = from_normal(dist, params, z)
    want = np.where(z > 0, law.isf(stats.norm.sf(z)), law.ppf(stats.norm.cdf(z)))
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_nested_mixtures_and_truncated_components_keep_their_parameters():
    # a component that is itself a mixture keeps its components' parameters, and a component's own
    # lower/upper bounds truncate it (both were lost one level down)
    x = draws("{dist: mixture, weights: [1, 1], components: [{dist: normal, mean: 0, sd: 1, lower: 0}, "
              "{dist: mixture, components: [{dist: point, value: 10}, {dist: uniform, low: 20, high: 21}]}]}")
    first = x[x < 5]
    assert first.min() >= 0 and abs(first.size / N - 0.5) < 0.01
    assert abs(first.mean() - stats.truncnorm(0, np.inf).mean()) < 0.01
    assert abs(np.mean(x == 10) - 0.25) < 0.01 and np.all((x[x > 15] >= 20) & (x[x > 15] <= 21))
