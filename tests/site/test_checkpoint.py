"""The serving process's checkpointer copies SQLite's write-ahead log back into the database file."""

import sqlite3
import time

from redline.site import checkpoint


def _writer(path):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")  # only the checkpointer copies pages back
    con.execute("CREATE TABLE t (x INTEGER)")
    return con


def _rows_in_database_file(path) -> int:
    """Rows in the main file alone (``immutable`` ignores the write-ahead log)."""
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return con.execute("SELECT count(*) FROM t").fetchone()[0]
    except sqlite3.OperationalError:  # the table itself is still only in the log
        return 0
    finally:
        con.close()


def test_the_thread_copies_committed_pages_into_the_file(tmp_path):
    path = tmp_path / "db.sqlite3"
    con = _writer(path)
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(500)])
    assert _rows_in_database_file(path) == 0
    thread = checkpoint.Checkpointer(path, interval=0.02)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while _rows_in_database_file(path) < 500 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _rows_in_database_file(path) == 500
        con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(250)])  # and it keeps going
        while _rows_in_database_file(path) < 750 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _rows_in_database_file(path) == 750
    finally:
        thread.stop()
        con.close()
    assert not thread.is_alive() and thread.rounds >= 2


def test_one_checkpoint_reports_the_log(tmp_path):
    path = tmp_path / "db.sqlite3"
    con = _writer(path)
    con.execute("INSERT INTO t VALUES (1)")
    busy, log, copied = checkpoint.checkpoint(path)
    assert busy == 0 and log > 0 and copied == log
    con.close()


def test_only_a_sqlite_file_gets_one(tmp_path):
    sqlite = "django.db.backends.sqlite3"
    assert checkpoint.sqlite_path({"ENGINE": sqlite, "NAME": ":memory:"}) is None
    assert checkpoint.sqlite_path({"ENGINE": sqlite, "NAME": "file:memorydb_default?mode=memory"}) is None
    assert checkpoint.sqlite_path({"ENGINE": "django.db.backends.postgresql", "NAME": "redline"}) is None
    assert checkpoint.sqlite_path({"ENGINE": sqlite, "NAME": str(tmp_path / "r.sqlite3")}) == tmp_path / "r.sqlite3"
