"""Randomised QMC and conditional Monte Carlo: inverse CDFs, closed forms, calibration, fallbacks, precision."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from redline.risk import (
    exceedance_curve,
    loads_model,
    run_importance,
    run_model,
    run_naive,
    run_rqmc,
    run_two_level_rqmc,
)
from redline.risk.compile import compile_model
from redline.risk.conditional import candidates
from redline.risk.inverse import from_uniform
from redline.risk.qmc import coordinates
from redline.risk.survival import interval_probability

S = math.hypot(0.8, 1.2)
# a * b with a, b lognormal is lognormal: log(ab) ~ N(3, 0.8² + 1.2²)
PRODUCT = ("name: product\nparameters:\n  a: {dist: lognormal, mu: 1, sigma: 0.8}\n"
           "  b: {dist: lognormal, mu: 2, sigma: 1.2}\noutcome: a * b")
# the tail of a mixture is the weighted sum of its components' tails
MIXTURE = ("name: mix\nparameters:\n  x:\n    dist: mixture\n    weights: [0.7, 0.3]\n    components:\n"
           "      - {dist: lognormal, mu: 0, sigma: 0.5}\n      - {dist: lognormal, mu: 2, sigma: 1}\noutcome: x")


def product_tail(t: float) -> float:
    return float(stats.norm.sf((math.log(t) - 3) / S))


def mixture_tail(t: float) -> float:
    return float(0.7 * stats.norm.sf(math.log(t) / 0.5) + 0.3 * stats.norm.sf(math.log(t) - 2))


# --- inverse CDFs and closed-form probabilities -------------------------------------------------

LAWS = [
    ("{dist: normal, mean: 3, sd: 2}", stats.norm(3, 2)),
    ("{dist: lognormal, mu: 0.5, sigma: 0.3}", stats.lognorm(s=0.3, scale=np.exp(0.5))),
    ("{dist: beta, a: 2, b: 50}", stats.beta(2, 50)),
    ("{dist: beta, a: 0.5, b: 0.7}", stats.beta(0.5, 0.7)),
    ("{dist: uniform, low: -2, high: 5}", stats.uniform(-2, 7)),
    ("{dist: triangular, low: 0, mode: 1, high: 4}", stats.triang(0.25, 0, 4)),
    ("{dist: triangular, low: 0, mode: 0, high: 4}", stats.triang(0.0, 0, 4)),
    ("{dist: pert, low: 0, mode: 1, high: 4}", stats.beta(2, 4, loc=0, scale=4)),
    ("{dist: gamma, shape: 0.7, scale: 2}", stats.gamma(0.7, scale=2)),
    ("{dist: poisson, lam: 3.5}", stats.poisson(3.5)),
    ("{dist: bernoulli, p: 0.2}", stats.bernoulli(0.2)),
    ("{dist: normal, mean: 0, sd: 1, lower: -0.5, upper: 2}", stats.truncnorm(-0.5, 2)),
]
U = np.array([1e-12, 0.001, 0.1, 0.37, 0.5, 0.8, 0.999, 1 - 1e-9])


def _dist(spec: str):
    model = loads_model(f"parameters:\n  x: {spec}\noutcome: x")
    d = model.parameters["x"].dist
    return d, {k: v.value for k, v in d.params.items()}, (
        None if d.lower is None and d.upper is None else
        (None if d.lower is None else d.lower.value, None if d.upper is None else d.upper.value))


@pytest.mark.parametrize(("spec", "law"), LAWS)
def test_inverse_cdf_is_the_quantile_function(spec, law):
    d, p, bounds = _dist(spec)
    got = from_uniform(d, p, U, bounds)
    want = law.ppf(U)
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-12)


def test_mixture_inverse_picks_by_weight_and_rescales_even_when_nested():
    d, _, _ = _dist("{dist: mixture, weights: [1, 3], components: [{dist: normal, mean: 0, sd: 1, lower: 0}, "
                    "{dist: mixture, components: [{dist: point, value: 10}, {dist: uniform, low: 20, high: 22}]}]}")
    m = loads_model("parameters:\n  x: {dist: mixture, weights: [1, 3], components: [{dist: normal, mean: 0, "
                    "sd: 1, lower: 0}, {dist: mixture, components: [{dist: point, value: 10}, "
                    "{dist: uniform, low: 20, high: 22}]}]}\noutcome: x")
    k = compile_model(m).kernel(5)
    u = np.array([0.125, 0.3, 0.5, 0.75, 0.9375])
    x = np.array(k.run(None, 5, u={"x": u}))
    # [0, .25): the truncated normal at u/0.25; [.25, .625): the point 10; [.625, 1): uniform on [20, 22]
    np.testing.assert_allclose(x, [stats.truncnorm(0, np.inf).ppf(0.5), 10, 10, 20 + 2 * (0.75 - 0.625) / 0.375,
                                   20 + 2 * (0.9375 - 0.625) / 0.375])
    assert d.kind == "mixture"


@pytest.mark.parametrize(("spec", "law"), LAWS[:9])
def test_interval_probability_matches_scipy_far_into_the_tails(spec, law):
    d, p, bounds = _dist(spec)
    lo = law.ppf([0.2, 1e-9, 0.5, 0.999999])
    hi = law.ppf([0.7, 0.3, 1 - 1e-12, 1.0])
    got = interval_probability(d, p, lo, hi, bounds)
    want = np.where(lo > law.median(), law.sf(lo) - law.sf(hi), law.cdf(hi) - law.cdf(lo))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-300)
    assert got[2] == pytest.approx(0.5 - 1e-12, abs=1e-9) and got[3] == pytest.approx(1e-6, rel=1e-5)
    assert np.all(interval_probability(d, p, hi, lo, bounds)[:2] == 0)  # lo > hi: empty


def test_interval_probability_of_truncated_laws_and_mixtures_with_atoms():
    d, p, bounds = _dist("{dist: normal, mean: 0, sd: 1, lower: -0.5, upper: 2}")
    law = stats.truncnorm(-0.5, 2)
    assert interval_probability(d, p, 1.0, np.inf, bounds) == pytest.approx(law.sf(1.0), rel=1e-12)
    m = loads_model("parameters:\n  x: {dist: mixture, weights: [0.9, 0.1], components: [{dist: point, value: 0}, "
                    "{dist: lognormal, mu: 0, sigma: 1}]}\noutcome: x")
    x = m.parameters["x"].dist
    sub = [{"value": 0.0}, {"mu": 0.0, "sigma": 1.0}]
    assert interval_probability(x, {}, 0.0, np.inf, None, sub) == pytest.approx(1.0)  # the atom at 0 counts
    assert interval_probability(x, {}, 2.0, np.inf, None, sub) == pytest.approx(0.1 * stats.norm.sf(np.log(2)))


# --- detecting what can be integrated out -------------------------------------------------------

def test_conditioning_candidates_and_the_reasons_for_the_others():
    m = loads_model("parameters:\n  a: {dist: lognormal, mu: 0, sigma: 1}\n  b: {dist: normal, mean: 0, sd: 1}\n"
                    "  k: {dist: poisson, lam: 2}\n  m: {dist: normal, mean: a, sd: 1}\n  c: {dist: uniform, low: 1, "
                    "high: 2}\n  e: {dist: gamma, shape: 2, scale: 1}\n  ab: a * b\n"
                    "outcome: (ab + k * m) / c + abs(e) + b")
    found, why = candidates(m)
    assert [f.name for f in found] == ["m", "c"]
    text = "; ".join(why)
    assert "b appears 2 times in the outcome" in text  # once through the derived ab, once directly
    assert "a is read by m's distribution" in text
    assert "k (poisson) has no closed-form survival function" in text
    assert "e: 'abs' is not monotone" in text
    unsigned = loads_model("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\n  b: {dist: normal, mean: 0, sd: 1}\n"
                           "outcome: 1 / (a + b)")
    assert not candidates(unsigned)[0] and "sign is not known" in " ".join(candidates(unsigned)[1])


CLOSED = [
    # (outcome over a, b ~ N(0, 1) and g, h lognormal(0, 1), c ~ Bernoulli(0.3); threshold; exact P)
    ("a - 2 * b + 1", 2.0, stats.norm.sf(1 / math.sqrt(5))),
    ("g * h / h2", 5.0, stats.norm.sf(np.log(5) / math.sqrt(3))),
    ("3 / g", 2.0, stats.norm.cdf(np.log(1.5))),
    ("exp(a) ** 2", 3.0, stats.norm.sf(np.log(3) / 2)),
    ("2 ** a", 3.0, stats.norm.sf(np.log(3) / np.log(2))),
    ("sqrt(g) - log(h)", 1.0, None),
    ("min(g, 5)", 2.0, stats.norm.sf(np.log(2))),
    ("min(g, 5)", 6.0, 0.0),
    ("max(-g, -3) * -1", 2.0, stats.norm.sf(np.log(2))),  # min(g, 3) ≥ 2
    ("c * g", 2.0, 0.3 * stats.norm.sf(np.log(2))),  # a zero coefficient 70% of the time
    ("g / c", 2.0, 0.7 + 0.3 * stats.norm.sf(np.log(2))),  # g / 0 = inf: a hit
    ("-(g - 4)", 1.0, stats.norm.cdf(np.log(3))),
]
PARAMS = ("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\n  b: {dist: normal, mean: 0, sd: 1}\n"
          "  g: {dist: lognormal, mu: 0, sigma: 1}\n  h: {dist: lognormal, mu: 0, sigma: 1}\n"
          "  h2: {dist: lognormal, mu: 0, sigma: 1}\n  c: {dist: bernoulli, p: 0.3}\n")


@pytest.mark.parametrize(("outcome", "t", "exact"), CLOSED)
def test_conditioning_solves_each_operation_for_its_parameter(outcome, t, exact):
    m = loads_model(PARAMS + f"outcome: '{outcome}'")
    r = run_rqmc(m, t, samples=1 << 15, seed=3, conditional=True, workers=1)
    assert r.method == "conditional" and r.conditioned_on is not None
    if exact is None:  # no closed form: agree with a large plain run instead
        plain = run_naive(m, t, 400_000, seed=1, workers=1)
        assert abs(r.estimate - plain.estimate) < 4 * math.hypot(plain.std_error, r.std_error)
    else:
        assert abs(r.estimate - exact) <= 4 * r.std_error + 1e-12


# --- closed forms with every method, at several thresholds including rare ones -------------------

CASES = [(PRODUCT, product_tail, t) for t in (math.exp(3), math.exp(3 + 2 * S), math.exp(3 + 5 * S))] + \
        [(MIXTURE, mixture_tail, t) for t in (2.0, math.exp(4), math.exp(7))]


@pytest.mark.parametrize("method", ["naive", "importance", "rqmc", "conditional", "auto"])
@pytest.mark.parametrize(("text", "tail", "t"), CASES)
def test_closed_forms_with_every_method(text, tail, t, method):
    exact = tail(t)
    r = run_model(loads_model(text), t, samples=1 << 16, seed=2, workers=1, method=method, rare_samples=60_000)
    lo, hi = r.interval
    # the exact value lies in the reported interval, give or take two standard errors (an exact closed
    # form has none: then the two agree to rounding)
    slack = 2 * r.std_error + 1e-9 * exact
    assert lo - slack <= exact <= hi + slack, (r.method, r.estimate, exact, r.interval)
    if r.method in ("conditional", "importance"):
        assert r.rse < 0.05  # precise even at P ≈ 1e-7
    if method == "conditional" and text == MIXTURE:
        assert r.estimate == pytest.approx(exact, rel=1e-9) and r.std_error == 0  # nothing left to sample
    if method == "auto":
        assert r.method == "conditional"


# --- calibration: 95% intervals cover the exact value about 95% of the time ----------------------

SEEDS = range(200)


def _coverage(results, exact: float) -> float:
    return float(np.mean([r.interval[0] <= exact <= r.interval[1] for r in results]))


def test_naive_intervals_are_calibrated():
    m, t = loads_model(PRODUCT), math.exp(3 + S)  # P ≈ 0.16
    share = _coverage([run_naive(m, t, 1000, seed=s, workers=1) for s in SEEDS], product_tail(t))
    assert 0.91 <= share <= 0.98


def test_importance_intervals_are_calibrated():
    m, t = loads_model(PRODUCT), math.exp(3 + 4.5 * S)  # P ≈ 3.4e-6
    share = _coverage([run_importance(m, t, 6000, seed=s, stage_size=1000) for s in SEEDS], product_tail(t))
    assert 0.91 <= share <= 0.98


def test_rqmc_intervals_are_calibrated():
    m, t = loads_model(PRODUCT), math.exp(3 + S)
    share = _coverage([run_rqmc(m, t, 16 * 128, seed=s, workers=1) for s in SEEDS], product_tail(t))
    assert 0.91 <= share <= 0.98


def test_conditional_intervals_are_calibrated():
    # three lognormals: one is integrated out, two are sampled, so the error is not zero
    m = loads_model(PRODUCT.replace("outcome: a * b", "  c: {dist: lognormal, mu: 0, sigma: 0.5}\n"
                                    "outcome: a * b * c"))
    s3 = math.sqrt(0.64 + 1.44 + 0.25)
    t = math.exp(3 + 2 * s3)  # P ≈ 0.023
    exact = float(stats.norm.sf(2))
    runs = [run_rqmc(m, t, 16 * 256 + 3 * 512, seed=s, conditional=True, workers=1) for s in SEEDS]
    assert all(r.method == "conditional" for r in runs)
    assert 0.91 <= _coverage(runs, exact) <= 0.98


# --- fallbacks, reproducibility, precision -------------------------------------------------------

def test_a_model_that_cannot_be_conditioned_falls_back_to_rqmc_with_a_note():
    m = loads_model("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\noutcome: a * a")
    r = run_model(m, 1.0, samples=1 << 14, method="conditional", workers=1)
    assert r.method == "rqmc" and r.conditioned_on is None
    assert "conditioning does not apply (a appears 2 times in the outcome): fell back to rqmc" in r.notes[0]
    assert abs(r.estimate - 2 * stats.norm.sf(1)) < 4 * r.std_error
    nested = loads_model("parameters:\n  mu: {dist: normal, mean: 0, sd: 1, kind: epistemic}\n"
                         "  x: {dist: normal, mean: mu, sd: 1}\noutcome: x * x")
    r2 = run_model(nested, 1.0, samples=1 << 12, outer=20, inner=256, method="conditional", workers=1)
    assert r2.method == "two-level-rqmc" and any("fell back to rqmc" in n for n in r2.notes)


@pytest.mark.parametrize("method", ["rqmc", "conditional"])
def test_identical_whatever_the_number_of_workers(reference, method):
    runs = [run_model(reference, 1000.0, samples=40_000, seed=11, workers=w, chunk_size=1000, method=method)
            for w in (1, 2, 3)]
    assert len({(r.estimate, r.std_error, r.hits) for r in runs}) == 1 and runs[0].method == method
    other = run_model(reference, 1000.0, samples=40_000, seed=12, workers=2, method=method)
    assert other.estimate != runs[0].estimate
    two = [run_model(reference, 1000.0, samples=8192, outer=30, inner=512, seed=4, workers=w, method=method)
           for w in (1, 3)]
    assert two[0].epistemic == two[1].epistemic and two[0].estimate == two[1].estimate


def test_result_records_how_it_was_computed(reference):
    d = run_model(reference, 1000.0, samples=1 << 14, seed=5, workers=2, method="conditional").to_dict()
    assert d["method"] == "conditional" and d["conditioned_on"] == "deaths_per_success" and d["replicates"] == 16
    assert d["seed"] == 5 and d["model"]["hash"] == reference.hash and d["scipy_version"]
    assert d["samples"] == 16 * 512 + 3 * 512  # points, plus the pilot that chose the parameter
    assert coordinates(reference) == ["attempts", "p_success", "deaths_per_success"]  # model order: stable


@pytest.mark.parametrize(("method", "target"), [("conditional", 1e-5), ("rqmc", 1e-3), ("naive", 3e-3),
                                                 ("importance", 1e-2)])
def test_precision_target_is_reached(reference, method, target):
    r = run_model(reference, 1000.0, seed=1, method=method, precision=target, workers=2)
    assert r.precision_met is True and r.rse <= target and r.precision_target == target
    assert abs(r.estimate - 0.353744) < 4 * r.std_error + 1e-6


def test_precision_not_reached_within_max_samples_says_so(reference):
    r = run_model(reference, 1000.0, method="rqmc", precision=1e-5, max_samples=50_000, workers=1)
    assert r.precision_met is False and r.samples <= 50_000 and r.rse > 1e-5
    assert any("precision 1e-05 not reached" in n for n in r.notes)


def test_two_level_precision_per_outer_draw_and_overall():
    # x ~ N(mu, 1) + y: conditioning on x leaves y to sample, so each outer draw has an RQMC error
    m = loads_model("parameters:\n  mu: {dist: normal, mean: 0, sd: 0.5, kind: epistemic}\n"
                    "  x: {dist: normal, mean: mu, sd: 1}\n  y: {dist: uniform, low: 0, high: 1}\noutcome: x + y")
    r = run_two_level_rqmc(m, 1.0, outer=200, inner=512, seed=2, conditional=True, precision=1e-4, workers=2)
    assert r.method == "two-level-conditional" and r.precision_met is True and r.rse <= 1e-4
    assert r.epistemic.inner > 512  # the outer draws doubled their inner points to reach the target
    e = r.epistemic
    # P(x + y ≥ 1 | mu) = ∫ sf(1 - u - mu) du; its median sits at mu = 0 (±0.05 of mu for 200 outer draws)
    want = float(np.mean(stats.norm.sf(1 - (np.arange(10_000) + 0.5) / 10_000)))
    assert e.median == pytest.approx(want, abs=0.04)
    exact = float(np.mean(stats.norm.sf((1 - (np.arange(10_000) + 0.5) / 10_000) / math.sqrt(1.25))))
    assert abs(r.estimate - exact) < 4 * r.std_error + 1e-7


def test_auto_picks_conditioning_in_two_level_runs_and_exact_rows(reference):
    r = run_model(reference, 1e9, samples=1 << 15, outer=200, inner=1000, seed=1, workers=2)
    assert r.method == "two-level-conditional" and r.epistemic.inner == 1  # every outer draw in closed form
    assert r.epistemic.median > 0 and r.epistemic.ci90[0] > 0  # no zero quantiles at 1e9
    from redline.bench.risk import reference_tail

    assert abs(r.estimate - reference_tail(1e9)) < 4 * r.std_error


def test_conditional_curve_reaches_far_below_counting(reference):
    from redline.bench.risk import reference_tail

    grid = np.array([1e3, 1e6, 1e9, 1e11])
    c = exceedance_curve(reference, grid, samples=1 << 14, seed=1, method="auto")
    assert c.method == "conditional"
    exact = np.array([reference_tail(g) for g in grid])
    np.testing.assert_allclose(c.mean[:3], exact[:3], rtol=0.1)
    assert 0.5 < c.mean[3] / exact[3] < 2  # 4e-10 from 16,384 points: the right order, where counting sees 0
    plain = exceedance_curve(reference, grid, samples=1 << 14, seed=1, method="naive")
    assert plain.mean[-1] == 0  # counting hits sees nothing at 1e11
    band = exceedance_curve(reference, grid, outer=100, inner=500, seed=1)
    assert band.method == "conditional" and np.all(band.lo[:3] > 0) and np.all(band.lo <= band.hi)


def test_rqmc_memory_stays_bounded():
    import tracemalloc

    tracemalloc.start()
    try:
        run_rqmc(loads_model(PRODUCT), 20.0, samples=1 << 21, workers=1, chunk_size=1 << 15)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 * 2**20  # chunk buffers and one chunk of points; 2 million points would need over 48 MiB
