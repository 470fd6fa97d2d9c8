"""Reliability diagram, Murphy decomposition, discrimination, naive baselines and the track record."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pytest

from redline.core.forecasts.baselines import (
    HALF_BRIER,
    brier_vs_half,
    crps_vs_extrapolation,
    linear_extrapolation,
)
from redline.core.forecasts.calibration import (
    bin_index,
    discrimination,
    murphy_decomposition,
    reliability_diagram,
)
from redline.core.forecasts.scoring import ResolvedForecast, score_forecasts
from redline.core.forecasts.track import track_record
from redline.core.stats import wilson_interval


def test_bins_are_tenths_with_edges_going_up():
    assert bin_index([0.0001, 0.1, 0.3, 0.7, 0.35, 0.9999, 1.0]).tolist() == [0, 1, 3, 7, 3, 9, 9]


def test_reliability_diagram_counts_and_intervals():
    p = [0.05, 0.08, 0.31, 0.35, 0.38, 0.92]
    o = [False, True, False, True, True, True]
    d = reliability_diagram(p, o)
    assert d.n == 6 and d.confidence == 0.9 and len(d.bins) == 10
    b0, b3, b9 = d.bins[0], d.bins[3], d.bins[9]
    assert (b0.count, b0.yes, b0.observed) == (2, 1, 0.5)
    assert b0.mean_forecast == pytest.approx(0.065)
    w = wilson_interval(2, 3, 0.9)
    assert (b3.count, b3.yes) == (3, 2) and b3.interval == (w.lower, w.upper)
    assert (b3.lower, b3.upper, b3.centre) == (0.3, 0.4, 0.35)
    assert b9.count == 1 and b9.interval[1] == 1.0
    empty = d.bins[5]
    assert (empty.count, empty.mean_forecast, empty.observed, empty.interval) == (0, None, None, None)
    assert d.perfect == [((k + 0.5) / 10, (k + 0.5) / 10) for k in range(10)]
    data = d.as_dict()
    assert data["bins"][3]["interval"] == [w.lower, w.upper] and data["perfect"][0] == [0.05, 0.05]


def _fraction_decomposition(p, o, bins=10):
    """The same decomposition in exact rational arithmetic, to check the identity, not the floats."""
    ps = [Fraction(x) for x in p]
    os_ = [Fraction(int(x)) for x in o]
    n = len(ps)
    idx = [min(int(x * bins), bins - 1) for x in p]
    base = sum(os_) / n
    rel = res = wbv = wbc = Fraction(0)
    for k in set(idx):
        members = [i for i in range(n) if idx[i] == k]
        fk = sum(ps[i] for i in members) / len(members)
        ok = sum(os_[i] for i in members) / len(members)
        rel += len(members) * (fk - ok) ** 2
        res += len(members) * (ok - base) ** 2
        wbv += sum((ps[i] - fk) ** 2 for i in members)
        wbc += 2 * sum((ps[i] - fk) * (os_[i] - ok) for i in members)
    brier = sum((ps[i] - os_[i]) ** 2 for i in range(n)) / n
    return brier, rel / n, res / n, base * (1 - base), wbv / n, wbc / n


def test_murphy_decomposition_adds_up_exactly_in_rational_arithmetic():
    rng = np.random.default_rng(11)
    p = rng.uniform(0.01, 0.99, 60)
    o = rng.random(60) < p
    brier, rel, res, unc, wbv, wbc = _fraction_decomposition(p, o)
    assert rel - res + unc + wbv - wbc == brier  # the identity holds exactly, with no rounding at all
    m = murphy_decomposition(p, o)
    for ours, exact in zip((m.brier, m.reliability, m.resolution, m.uncertainty, m.within_bin_variance,
                            m.within_bin_covariance), (brier, rel, res, unc, wbv, wbc), strict=True):
        assert ours == pytest.approx(float(exact), abs=1e-15)


@pytest.mark.parametrize("seed", range(20))
def test_murphy_parts_add_up_to_the_mean_brier_score(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    p = rng.beta(0.7, 0.7, n).clip(1e-6, 1 - 1e-6)
    o = rng.random(n) < p ** 1.3  # miscalibrated on purpose, so every term is non-zero
    m = murphy_decomposition(p, o)
    assert m.n == n
    assert m.total == pytest.approx(m.brier, abs=1e-14)
    assert m.brier == pytest.approx(float(np.mean((p - o) ** 2)), abs=1e-15)
    assert m.reliability >= 0 and m.resolution >= 0 and m.within_bin_variance >= 0


def test_murphy_by_hand():
    # one bin [0.3, 0.4): forecasts 0.3 and 0.35, outcomes no and yes
    m = murphy_decomposition([0.3, 0.35], [False, True])
    assert m.brier == pytest.approx((0.09 + 0.4225) / 2)
    assert m.reliability == pytest.approx((0.325 - 0.5) ** 2)
    assert m.resolution == pytest.approx(0.0)  # one bin: its frequency is the base rate
    assert m.uncertainty == pytest.approx(0.25)
    assert m.within_bin_variance == pytest.approx(0.025 ** 2)
    assert m.within_bin_covariance == pytest.approx(2 * (-0.025 * -0.5 + 0.025 * 0.5) / 2)
    assert m.as_dict()["total"] == pytest.approx(m.brier)
    assert murphy_decomposition([], []) is None


def test_discrimination_splits_by_outcome():
    d = discrimination([0.9, 0.8, 0.3, 0.2, 0.25], [True, True, False, False, True])
    assert d.on_yes == (0.9, 0.8, 0.25) and d.on_no == (0.3, 0.2)
    assert d.yes_counts[9] == 1 and d.yes_counts[8] == 1 and d.yes_counts[2] == 1
    assert d.no_counts[3] == 1 and d.no_counts[2] == 1 and sum(d.no_counts) == 2
    assert d.mean_on_yes == pytest.approx(0.65) and d.mean_on_no == pytest.approx(0.25)
    assert d.difference == pytest.approx(0.4)
    assert discrimination([0.4], [True]).difference is None
    assert d.as_dict()["n_yes"] == 3


def test_brier_against_always_saying_half():
    c = brier_vs_half([0.9, 0.2], [True, False])
    assert (c.n, c.baseline_mean) == (2, HALF_BRIER) and c.mean == pytest.approx(0.025) and c.beats is True
    assert brier_vs_half([0.1], [True]).beats is False
    none = brier_vs_half([], [])
    assert none.beats is None and none.mean is None
    assert none.as_dict()["beats"] is None


def test_linear_extrapolation_of_earlier_models():
    assert linear_extrapolation([(1, 0.2), (2, 0.4)], 3) == pytest.approx(0.6)
    assert linear_extrapolation([(1, 0.2), (2, 0.4), (3, 0.4)], 4) == pytest.approx(0.5333333333)
    day = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    history = [(day, 0.1), (day + dt.timedelta(days=100), 0.3)]
    assert linear_extrapolation(history, day + dt.timedelta(days=150)) == pytest.approx(0.4)
    assert linear_extrapolation([(1, 0.2)], 3) is None
    assert linear_extrapolation([(1, 0.2), (1, 0.4)], 3) is None


def test_crps_against_the_extrapolation_uses_the_forecaster_s_levels():
    q = ((0.1, 0.3), (0.5, 0.5), (0.9, 0.7))
    scored = score_forecasts([ResolvedForecast("N1", "ana", 0.55, quantiles=q),
                              ResolvedForecast("N2", "ana", 0.2, quantiles=q),
                              ResolvedForecast("B1", "ana", True, probability=0.6)])
    c = crps_vs_extrapolation(scored, {"N1": 0.8, "N2": None})
    assert c.n == 1  # N2 has no extrapolation, B1 is binary
    assert c.mean == pytest.approx(scored[0].crps)
    # every quantile at 0.8, y = 0.55 below them: (2/3)·Σ(1 − τ)(0.8 − 0.55)
    assert c.baseline_mean == pytest.approx(2 / 3 * (0.9 + 0.5 + 0.1) * 0.25)
    assert c.beats is True


def test_track_record_puts_it_all_together():
    rng = np.random.default_rng(5)
    p = rng.uniform(0.02, 0.98, 200)
    o = rng.random(200) < p
    rows = [ResolvedForecast(f"Q{i}", "ana", bool(o[i]), probability=float(p[i])) for i in range(200)]
    rows.append(ResolvedForecast("N1", "ana", 0.55, quantiles=((0.1, 0.3), (0.5, 0.5), (0.9, 0.7))))
    record = track_record("ana", score_forecasts(rows), naive={"N1": 0.8})
    assert record.summary.n_binary == 200 and record.summary.n_numeric == 1
    assert sum(b.count for b in record.reliability.bins) == 200
    assert record.murphy.total == pytest.approx(record.summary.brier, abs=1e-12)
    assert record.versus_half.beats is True  # calibrated forecasts beat 50%
    assert record.versus_extrapolation.n == 1
    assert len(record.discrimination.on_yes) == int(o.sum())
    data = record.as_dict()
    assert set(data) == {"summary", "reliability", "murphy", "discrimination", "versus_half",
                         "versus_extrapolation"}
    assert data["summary"]["n_peer"] == 0
    empty = track_record("nobody", [])
    assert empty.murphy is None and empty.summary.brier is None and empty.versus_half.beats is None
