"""File helpers shared by the readers: digest, bytes and JSON loading with ImportFailed errors."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redline.core.errors import ImportFailed


@contextmanager
def reading(p: Path) -> Iterator[None]:
    """Turn a missing, directory or unreadable file inside the block into ImportFailed naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise ImportFailed(f"{p.name}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{p.name}: is a directory, not a file") from None
    except OSError as exc:
        raise ImportFailed(f"{p.name}: cannot be read ({exc.strerror or exc})") from None


def read_bytes(path: str | os.PathLike[str]) -> tuple[Path, bytes]:
    """The file's bytes, or ImportFailed when it is missing, unreadable or empty."""
    p = Path(path)
    with reading(p):
        data = p.read_bytes()
    if not data.strip():
        raise ImportFailed(f"{p.name}: the file is empty")
    return p, data


def digest_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> tuple[Path, str, bytes]:
    """(path, hex SHA-256, first bytes) read in chunks, so a large log is never held whole.

    Raises ImportFailed like :func:`read_bytes` when the file is missing, unreadable or empty.
    """
    p = Path(path)
    h = hashlib.sha256()
    head = b""
    blank = True
    with reading(p), p.open("rb") as f:
        while block := f.read(chunk):
            if not head:
                head = block[:16]
            if blank and block.strip():
                blank = False
            h.update(block)
    if blank:
        raise ImportFailed(f"{p.name}: the file is empty")
    return p, h.hexdigest(), head


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the original file's bytes."""
    return hashlib.sha256(data).hexdigest()


def load_json(name: str, data: bytes) -> Any:
    """Parse ``data`` as JSON, or ImportFailed naming the file and position."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{name}: invalid or truncated JSON ({exc.msg} at line {exc.lineno})") from None


def load_jsonl(name: str, data: bytes) -> list[dict[str, Any]]:
    """Parse JSON Lines; every non-blank line must be an object."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{name}: not UTF-8 text") from None
    rows: list[dict[str, Any]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{name}: line {lineno} is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ImportFailed(f"{name}: line {lineno} is not a JSON object")
        rows.append(row)
    return rows


def as_float(value: Any) -> float | None:
    """A finite float, or ``None`` for "N/A", null, NaN or anything non-numeric."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if out == out and out not in (float("inf"), float("-inf")) else None
