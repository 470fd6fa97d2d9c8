"""Smoke test of ``redline bench cases`` at a small size: both viewers, their query counts, the table (no timing
asserted; the query bound is asserted in tests/disclosure/test_case_page_scale.py)."""

from __future__ import annotations

from typer.testing import CliRunner

from redline.cli.main import app


def test_command_prints_both_viewers_the_queries_and_the_target():
    result = CliRunner().invoke(app, ["bench", "cases", "--vendors", "12", "--messages", "80", "--repeat", "2",
                                      "--markdown"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "| viewer | cold | p50 | p95 | queries |" in out and "load average" in out and "CPUs" in out
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[1:-1]]
            for line in out.splitlines() if line.startswith(("| coordinator", "| vendor"))}
    assert set(rows) == {"coordinator", "vendor"}
    for viewer, cells in rows.items():
        queries, messages, statuses = int(cells[4]), int(cells[5]), int(cells[6])
        assert 0 < queries <= 40 and 0 < messages <= 50
        assert statuses == (12 if viewer == "coordinator" else 1)
    bad = CliRunner().invoke(app, ["bench", "cases", "--repeat", "0"])
    assert bad.exit_code == 2 and "at least 1" in bad.stderr
