"""Where redline keeps its data, and the secret key kept there: one place for both defaults.

``REDLINE_DATA_DIR`` (default ``.redline`` in the working directory) holds the SQLite database,
uploaded files, the cache and, unless ``REDLINE_SECRET_KEY`` is set, the file ``secret_key``.
Pure apart from the file operations the names say; no Django.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULT_DATA_DIR = ".redline"
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
