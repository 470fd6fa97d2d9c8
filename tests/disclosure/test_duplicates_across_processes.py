"""A report stored by one process is suggested by another, already running, as soon as it commits.

Two real processes on one database: a long-lived "worker" (a second Python, as a gunicorn worker
would be) answers duplicate queries; ``redline disclosure submit`` runs as a separate CLI process.
On PostgreSQL both use the test database; on SQLite (whose test database lives in memory) they use
a database file made by ``redline init`` in a temporary data directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("A role-play framing about a fictional chemist makes the model list the precursors and the reaction "
        "steps it refuses when asked directly, in every language we tried")
WORKER = """
import json, sys
from redline.cli._common import setup_django
setup_django()
from redline.disclosure import duplicates
for line in sys.stdin:
    found = duplicates.suggest(json.loads(line), model=None, cues=[])
    print(json.dumps([s.ref for s in found]), flush=True)
"""


@pytest.fixture
def shared_env(request, tmp_path):
    """Environment for child processes that reach the same database as each other."""
    from django.db import connection

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REDLINE_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "redline", "init", "--no-input"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return env


def test_a_report_submitted_by_another_process_is_suggested_at_once(shared_env, tmp_path):
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=shared_env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def ask(text: str) -> list[str]:
        worker.stdin.write(json.dumps(text) + "\n")
        worker.stdin.flush()
        line = worker.stdout.readline()
        assert line, worker.stderr.read()
        return json.loads(line)

    def submit(title: str, description: str) -> dict:
        path = tmp_path / f"{title}.json"
        path.write_text(json.dumps({"title": title, "description": description,
                                    "affected_systems": [{"vendor": "Aurora", "model": "Aurora 2"}]}))
        done = subprocess.run([sys.executable, "-m", "redline", "disclosure", "submit", str(path), "--accept-terms",
                               "1.0", "--json"], env=shared_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    with worker:
        assert ask(TEXT) == []  # the worker is up and has answered (an in-memory index would be built now)
        first = submit("chemist", TEXT)
        assert ask(TEXT) == [first["ref"]]
        second = submit("chemist-again", TEXT + " and in French")
        assert [s["ref"] for s in second["suggestions"]] == [first["ref"]]
        assert ask(TEXT) == [first["ref"], second["ref"]]
        worker.communicate(timeout=60)  # closes its input: the worker ends
    assert worker.returncode == 0
