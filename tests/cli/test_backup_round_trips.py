"""``redline backup`` / ``redline restore`` round trips: SQLite → SQLite, SQLite → PostgreSQL, PostgreSQL → SQLite.

Each runs the real CLI in its own process against its own database, and checks what the issue asks:
the same ledger head, the same rows per table, search working, and ``ledger verify`` passing. The
PostgreSQL server is the suite's (``REDLINE_TEST_PG_URL``, by default the one ``make test`` starts);
a scratch database is made for the test and dropped after it.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from paths import ROOT

PG_SERVER = os.environ.get("REDLINE_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")

PROBE = """
import json
from redline.cli._common import setup_django
setup_django()
import re
from redline.disclosure.models import Advisory
from redline.disclosure.publishing import search
from redline.ledger.services import head
from redline.site.backup import table_counts
h = head()
first = Advisory.objects.filter(state="published").order_by("pk").first()
term = max(re.findall(r"[A-Za-z]{4,}", first.title), key=len)
print(json.dumps({"head": h.hash, "length": h.length, "counts": table_counts(),
                  "search": [term, sorted(a.public_id for a in search(term))]}))
"""


def _env(data: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(ROOT / "src"), REDLINE_DATA_DIR=str(data),
               REDLINE_SECRET_KEY="round-trip-" + secrets.token_hex(32))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _redline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "redline", *args], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"redline {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def _probe(env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def pg_database():
    import psycopg

    name = f"redline_backup_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_SERVER, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"the round trips need PostgreSQL at {PG_SERVER} (make test starts it): {exc}")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trips_between_sqlite_and_postgresql(tmp_path, pg_database):
    source = _env(tmp_path / "source", None)
    _redline(source, "demo", "--no-serve")
    expected = _probe(source)
    assert expected["length"] > 100 and expected["search"][1]  # the term finds its advisory
    _redline(source, "backup", str(tmp_path / "sqlite.zip"))

    targets = {"SQLite → SQLite": _env(tmp_path / "sqlite-copy", None),
               "SQLite → PostgreSQL": _env(tmp_path / "pg-side", pg_database)}
    for target in targets.values():
        done = _redline(target, "restore", str(tmp_path / "sqlite.zip"))
        assert "ledger ok" in done.stdout
    _redline(targets["SQLite → PostgreSQL"], "backup", str(tmp_path / "postgres.zip"))
    targets["PostgreSQL → SQLite"] = _env(tmp_path / "back-from-pg", None)
    _redline(targets["PostgreSQL → SQLite"], "restore", str(tmp_path / "postgres.zip"))

    for direction, target in targets.items():
        got = _probe(target)
        assert (got["head"], got["length"]) == (expected["head"], expected["length"]), direction
        assert got["counts"] == expected["counts"], direction
        assert got["search"] == expected["search"], direction
        assert "ledger ok" in _redline(target, "ledger", "verify").stdout, direction
