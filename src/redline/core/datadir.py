"""Where redline keeps its data, and the secret key kept there: one place for both defaults.

``REDLINE_DATA_DIR`` (default ``.redline`` in the working directory) holds the SQLite database,
uploaded files, the cache and, unless ``REDLINE_SECRET_KEY`` is set, the file ``secret_key``.
Pure apart from the file operations the names say; no Django.
"""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from pathlib import Path

DEFAULT_DATA_DIR = ".redline"
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "dev", "development", "insecure", "placeholder"}
#: A secret key needs this many characters, different characters and estimated bits of entropy.
MIN_SECRET_LENGTH = 50
MIN_SECRET_DISTINCT = 10
MIN_SECRET_BITS = 128
SECRET_KEY_FILE = "secret_key"


def data_dir() -> Path:
    """The data directory from ``REDLINE_DATA_DIR`` (absolute; not created)."""
    return Path(os.environ.get("REDLINE_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


def secret_key_path(directory: Path | None = None) -> Path:
    return (directory or data_dir()) / SECRET_KEY_FILE


def read_secret_key(directory: Path | None = None) -> str | None:
    """The key kept in the data directory, or None when there is none."""
    path = secret_key_path(directory)
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def ensure_secret_key(directory: Path | None = None) -> str:
    """The kept key, generating a random one (mode 0600) when the data directory has none yet."""
    path = secret_key_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(50))
    return read_secret_key(path.parent) or ""


def ensure_private_file(path: Path) -> Path:
    """Create ``path`` readable and writable by its owner only (0600), or narrow an existing one to that.

    Used for the SQLite database before Django first opens it; SQLite gives its ``-wal`` and ``-shm``
    files the database file's permissions.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    else:
        os.close(fd)
    return path


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not a usable secret key, or None.

    Refused: placeholders, Django's ``django-insecure`` keys, fewer than 50 characters, fewer than 10
    different characters, or under 128 bits by the characters' own frequencies (length × Shannon
    entropy per character: ``"x" * 60`` has 0, ``secrets.token_urlsafe(50)`` about 360, 50 hex digits
    about 190).
    """
    if key.strip().lower() in PLACEHOLDER_SECRETS or key.startswith("django-insecure"):
        return "is missing or a placeholder"
    if len(key) < MIN_SECRET_LENGTH:
        return f"has {len(key)} characters; it needs at least {MIN_SECRET_LENGTH}"
    counts = Counter(key)
    if len(counts) < MIN_SECRET_DISTINCT:
        return f"has only {len(counts)} different characters; it needs at least {MIN_SECRET_DISTINCT}"
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_SECRET_BITS:
        return f"is too repetitive to be random (about {bits:.0f} bits; at least {MIN_SECRET_BITS} needed)"
    return None
