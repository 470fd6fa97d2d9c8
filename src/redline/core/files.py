"""Reading the files users import: one place that turns a missing, directory, unreadable or empty file
into :class:`~redline.core.errors.ImportFailed` naming it, digests large files in chunks, and checks
zip archives against unpacking limits before any reader opens them (:func:`check_zip`).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip archive (an Inspect ``.eval`` log) may unpack to; the site sets them from settings."""

    #: Unpacked bytes of any one member (an Inspect header or one sample).
    max_member_bytes: int = 64 * 1024 * 1024
    #: Unpacked bytes of all members together.
    max_total_bytes: int = 512 * 1024 * 1024
    #: Members in the archive.
    max_members: int = 100_000


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def check_zip(path: str | os.PathLike[str], limits: ZipLimits = ZipLimits(), *, what: str = "zip archive") -> None:
    """Refuse a zip archive whose members unpack past ``limits``, before any reader expands it.

    Each member's declared size is checked first (from the central directory, nothing unpacked);
    then every member is streamed in 1 MiB blocks, counting what it really unpacks to, so an archive
    that lies about its sizes is stopped at the limit. ImportFailed names the file and the member
    (``what`` names the kind of file when it is no zip at all).
    """
    p = Path(path)
    block = 1 << 20
    try:  # Inspect writes zstandard members (method 93); inspect_ai's dependency teaches zipfile to read them
        import zipfile_zstd  # noqa: F401
    except ImportError:  # pragma: no cover - installed with inspect_ai
        pass
    with reading(p):
        try:
            archive = zipfile.ZipFile(p)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise ImportFailed(p.name, f"not a readable {what} ({exc})") from None
        with archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ImportFailed(p.name, f"{len(members)} members, more than the {limits.max_members} allowed")
            declared = 0
            for info in members:
                if info.file_size > limits.max_member_bytes:
                    raise ImportFailed(p.name, f"member {info.filename!r} unpacks to {_mib(info.file_size)}, "
                                       f"more than the {_mib(limits.max_member_bytes)} allowed for one member")
                declared += info.file_size
                if declared > limits.max_total_bytes:
                    raise ImportFailed(p.name, f"the members unpack to more than the "
                                       f"{_mib(limits.max_total_bytes)} allowed")
            total = 0
            for info in members:
                if info.is_dir():
                    continue
                size = 0
                try:
                    with archive.open(info) as member:
                        while chunk := member.read(block):
                            size += len(chunk)
                            total += len(chunk)
                            if size > min(info.file_size, limits.max_member_bytes) or total > limits.max_total_bytes:
                                raise ImportFailed(p.name, f"member {info.filename!r} unpacks past its declared "
                                                   f"size or the limits")
                except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                    # Bad CRC, truncated data, an unsupported method or an encrypted member.
                    raise ImportFailed(p.name, f"member {info.filename!r} cannot be unpacked ({exc})") from None
