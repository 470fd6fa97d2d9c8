"""Settings read from the environment: secret key refusal, SQLite pragmas, hashing, cookies."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def _settings_in_subprocess(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter with only ``env`` set."""
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": SRC, "REDLINE_DATA_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60)


#: A key the settings accept: 60 hex digits (about 200 bits by its own character frequencies).
GOOD_KEY = "f94a27130b857a4bd4e3" * 3
IMPORT = "import redline.site.settings as s; print(s.SECRET_KEY[:8])"


@pytest.mark.parametrize("key", [None, "", "changeme", "secret", "django-insecure-abc123", "x", "x" * 60,
                                 "a-long-random-value-" + "q" * 40, "abcdefghi" * 8])
def test_missing_or_placeholder_secret_is_refused_outside_debug(tmp_path, key):
    env = {} if key is None else {"REDLINE_SECRET_KEY": key}
    proc = _settings_in_subprocess(tmp_path, IMPORT, **env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "REDLINE_SECRET_KEY" in proc.stderr


def test_placeholder_secret_is_accepted_in_debug(tmp_path):
    proc = _settings_in_subprocess(tmp_path, IMPORT, REDLINE_DEBUG="1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "redline-"


def test_real_secret_is_accepted_outside_debug(tmp_path):
    for key in ("kT3v9Qm2-Zp8Lw_Xr4Nc7Yb1Hs6Jd0Fg5Ua2Ei9Oo3Pl8Kk7Mm4Nn1Bb6Vv5Cc0Xx", GOOD_KEY):
        proc = _settings_in_subprocess(tmp_path, IMPORT, REDLINE_SECRET_KEY=key)
        assert proc.returncode == 0, proc.stderr


def test_a_weak_key_is_refused_with_the_reason(tmp_path):
    proc = _settings_in_subprocess(tmp_path, IMPORT, REDLINE_SECRET_KEY="x")
    assert "REDLINE_SECRET_KEY has 1 characters; it needs at least 50" in proc.stderr


def test_the_sqlite_file_is_created_owner_only(tmp_path):
    code = ("import os, stat; os.umask(0o022); from redline.site.setup import configure; configure();"
            "from django.db import connection; connection.ensure_connection();"
            "p = os.path.join(os.environ['REDLINE_DATA_DIR'], 'redline.sqlite3');"
            "print(oct(stat.S_IMODE(os.stat(p).st_mode)))")
    proc = _settings_in_subprocess(tmp_path, code, REDLINE_SECRET_KEY=GOOD_KEY)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0o600"
    db = tmp_path / "redline.sqlite3"
    db.chmod(0o644)
    proc = _settings_in_subprocess(tmp_path, code, REDLINE_SECRET_KEY=GOOD_KEY)
    assert proc.stdout.strip() == "0o600"


PRAGMAS = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "redline.site.settings"
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode"); journal = c.fetchone()[0]
    c.execute("PRAGMA foreign_keys"); fks = c.fetchone()[0]
    c.execute("PRAGMA synchronous"); sync = c.fetchone()[0]
    c.execute("PRAGMA temp_store"); temp = c.fetchone()[0]
print(json.dumps({"journal": journal, "foreign_keys": fks, "synchronous": sync, "temp_store": temp,
                  "vendor": connection.vendor}))
"""


def test_default_database_is_sqlite_in_wal_mode_with_foreign_keys(tmp_path):
    # synchronous 1 is NORMAL (docs/operations.md#durability); temp_store 2 is MEMORY, so a statement's
    # undo journal is never a file of its own (see settings.py)
    # The test database is in memory (no WAL there), so open the default file database the way
    # production does, in a fresh interpreter without DATABASE_URL.
    proc = _settings_in_subprocess(tmp_path, PRAGMAS, REDLINE_SECRET_KEY=GOOD_KEY)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {"journal": "wal", "foreign_keys": 1, "synchronous": 1, "temp_store": 2, "vendor": "sqlite"}
    assert (tmp_path / "redline.sqlite3").exists()


@pytest.mark.django_db
def test_test_database_has_foreign_keys_or_is_postgres():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert connection.vendor == "postgresql"


def test_database_url_selects_postgres(tmp_path):
    code = ("import redline.site.settings as s; print(s.DATABASES['default']['ENGINE'], "
            "s.DATABASES['default']['NAME'])")
    proc = _settings_in_subprocess(tmp_path, code, REDLINE_SECRET_KEY=GOOD_KEY,
                                   DATABASE_URL="postgres://postgres@127.0.0.1:5432/somedb")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["django.db.backends.postgresql", "somedb"]


def test_production_hashes_passwords_with_argon2():
    import test_settings

    assert test_settings.PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    code = ("import json, redline.site.settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
            "s.CSRF_COOKIE_SAMESITE, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF]))")
    proc = _settings_in_subprocess(tmp_path, code, REDLINE_SECRET_KEY=GOOD_KEY)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [True, True, True, True, "Lax", "Lax", "DENY", True]
