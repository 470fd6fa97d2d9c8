"""SQLite's write-ahead log copied back into the database by a background thread, off the request path.

In WAL mode SQLite makes the commit that fills the log past ``wal_autocheckpoint`` pages (1,000 by
default) copy every page of the log into the database file and flush it, inside that caller's
commit. On a database of 200,000 reports, a third of a report's intake time went on those
checkpoints: random pages of the duplicate index, each written and flushed. ``redline serve`` runs
one :class:`Checkpointer` beside its workers instead, which copies the log back ten times a second
(:data:`INTERVAL`) with a *passive* checkpoint (it never waits for, nor blocks, a reader or a writer),
and it gives the workers a larger automatic threshold (:data:`SERVED_AUTOCHECKPOINT`) as a backstop,
used only when the log grows faster than the thread copies it.

Durability is unchanged: a commit is what it was (``synchronous=NORMAL``: the log is written, not
flushed, see docs/operations.md), and a checkpoint flushes the log before it copies any page.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

#: The ``wal_autocheckpoint`` workers get while a checkpointer runs beside them (pages of 4 KiB).
SERVED_AUTOCHECKPOINT = 10_000

#: Seconds between the checkpointer's rounds. A short log is cheaper to commit to: on the 200,000-report
#: database, intake took about 5% more reports a second with 0.1 s than with 1 s (six runs of each,
#: alternated; docs/benchmarks.md), and a power loss typically takes the last tenth of a second of commits
#: instead of the last second (docs/operations.md).
INTERVAL = 0.1


def checkpoint(path: str | Path) -> tuple[int, int, int]:
    """One passive checkpoint of the database at ``path``: (busy, pages in the log, pages copied)."""
    con = sqlite3.connect(path, timeout=0)
    try:
        return con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        con.close()


class Checkpointer(threading.Thread):
    """A daemon thread that checkpoints the SQLite database at ``path`` every ``interval`` seconds.

    It keeps one connection of its own (no Django connection, so no request's transaction is
    touched); :meth:`stop` ends it. ``rounds`` counts the checkpoints that copied pages.
    """

    def __init__(self, path: str | Path, interval: float = INTERVAL) -> None:
        super().__init__(name="redline-sqlite-checkpoint", daemon=True)
        self.path, self.interval = str(path), interval
        self.rounds = 0
        self.error: Exception | None = None
        self._stopped = threading.Event()

    def run(self) -> None:
        con = sqlite3.connect(self.path, timeout=0)
        try:
            while not self._stopped.wait(self.interval):
                try:
                    _busy, log, copied = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.OperationalError as exc:  # locked by another checkpoint: try next round
                    self.error = exc
                    continue
                self.rounds += copied > 0
        finally:
            con.close()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        self.join(timeout)


def sqlite_path(db: dict | None = None) -> Path | None:
    """The file of ``db`` (settings of a database; the default one when None) when it is SQLite on
    disk: the only case a checkpointer serves, and the file `configure()` makes private."""
    if db is None:
        from django.conf import settings

        db = settings.DATABASES["default"]
    name = str(db.get("NAME") or "")
    if db["ENGINE"] != "django.db.backends.sqlite3" or not name or name.startswith(("file:", ":memory:")):
        return None
    return Path(name)


def start_for_default_database(interval: float = INTERVAL) -> Checkpointer | None:
    """Start a :class:`Checkpointer` for the default database when it is a SQLite file, else None."""
    path = sqlite_path()
    if path is None:
        return None
    thread = Checkpointer(path, interval)
    thread.start()
    return thread
