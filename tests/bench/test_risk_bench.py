"""Smoke test of ``redline bench risk`` at a tiny size: every figure is produced (no timing asserted)."""

from __future__ import annotations

import pytest

from redline.bench.risk import markdown, reference_tail, run_bench


def test_bench_produces_every_row_at_small_size():
    pytest.importorskip("squigglepy")
    pytest.importorskip("psutil")
    rows = run_bench(samples=50_000, big=200_000, repeat=1)
    names = [r.name for r in rows]
    assert len(rows) == 10 and any("squigglepy" in n for n in names) and any("RSS" in n for n in names)
    two = next(r for r in rows if "2 workers" in r.name)
    assert "identical result: True" in two.note
    rare = next(r for r in rows if "at 1e9" in r.name)
    assert rare.met is None and "method two-level-importance" in rare.note
    table = markdown(rows)
    assert table.count("\n|") == 11  # header rule + 10 rows after the first line
    assert "| none (informative) | — |" in table


def test_reference_tail_is_the_issue_figure():
    assert reference_tail(1e9) == pytest.approx(1.4e-6, rel=0.05)
