"""Smoke test of ``redline bench risk`` at a tiny size: every figure is produced (no timing asserted)."""

from __future__ import annotations

import pytest

from redline.bench.risk import markdown, reference_tail, run_bench


@pytest.fixture(scope="module")
def small_bench():
    pytest.importorskip("squigglepy")
    pytest.importorskip("psutil")
    return run_bench(samples=50_000, big=200_000, repeat=1, levels=(1e-2, 1e-3), cap=1 << 18)


def test_bench_produces_every_row_at_small_size(small_bench):
    rows = small_bench
    names = [r.name for r in rows]
    assert len(rows) == 19 and any("squigglepy" in n for n in names) and any("RSS" in n for n in names)
    two = next(r for r in rows if "2 workers" in r.name)
    assert "identical result: True" in two.note
    rare = next(r for r in rows if "at 1e9" in r.name)
    assert rare.met is None and "method two-level-importance" in rare.note
    table = markdown(rows)
    assert table.count("\n|") == 20  # header rule + 19 rows after the first line
    assert "| none (informative) | — |" in table


def test_precision_rows_compare_with_plain_sampling_measured_then_extrapolated(small_bench):
    rows = {r.name: r for r in small_bench}
    assert set(rows) >= {"rse 0.01, conditional", "rse 0.001, conditional", "rse 0.001, rqmc",
                         "rse 0.01, importance", "rse 0.01, conditional vs squigglepy",
                         "mixture, rqmc (no conditioning) at rse 0.01"}
    assert "plain sampling, measured" in rows["rse 0.01, conditional"].baseline
    assert "extrapolated from its measured variance" in rows["rse 0.001, conditional"].baseline
    assert "conditional on deaths_per_success" in rows["rse 0.001, conditional"].note
    mix = rows["mixture, rqmc (no conditioning) at rse 0.01"]
    assert mix.met is True and "fewer" in mix.figure


def test_reference_tail_is_the_issue_figure():
    assert reference_tail(1e9) == pytest.approx(1.4e-6, rel=0.05)
