"""Two-level Monte Carlo and importance sampling against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from redline.risk import conditional_probabilities, loads_model, run_importance, run_model, run_two_level

# Epistemic mean mu ~ N(0, 1); aleatory x ~ N(mu, 1): P(x >= T | mu) = sf(T - mu), monotone in mu.
NESTED = ("name: nested\nparameters:\n  mu: {dist: normal, mean: 0, sd: 1, kind: epistemic}\n"
          "  x: {dist: normal, mean: mu, sd: 1}\noutcome: x")


def test_two_level_quantiles_match_closed_form():
    m = loads_model(NESTED)
    r = run_two_level(m, 1.0, outer=2000, inner=4000, seed=3, tolerance=0.3, workers=2)
    e = r.epistemic
    # quantiles of sf(1 - mu) are sf(1 - quantile of mu); allow for 2000 outer draws and inner noise
    for got, q in ((e.ci90[0], 0.05), (e.median, 0.5), (e.ci90[1], 0.95)):
        want = stats.norm.sf(1 - stats.norm.ppf(q))
        assert got == pytest.approx(want, abs=0.03)
    # overall P(x >= 1) with x ~ N(0, sqrt 2)
    assert abs(r.estimate - stats.norm.sf(1 / np.sqrt(2))) < 4 * r.std_error
    # share of outer draws with sf(1 - mu) > 0.3  <=>  mu > 1 - isf(0.3)
    assert e.share_above == pytest.approx(stats.norm.sf(1 - stats.norm.isf(0.3)), abs=0.03)
    d = r.to_dict()
    assert d["median"] == e.median and d["ci90"] == list(e.ci90) and d["share_above"] == e.share_above


def test_two_level_is_identical_whatever_the_workers(reference):
    a = conditional_probabilities(reference, 1000.0, 60, 3000, seed=9, workers=1)
    b = conditional_probabilities(reference, 1000.0, 60, 3000, seed=9, workers=2)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (60,) and 0 < a.min() < a.max() < 1


def test_epistemic_values_are_shared_within_an_outer_row():
    m = loads_model("parameters:\n  e: {dist: uniform, low: 0, high: 1, kind: epistemic}\n"
                    "  a: {dist: uniform, low: 0, high: 1}\noutcome: e")
    p = conditional_probabilities(m, 0.5, 500, 100, seed=1, workers=1)
    assert set(np.unique(p)) <= {0.0, 1.0}  # every inner draw of a row sees the same e


def test_an_outer_draw_may_span_several_chunks():
    # inner 4000 over 1000-sample chunks: each outer draw spans four chunks and keeps its mu
    m = loads_model(NESTED)
    r = run_two_level(m, 1.0, outer=800, inner=4000, seed=5, workers=2, chunk_size=1000)
    e = r.epistemic
    for got, q in ((e.ci90[0], 0.05), (e.median, 0.5), (e.ci90[1], 0.95)):
        assert got == pytest.approx(stats.norm.sf(1 - stats.norm.ppf(q)), abs=0.04)
    assert r.chunk_size == 1000
    e_only = loads_model("parameters:\n  e: {dist: uniform, low: 0, high: 1, kind: epistemic}\n"
                         "  a: {dist: uniform, low: 0, high: 1}\noutcome: e + 0 * a")
    p = conditional_probabilities(e_only, 0.5, 50, 2500, seed=1, workers=2, chunk_size=1000)
    assert set(np.unique(p)) == {0.0, 1.0}  # all 2,500 inner draws of a row see the same e


def test_spanning_chunks_give_the_same_result_whatever_the_workers(reference):
    a = conditional_probabilities(reference, 1000.0, 20, 5000, seed=2, workers=1, chunk_size=2048)
    b = conditional_probabilities(reference, 1000.0, 20, 5000, seed=2, workers=2, chunk_size=2048)
    np.testing.assert_array_equal(a, b)


def test_memory_stays_bounded_when_inner_is_large(reference):
    import tracemalloc

    tracemalloc.start()
    try:
        conditional_probabilities(reference, 1000.0, 2, 3_000_000, seed=1, workers=1, chunk_size=1 << 16)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # one kernel of 65,536-sample buffers (a few MiB); a 3-million-wide row would need over 100 MiB
    assert peak < 16 * 2**20


def test_two_level_switches_to_importance_sampling_for_rare_events():
    # P(x >= 6 | mu) = sf(6 - mu): about 1e-9 at the median mu, far below what 4,000 inner draws see
    m = loads_model(NESTED)
    plain = run_two_level(m, 6.0, outer=400, inner=4000, seed=4, method="naive")
    assert plain.method == "two-level" and plain.epistemic.median == 0.0
    r = run_two_level(m, 6.0, outer=400, inner=4000, seed=4)
    assert r.method == "two-level-importance" and r.hits >= 100
    assert any("switched to importance sampling" in n for n in r.notes)
    e = r.epistemic
    for got, q in ((e.median, 0.5), (e.ci90[1], 0.95)):
        want = stats.norm.sf(6 - stats.norm.ppf(q))
        assert got == pytest.approx(want, rel=0.5)  # 400 outer draws: the quantile of mu itself moves ±0.1
    assert e.ci90[0] < 1e-11
    # overall P(x >= 6) with x ~ N(0, sqrt 2)
    assert abs(r.estimate - stats.norm.sf(6 / np.sqrt(2))) < 4 * r.std_error
    assert r.interval[0] < stats.norm.sf(6 / np.sqrt(2)) < r.interval[1] * 1.5


def test_two_level_switches_when_the_upper_credible_bound_rests_on_few_hits():
    # plenty of hits in all (a few outer draws with large mu), but none in the 95th-percentile draw
    m = loads_model(NESTED)
    plain = run_two_level(m, 6.0, outer=1000, inner=10_000, seed=0, method="naive")
    assert plain.hits >= 100 and plain.epistemic.ci90[1] == 0.0
    assert any("95th percentile" in n for n in plain.notes)
    r = run_two_level(m, 6.0, outer=1000, inner=10_000, seed=0)
    assert r.method == "two-level-importance"
    assert r.epistemic.ci90[1] == pytest.approx(stats.norm.sf(6 - stats.norm.ppf(0.95)), rel=0.5)
    assert abs(r.estimate - stats.norm.sf(6 / np.sqrt(2))) < 4 * r.std_error


def test_two_level_importance_on_request_and_per_row_closed_form():
    # mu barely varies, so every outer draw's probability is sf(5) ≈ 2.9e-7, and each row's weighted
    # estimate (20,000 inner draws spanning three chunks) must find it on its own
    m = loads_model("name: narrow\nparameters:\n  mu: {dist: normal, mean: 0, sd: 0.001, kind: epistemic}\n"
                    "  x: {dist: normal, mean: mu, sd: 1}\noutcome: x")
    r = run_two_level(m, 5.0, outer=50, inner=20_000, seed=2, method="importance", chunk_size=8192)
    assert r.method == "two-level-importance"
    assert not any("switched" in n for n in r.notes)  # asked for, not switched to
    e = r.epistemic
    assert e.median == pytest.approx(stats.norm.sf(5), rel=0.1)
    assert e.ci90[0] == pytest.approx(stats.norm.sf(5), rel=0.25)
    assert e.ci90[1] == pytest.approx(stats.norm.sf(5), rel=0.25)
    assert abs(r.estimate - stats.norm.sf(5)) < 4 * r.std_error


def test_two_level_impossible_event_never_reports_zero_width():
    m = loads_model("parameters:\n  e: {dist: uniform, low: 0, high: 1, kind: epistemic}\n"
                    "  a: {dist: uniform, low: 0, high: 1}\noutcome: e + a")
    r = run_two_level(m, 5.0, outer=100, inner=1000, seed=1)
    assert r.estimate == 0.0 and r.interval[1] > 0  # Wilson's bound for 0 hits in 100,000 draws
    assert any("found no hits either" in n for n in r.notes)


def test_two_level_without_aleatory_parameters_keeps_plain_sampling():
    m = loads_model("parameters:\n  e: {dist: normal, mean: 0, sd: 1, kind: epistemic}\noutcome: e")
    r = run_two_level(m, 4.0, outer=500, inner=10, seed=1)
    assert r.method == "two-level" and any("only" in n for n in r.notes)
    with pytest.raises(ValueError, match="aleatory parameter"):
        run_two_level(m, 4.0, outer=500, inner=10, seed=1, method="importance")


def test_importance_sampling_matches_lognormal_tail():
    m = loads_model("parameters:\n  x: {dist: lognormal, mu: 0, sigma: 1}\noutcome: x")
    t = float(np.exp(5.2))  # P = sf(5.2), about 1e-7
    r = run_importance(m, t, samples=60_000, seed=4)
    exact = stats.norm.sf(5.2)
    assert r.method == "importance" and r.rse < 0.05
    assert abs(r.estimate - exact) < 4 * r.std_error
    assert r.hits > 100 and r.ess > 100


def test_reference_rare_event_within_five_percent(reference):
    from redline.bench.risk import reference_tail

    r = run_importance(reference, 1e9, samples=200_000, seed=1)
    exact = reference_tail(1e9)
    assert exact == pytest.approx(1.39e-6, rel=0.02)
    assert r.rse <= 0.05 and abs(r.estimate - exact) < 4 * r.std_error


def test_importance_sampling_error_is_calibrated_over_seeds(reference):
    # the reported standard error must describe the real scatter: over 24 seeds the z-scores
    # against the closed form have mean near 0 and spread near 1 (measured: -0.11 and 0.86)
    from redline.bench.risk import reference_tail

    exact = reference_tail(1e9)
    z = np.array([(r.estimate - exact) / r.std_error
                  for r in (run_importance(reference, 1e9, samples=50_000, seed=s) for s in range(24))])
    assert abs(z.mean()) < 0.6  # 3 standard errors of a mean of 24 unit normals
    assert 0.6 < z.std() < 1.5
    assert np.mean(np.abs(z) < 1.96) >= 0.8


def test_auto_switches_to_importance_sampling_when_hits_are_few():
    # a + b written so that each parameter appears twice: conditioning does not apply, so auto runs
    # plain RQMC first, which sees a handful of hits at P ≈ 1e-4
    m = loads_model("parameters:\n  a: {dist: normal, mean: 0, sd: 1}\n  b: {dist: gamma, shape: 2, scale: 1}\n"
                    "outcome: min(a, a) + max(b, b)")
    t = 9.0
    r = run_model(m, t, samples=20_000, seed=2, rare_samples=60_000)
    assert r.method == "importance" and "switched to importance sampling" in r.notes[0]
    # exact: P(a + b >= t) = E_b[sf(t - b)]
    from scipy import integrate

    exact = integrate.quad(lambda b: stats.gamma.pdf(b, 2) * stats.norm.sf(t - b), 0, 60)[0]
    assert abs(r.estimate - exact) < 4 * r.std_error
    naive = run_model(m, t, samples=20_000, seed=2, method="naive")
    assert naive.method == "naive" and naive.hits < 100


def test_impossible_event_falls_back_to_the_sampled_bound():
    # u * u reads u twice, so it cannot be integrated out: neither RQMC nor importance sampling sees a hit
    m = loads_model("parameters:\n  u: {dist: uniform, low: 0, high: 1}\noutcome: u * u")
    r = run_model(m, 5.0, samples=10_000, rare_samples=20_000)
    assert r.method == "rqmc" and r.estimate == 0 and r.interval[1] > 0
    assert any("found no hits either" in n for n in r.notes)


def test_impossible_event_in_closed_form_is_exactly_zero():
    m = loads_model("parameters:\n  u: {dist: uniform, low: 0, high: 1}\noutcome: u")
    r = run_model(m, 5.0, samples=10_000)
    assert r.method == "conditional" and r.estimate == 0 and r.interval == (0.0, 0.0) and r.std_error == 0
    assert any("closed form" in n for n in r.notes)


def test_importance_sampling_shifts_mixtures_too():
    m = loads_model("parameters:\n  x:\n    dist: mixture\n    weights: [0.95, 0.05]\n    components:\n"
                    "      - {dist: lognormal, mu: 0, sigma: 1}\n      - {dist: lognormal, mu: 3, sigma: 1}\n"
                    "outcome: x")
    t = float(np.exp(3 + 4.5))
    exact = 0.95 * stats.norm.sf(7.5) + 0.05 * stats.norm.sf(4.5)
    r = run_importance(m, t, samples=60_000, seed=6)
    assert r.rse < 0.05 and abs(r.estimate - exact) < 4 * r.std_error
