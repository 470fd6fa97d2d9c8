"""Plain Monte Carlo: closed-form tails within MC error, and identical results whatever the workers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from redline.risk import loads_model, run_model, run_naive, wilson

LOGNORMAL = "name: ln\nparameters:\n  x: {dist: lognormal, ci90: [10, 100000]}\noutcome: x"


def test_lognormal_tail_matches_closed_form_within_mc_error():
    m = loads_model(LOGNORMAL)
    r = run_naive(m, 1e4, samples=400_000, seed=5, workers=1)
    exact = stats.norm.sf((np.log(1e4) - np.log(1000)) / (np.log(1e4) / 3.289707253902945))
    assert abs(r.estimate - exact) < 4 * r.std_error
    assert r.interval[0] < exact < r.interval[1]


def test_reference_model_matches_quadrature(reference):
    from redline.bench.risk import reference_tail

    r = run_naive(reference, 1000.0, samples=300_000, seed=2, workers=2)
    assert abs(r.estimate - reference_tail(1000.0)) < 4 * r.std_error


@pytest.mark.parametrize("chunk", [1000, 4096])
def test_identical_whatever_the_number_of_workers(reference, chunk):
    runs = [run_naive(reference, 1000.0, samples=50_001, seed=11, workers=w, chunk_size=chunk) for w in (1, 2, 3)]
    assert len({(r.hits, r.estimate, r.mean) for r in runs}) == 1
    assert [r.workers for r in runs] == [1, 2, 3]
    other = run_naive(reference, 1000.0, samples=50_001, seed=12, workers=2, chunk_size=chunk)
    assert other.hits != runs[0].hits


def test_result_records_provenance(reference):
    r = run_naive(reference, 1000.0, samples=10_000, seed=4, workers=2, chunk_size=3000)
    d = r.to_dict()
    assert d["seed"] == 4 and d["chunk_size"] == 3000 and d["workers"] == 2
    assert d["numpy_version"] == np.__version__
    assert d["model"]["hash"] == reference.hash and len(reference.hash) == 64
    assert d["samples"] == 10_000 and d["method"] == "naive"
    assert set(d["p_exceed"]) >= {"estimate", "std_error", "interval"}


def test_progress_counts_every_sample(reference):
    seen = []
    run_naive(reference, 1000.0, samples=25_000, seed=0, workers=2, chunk_size=4096, progress=seen.append)
    assert sum(seen) == 25_000


def test_zero_hits_is_never_zero_risk():
    m = loads_model("parameters:\n  x: {dist: uniform, low: 0, high: 1}\noutcome: x")
    r = run_model(m, 2.0, samples=1000, method="naive")
    assert r.hits == 0 and r.estimate == 0
    assert r.interval[1] == pytest.approx(wilson(0, 1000)[1]) and r.interval[1] > 0.003


def test_nan_outcomes_are_counted_not_hidden():
    m = loads_model("parameters:\n  x: {dist: normal, mean: 0, sd: 1}\noutcome: sqrt(x)")
    r = run_naive(m, 1.0, samples=20_000, seed=1, workers=1)
    assert 9000 < r.invalid < 11000
    assert r.estimate == pytest.approx(stats.norm.sf(1.0), abs=0.01)


def test_wilson_interval_known_values():
    lo, hi = wilson(0, 12)
    assert lo == 0 and hi == pytest.approx(0.2425, abs=1e-3)
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-3) and hi == pytest.approx(0.5962, abs=1e-3)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32), samples=st.integers(1, 9000), chunk=st.integers(100, 3000))
def test_any_seed_and_chunking_is_worker_independent(seed, samples, chunk):
    m = loads_model("parameters:\n  a: {dist: gamma, shape: 1.5, scale: 2}\n  b: {dist: poisson, lam: a}\n"
                    "outcome: a * b")
    one = run_naive(m, 3.0, samples=samples, seed=seed, workers=1, chunk_size=chunk)
    two = run_naive(m, 3.0, samples=samples, seed=seed, workers=2, chunk_size=chunk)
    assert (one.hits, one.mean) == (two.hits, two.mean)


def test_global_random_state_is_never_touched(reference):
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    run_naive(reference, 1000.0, samples=5000, workers=2)
    run_model(reference, 1e9, samples=1000, rare_samples=20_000)
    assert np.random.random() == expected


def test_a_failing_chunk_stops_the_run_with_its_error():
    m = loads_model("parameters:\n  lam: {dist: normal, mean: -5, sd: 0.1}\n  k: {dist: poisson, lam: lam}\noutcome: k")
    with pytest.raises(ValueError):
        run_naive(m, 1.0, samples=100_000, workers=2, chunk_size=1000)
