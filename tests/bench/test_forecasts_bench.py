"""Smoke test of ``redline bench forecasts`` at a small size: every row, equal results (no timing asserted)."""

from __future__ import annotations

from typer.testing import CliRunner

from redline.bench.forecasts import TOLERANCE, machine, markdown, run_bench
from redline.cli.main import app


def test_rows_compare_with_scoringrules_and_agree():
    rows = run_bench(binary=20_000, numeric=5_000, repeat=1)
    assert [r.name.split(" (")[0] for r in rows] == ["20,000 binary forecasts", "5,000 five-quantile forecasts",
                                                       "both together", "track-record page, 10,000 forecasts"]
    page_row, rows = rows[3], rows[:3]
    assert page_row.baseline == "target" and page_row.ours_s > 0
    for r in rows:
        assert r.baseline == "scoringrules (numpy backend)" and r.ours_s > 0 and r.baseline_s > 0
        difference = float(r.note.rsplit(" ", 1)[1])
        assert difference <= TOLERANCE
    assert rows[2].ours_s == rows[0].ours_s + rows[1].ours_s
    table = markdown(rows)
    assert table.count("\n|") == 4 and "| 20,000 binary forecasts (Brier + log score) |" in table


def test_machine_names_the_cpu_and_the_load():
    where = machine()
    assert "CPUs" in where and "scoringrules 0.10.0" in where and "load average" in where


def test_command_prints_the_table_and_the_part_2_note():
    result = CliRunner().invoke(app, ["bench", "forecasts", "--binary", "5000", "--numeric", "1000", "--repeat", "1",
                                      "--markdown"])
    assert result.exit_code == 0, result.output
    assert "| both together (the issue's target) |" in result.stdout
    assert "track-record page, 10,000 forecasts" in result.stdout
    bad = CliRunner().invoke(app, ["bench", "forecasts", "--repeat", "0"])
    assert bad.exit_code == 2 and "at least 1" in bad.stderr
