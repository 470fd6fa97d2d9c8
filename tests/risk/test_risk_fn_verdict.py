"""Exceedance / F-N curves, reference criteria and verdicts."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from redline.risk import (
    Epistemic,
    RunResult,
    compare_threshold,
    draw_curve,
    exceedance_curve,
    load_criteria,
    loads_model,
    plot_curve,
    run_model,
    verdict_for,
)

LN = "parameters:\n  x: {dist: lognormal, mu: 2, sigma: 1.5}\noutcome: x"


def test_exceedance_curve_matches_lognormal_survival():
    grid = np.logspace(-1, 3, 15)
    c = exceedance_curve(loads_model(LN), grid, samples=200_000, seed=1, workers=2)
    exact = stats.lognorm(s=1.5, scale=np.exp(2)).sf(grid)
    se = np.sqrt(exact * (1 - exact) / 200_000)
    assert np.all(np.abs(c.mean - exact) <= 5 * se + 1e-12)
    assert np.all(np.diff(c.mean) <= 0) and c.lo is None


def test_epistemic_band_is_ordered_and_brackets_the_median(reference):
    c = exceedance_curve(reference, outer=200, inner=2000, seed=2, workers=2)
    assert c.lo is not None and c.hi is not None
    assert np.all(c.lo <= c.median) and np.all(c.median <= c.hi)
    assert c.to_dict()["outer"] == 200


def test_plot_writes_a_png(tmp_path, reference):
    c = exceedance_curve(reference, outer=50, inner=1000, seed=2)
    out = plot_curve(c, tmp_path / "fn.png", threshold=1000, probability=1e-3, title="ref", unit="deaths")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_marks_the_run_estimate_below_the_curve_resolution(reference):
    c = exceedance_curve(reference, samples=100_000, seed=2)
    plain = draw_curve(c, threshold=1e9).axes[0]
    assert not any(label.startswith("estimate") for label in plain.get_legend_handles_labels()[1])
    r = run_model(reference, 1e9, samples=100_000, seed=1, method="importance")
    ax = draw_curve(c, threshold=1e9, result=r.to_dict()).axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert "estimate at 1e+09 (importance, 95% interval)" in labels
    assert ax.get_ylim()[0] < r.interval[0]  # the estimate is on the plot, not below its floor


def test_reference_criteria_ship_with_sources():
    crit = {c.id: c for c in load_criteria()}
    assert crit["uk-hse-individual-public-tolerable"].limit == 1e-4
    assert crit["uk-hse-individual-broadly-acceptable"].limit == 1e-6
    assert crit["nuclear-cdf"].limit == 1e-4 and crit["nuclear-lerf"].limit == 1e-5
    assert crit["aviation-catastrophic"].limit == 1e-9
    dutch = crit["nl-societal-risk"]
    assert dutch.limit_at(10) == pytest.approx(1e-5) and dutch.limit_at(100) == pytest.approx(1e-7)
    assert dutch.limit_at(5) is None
    assert all(c.source for c in crit.values())
    rows = {r["id"]: r for r in compare_threshold(1e-3, 1000)}
    assert rows["nl-societal-risk"]["ratio"] == pytest.approx(1e6) and rows["nl-societal-risk"]["looser"]


def _result(estimate: float, lo: float, hi: float, epi: Epistemic | None = None) -> RunResult:
    return RunResult("m", "h" * 64, 1000.0, "naive", estimate, 1e-5, (lo, hi), 10, 1000, 0, 100, 1, 1000.0,
                     epistemic=epi)


@pytest.mark.parametrize(
    ("estimate", "lo", "hi", "status"),
    [(1e-4, 5e-5, 5e-4, "within"), (2e-3, 1e-3, 3e-3, "exceeds"), (5e-4, 1e-4, 2e-3, "uncertain"),
     (1e-3, 5e-4, 1e-3, "within")],
)
def test_verdict_rules(estimate, lo, hi, status):
    v = verdict_for(_result(estimate, lo, hi), 1e-3)
    assert v.status == status
    line = v.line()
    assert f"{estimate:.3g}" in line and "95% interval" in line and "MC error" in line


def test_verdict_uses_the_epistemic_upper_bound_and_share():
    epi = Epistemic(1000, 1000, 2e-4, (1e-5, 5e-3), 8e-4, tolerance=1e-3, share_above=0.12)
    v = verdict_for(_result(8e-4, 7e-4, 9e-4, epi), 1e-3)
    assert v.status == "uncertain" and v.upper == 5e-3 and v.share_above == 0.12
    assert "12% of epistemic draws above the limit" in v.line()
