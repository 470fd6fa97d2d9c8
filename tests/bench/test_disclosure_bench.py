"""Smoke test of ``redline bench disclosure`` at a small size, in a process of its own (it sets up a database
of its own, and spawns the processes of its concurrent figure): every figure is printed with a figure in it,
and the database it made is gone afterwards. No timing is asserted (see docs/benchmarks.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.db import connection


def _bench_databases() -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cur:
        cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'redline_bench_%%'")
        return {name for (name,) in cur.fetchall()}


@pytest.mark.django_db
def test_command_prints_every_figure_and_leaves_no_database():
    before = _bench_databases()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDLINE_", "DJANGO_"))}
    out = subprocess.run([sys.executable, "-m", "redline", "bench", "disclosure", "--reports", "300", "--ingest", "40",
                          "--queries", "10", "--markdown"], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite (WAL)"
    assert f"{label} · " in out.stdout and "load average" in out.stdout
    rows = {cells[0]: cells[1] for line in out.stdout.splitlines() if line.startswith("| ")
            and (cells := [c.strip() for c in line.split("|")[1:-1]]) and cells[0] != "measure"}
    rate = r"[\d,]+ reports/s"
    assert re.match(rate, rows["ingest one report per transaction (form / API / CLI path), in a fresh process as a "
                               "server worker"])
    assert re.match(rate, rows["the same, in the bench's own process (after the bulk load)"])
    assert re.match(rate + " together", rows["ingest one report per transaction, 2 processes at once (as "
                                              "`redline serve`'s workers)"])
    assert re.match(rate, rows["ingest in batches of 100 (submit_many; incl. duplicate suggestion, indexing, ledger)"])
    found = rows[next(name for name in rows if name.startswith("duplicate suggestion, database index"))]
    assert re.search(r"p95 [\d.]+ ms .*; 10 of 10 near-copies found", found), found
    assert _bench_databases() == before
