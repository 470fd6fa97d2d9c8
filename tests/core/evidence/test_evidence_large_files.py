"""Large evidence files are digested in chunks and sniffed from their head, never loaded whole."""

import hashlib

import pytest

from redline.core.errors import ImportFailed
from redline.core.evidence._io import digest_file
from redline.core.evidence.sniff import HEAD_BYTES, sniff_kind


def test_digest_file_matches_hashlib_and_keeps_the_head(tmp_path):
    path = tmp_path / "big.json"
    data = b'{"eval": 1}' + b" " * (3 * (1 << 20) + 17)
    path.write_bytes(data)
    p, digest, head = digest_file(path, chunk=1 << 16)
    assert p == path and digest == hashlib.sha256(data).hexdigest() and head.startswith(b'{"eval"')


@pytest.mark.parametrize("content,message", [(b"", "empty"), (b"  \n ", "empty")])
def test_digest_file_refuses_empty_files(tmp_path, content, message):
    path = tmp_path / "e.json"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=message):
        digest_file(path)


def test_large_inspect_log_is_sniffed_from_its_head(tmp_path):
    # Past the head the file is not JSON at all: a reader that parsed it whole would fail.
    path = tmp_path / "log.json"
    path.write_bytes(b'{"version": 2, "status": "success", "eval": {"task": "t"}, "samples": ['
                     + b"x" * (HEAD_BYTES * 2))
    assert sniff_kind(path) == "inspect"


def test_large_lm_eval_file_is_sniffed_from_its_head(tmp_path):
    path = tmp_path / "results.json"
    path.write_bytes(b'{"results": {"arc": {"acc,none": 0.5}}, "pad": "' + b"y" * (HEAD_BYTES * 2) + b'"}')
    assert sniff_kind(path) == "lm_eval"
