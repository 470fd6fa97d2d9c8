"""Set Django up outside a web server (the CLI, benchmarks, scripts): the settings module, the data folder."""

from __future__ import annotations

import os

_READY = {"django": False}


def configure() -> None:
    """Point Django at redline's settings and set it up (idempotent).

    Creates the data directory so the default SQLite file can be opened (the file itself 0600,
    before Django first opens it); raises Django's
    ``ImproperlyConfigured`` when the settings refuse the environment (e.g. no secret key).
    """
    if _READY["django"]:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.site.settings")
    from redline.core.datadir import data_dir

    (data_dir() / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT; whitenoise warns when absent
    import django

    django.setup()
    _private_sqlite_file()
    _READY["django"] = True


def _private_sqlite_file() -> None:
    """The default SQLite database is created 0600 (it holds reports, e-mail addresses and hashes)."""
    from redline.core.datadir import ensure_private_file
    from redline.site.checkpoint import sqlite_path

    path = sqlite_path()
    if path is not None:
        ensure_private_file(path)
