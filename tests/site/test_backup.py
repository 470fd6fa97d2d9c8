"""The backup file: what it keeps exactly, and the files a restore refuses before writing anything."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import pytest

from redline.core.errors import InvalidInput
from redline.ledger.models import LedgerEntry
from redline.ledger.services import head, verify
from redline.site import backup


@pytest.fixture
def data(developer, make_model):
    from redline.registry.models import AIModel

    model = make_model(developer, name="Precise", release_date=dt.date(2026, 1, 2))
    AIModel.objects.filter(pk=model.pk).update(created_at=dt.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC))
    model.refresh_from_db()
    model.summary = "changed"
    model.save()  # recorded, so the ledger verifies
    return model


def _rewrite(src, dst, change):
    """Copy a backup, letting ``change(name, bytes)`` alter members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item.filename)))


@pytest.mark.django_db
def test_a_backup_restores_to_the_same_rows_times_and_ledger(data, tmp_path):
    path = tmp_path / "b.zip"
    manifest = backup.write_backup(path)
    counts, h = backup.table_counts(), head()
    assert manifest["format"] == "redline-backup" and manifest["version"] == 1
    assert manifest["ledger"] == {"head": h.hash, "length": h.length}
    with zipfile.ZipFile(path) as zf:
        rows = zf.read("tables/registry_aimodel.jsonl").decode()
    assert "2026-03-04T05:06:07.891011+00:00" in rows  # microseconds and offset kept
    checked = backup.read_backup(path)
    with pytest.raises(InvalidInput, match="--force"):
        backup.restore(checked)  # this database holds data
    backup.restore(checked, force=True)
    assert backup.table_counts() == counts and head() == h and verify() is None
    from redline.registry.models import AIModel

    assert AIModel.objects.get(pk=data.pk).created_at.microsecond == 891011


@pytest.mark.django_db
def test_damaged_or_foreign_files_are_refused_before_anything_is_written(data, tmp_path):
    path = tmp_path / "b.zip"
    backup.write_backup(path)
    before = LedgerEntry.objects.count()
    damaged = tmp_path / "damaged.zip"
    _rewrite(path, damaged, lambda n, b: b.replace(b"Precise", b"Precisf") if n.endswith("aimodel.jsonl") else b)
    with pytest.raises(InvalidInput, match="checksum or row count does not match"):
        backup.read_backup(damaged)
    newer = tmp_path / "v2.zip"
    _rewrite(path, newer, lambda n, b: json.dumps({**json.loads(b), "version": 2}).encode()
             if n == "manifest.json" else b)
    with pytest.raises(InvalidInput, match="format version 2; this release reads version 1"):
        backup.read_backup(newer)
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="not a redline backup"):
        backup.read_backup(tmp_path / "junk.zip")
    future = tmp_path / "future.zip"
    _rewrite(path, future, lambda n, b: json.dumps({**json.loads(b), "migrations": [
        *json.loads(b)["migrations"], ["registry", "9999_future"]]}).encode() if n == "manifest.json" else b)
    with pytest.raises(InvalidInput, match="newer release"):
        backup.read_backup(future)
    assert LedgerEntry.objects.count() == before


@pytest.mark.django_db
def test_nul_characters_become_replacement_characters_and_a_file_holding_one_is_refused(data, tmp_path):
    from django.db import models

    text, js = models.TextField(), models.JSONField()
    assert backup._encode(text, "a\x00b") == "a\ufffdb"
    assert json.loads(backup._encode(js, {"k": "a\x00b"})) == {"k": "a\ufffdb"}
    with pytest.raises(ValueError, match="NUL"):
        backup._decode(text, "a\x00b")
    path = tmp_path / "b.zip"
    backup.write_backup(path)
    poisoned = tmp_path / "nul.zip"
    with zipfile.ZipFile(path) as zf:
        member = "tables/registry_aimodel.jsonl"
        table = zf.read(member).replace(b"Precise", b"Prec\\u0000se")
        manifest = json.loads(zf.read("manifest.json"))
    for t in manifest["tables"]:
        if t["file"] == member:
            t["sha256"] = hashlib.sha256(table).hexdigest()  # a well-formed file, checksums and all
    _rewrite(path, poisoned, lambda n, b: table if n == member else json.dumps(manifest).encode()
             if n == "manifest.json" else b)
    with pytest.raises(InvalidInput, match="registry_aimodel row 1: a NUL character"):
        backup.read_backup(poisoned)
