"""Reading the files users import: one place that turns a missing, directory, unreadable or empty file
into :class:`~redline.core.errors.ImportFailed` naming it, and digests large files in chunks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redline.core.errors import ImportFailed


@contextmanager
def reading(p: Path) -> Iterator[None]:
    """Turn a missing, directory or unreadable file inside the block into ImportFailed naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise ImportFailed(p.name, "no such file") from None
    except IsADirectoryError:
        raise ImportFailed(p.name, "is a directory, not a file") from None
    except OSError as exc:
        raise ImportFailed(p.name, f"cannot be read ({exc.strerror or exc})") from None


def read_bytes(path: str | os.PathLike[str]) -> tuple[Path, bytes]:
    """The file's bytes, or ImportFailed when it is missing, unreadable or empty."""
    p = Path(path)
    with reading(p):
        data = p.read_bytes()
    if not data.strip():
        raise ImportFailed(p.name, "the file is empty")
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
        raise ImportFailed(p.name, "the file is empty")
    return p, h.hexdigest(), head


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the original file's bytes."""
    return hashlib.sha256(data).hexdigest()
