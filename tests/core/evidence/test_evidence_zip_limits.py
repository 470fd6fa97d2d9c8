"""Inspect ``.eval`` archives are checked against unpacking limits before inspect_ai opens them (issue 11).

The probe's file was 0.4 MB whose ``header.json`` unpacked to 400 MB: read for 16.6 s, the worker
grew from 182 MB to 1 GB, then a 422. Now it is refused from the central directory in milliseconds.
"""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile

import pytest

from redline.core.errors import ImportFailed
from redline.core.evidence import read_evidence
from redline.core.evidence.inspect_log import read_inspect
from redline.core.files import ZipLimits, check_zip

MIB = 1024 * 1024


def bomb(path, member: str = "header.json", mib: int = 100):
    """A small deflated archive whose one member unpacks to ``mib`` MiB of spaces."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as out:
        block = b" " * MIB
        for _ in range(mib):
            out.write(block)
    return path


def test_a_header_that_unpacks_past_the_member_limit_is_refused_unread(tmp_path):
    path = bomb(tmp_path / "bomb.eval")
    assert path.stat().st_size < MIB
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ImportFailed, match=r"bomb\.eval: member 'header\.json' unpacks to 100\.0 MiB, "
                                               r"more than the 64\.0 MiB allowed"):
            read_inspect(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0 and peak < 8 * MIB
    with pytest.raises(ImportFailed, match="unpacks to"):
        read_evidence(path)  # sniffed as inspect, same check


def test_total_and_member_count_limits(tmp_path):
    path = tmp_path / "many.eval"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"samples/{i}.json", b"0" * (MIB // 2))
    check_zip(path)  # within the defaults
    with pytest.raises(ImportFailed, match="more than the 2.0 MiB allowed"):
        check_zip(path, ZipLimits(max_total_bytes=2 * MIB))
    with pytest.raises(ImportFailed, match="5 members, more than the 4 allowed"):
        check_zip(path, ZipLimits(max_members=4))


def test_an_archive_that_lies_about_its_sizes_is_stopped_while_streaming(tmp_path):
    path = tmp_path / "liar.eval"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("header.json", b" " * (4 * MIB))
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # declared uncompressed size: 1000 bytes
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).infolist()[0].file_size == 1000
    with pytest.raises(ImportFailed, match=r"liar\.eval: member 'header\.json' (unpacks past|cannot be unpacked)"):
        check_zip(path)


def test_not_a_zip_is_refused_by_name(tmp_path):
    path = tmp_path / "broken.eval"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ImportFailed, match=r"broken\.eval: not a readable zip archive"):
        check_zip(path)
