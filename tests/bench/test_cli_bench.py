"""``redline bench cli`` times fresh processes of the real command beside ``python -c pass``."""

from redline.bench.cli import run


def test_start_times_are_measured_for_each_command():
    rows = run(repeat=1)
    assert [r.name for r in rows] == ["python -c pass", "redline --help", "redline verdict (small JSON log)"]
    assert all(len(r.runs) == 1 and r.median_s > 0 for r in rows)
    baseline = rows[0].median_s
    assert all(r.median_s > baseline for r in rows[1:])  # both import more than an empty interpreter
    assert rows[0].met is None and rows[1].target_s == 0.3 and rows[2].target_s == 1.0
