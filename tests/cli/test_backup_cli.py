"""``redline restore`` answers a bad file with one line and exit 2, and a non-empty database without --force."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_a_damaged_file_is_one_line_and_exit_2(redline_cli, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"\x00garbage")
    code, out, err = redline_cli("restore", str(junk))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "is not a redline backup" in lines[0] and "Traceback" not in err


@pytest.mark.django_db
def test_backup_then_restore_without_force_is_refused(redline_cli, tmp_path, developer):
    path = tmp_path / "b.zip"
    code, out, err = redline_cli("backup", str(path))
    assert code == 0, err
    assert "backup written" in out and path.exists()
    code, out, err = redline_cli("restore", str(path))
    assert code == 2 and "add --force" in err
