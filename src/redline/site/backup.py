"""Backups that move between databases: every table, exactly, in a zip with a manifest and checksums.

The format is specified in docs/formats/backup.md. :func:`write_backup` reads each table through
the ORM (so SQLite and PostgreSQL give the same values), :func:`read_backup` checks a whole file
(format, version, checksums, row counts, every row's shape) before anything is written, and
:func:`restore` loads it in one transaction, resets the id sequences and rebuilds the search index.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection, models, transaction

from redline.core.errors import InvalidInput

FORMAT = "redline-backup"
VERSION = 1
#: Tables left out: sessions (everyone signs in again) and the columns that are rebuilt after a restore.
SKIPPED_TABLES = frozenset({"django_session"})
REBUILT_COLUMNS = frozenset({("disclosure_advisory", "search_vector")})
#: Rows per INSERT batch and per progress step.
BATCH = 1000

Progress = Callable[[str, int], None]


def _quiet(_what: str, _n: int) -> None:
    pass


def backed_up_models() -> list[type[models.Model]]:
    """Every table the backup holds: each concrete model and many-to-many link table, in app order."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in SKIPPED_TABLES:
            continue
        out.append(model)
    return out


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if (model._meta.db_table, f.column) not in REBUILT_COLUMNS]


# --- values --------------------------------------------------------------------------------


def _encode(f: models.Field, value: object) -> object:
    if value is None:
        return None
    if isinstance(f, models.JSONField):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, cls=f.encoder)
        if "\\u0000" in text:  # PostgreSQL's jsonb refuses the escaped NUL as well
            _NUL["count"] += len(_ESCAPED_NUL.findall(text))
            text = _ESCAPED_NUL.sub(r"\\ufffd", text)
        return text
    if isinstance(value, (bytes, memoryview, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()  # microseconds and the UTC offset kept
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, str):
        return _nul_free(value)
    if isinstance(f, models.FileField):
        return getattr(value, "name", None) or None
    return value


_NUL = {"count": 0}
_ESCAPED_NUL = re.compile(r"(?<!\\)\\u0000")


def _nul_free(text: str) -> str:
    """PostgreSQL stores no NUL character: the backup holds U+FFFD instead, counted in the manifest."""
    if "\x00" in text:
        _NUL["count"] += text.count("\x00")
        return text.replace("\x00", "\ufffd")
    return text


def _decode(f: models.Field, value: object) -> object:
    if value is None:
        return None
    if isinstance(f, models.JSONField):
        return json.loads(value, cls=f.decoder)
    if isinstance(f, models.BinaryField):
        return base64.b64decode(value, validate=True)
    if isinstance(f, models.DateTimeField):
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("a time without its UTC offset")
        return parsed
    if isinstance(f, models.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(f, models.TimeField):
        return dt.time.fromisoformat(value)
    if isinstance(f, models.DurationField):
        return dt.timedelta(seconds=value)
    if isinstance(f, models.DecimalField):
        return decimal.Decimal(value)
    if isinstance(f, models.UUIDField):
        return uuid.UUID(value)
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("a NUL character")
    return value


# --- writing -------------------------------------------------------------------------------


def _applied_migrations() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def write_backup(path: Path, *, progress: Progress = _quiet) -> dict:
    """Write every table to ``path`` (a zip: manifest.json, tables/*.jsonl, media/*); returns the manifest."""
    from django.core.files.storage import default_storage

    from redline import __version__
    from redline.ledger.services import head

    _NUL["count"] = 0
    tables, media = [], []
    tmp = path.with_name(path.name + ".partial")
    with transaction.atomic(), zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        if connection.vendor == "postgresql":  # one snapshot of every table
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
            cols = _columns(model)
            names = [f.attname for f in cols]
            digest, rows = hashlib.sha256(), 0
            member = f"tables/{model._meta.db_table}.jsonl"
            with zf.open(member, "w") as out:
                qs = model._base_manager.order_by("pk").values_list(*names)
                for values in qs.iterator(chunk_size=BATCH):
                    line = (json.dumps([_encode(f, v) for f, v in zip(cols, values, strict=True)],
                                       ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
                    out.write(line)
                    digest.update(line)
                    rows += 1
                    if rows % BATCH == 0:
                        progress(model._meta.db_table, BATCH)
                    for f, v in zip(cols, values, strict=True):
                        if isinstance(f, models.FileField) and v:
                            media.append(v)
            progress(model._meta.db_table, rows % BATCH)
            tables.append({"table": model._meta.db_table, "model": model._meta.label_lower, "file": member,
                           "columns": [f.column for f in cols], "rows": rows, "sha256": digest.hexdigest()})
        files = []
        for name in sorted(set(media)):
            if not default_storage.exists(name):
                continue
            with default_storage.open(name, "rb") as fh:
                data = fh.read()
            zf.writestr(f"media/{name}", data)
            files.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        h = head()
        manifest = {
            "format": FORMAT, "version": VERSION, "redline": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(), "source": connection.vendor,
            "migrations": _applied_migrations(), "ledger": {"head": h.hash, "length": h.length},
            "tables": tables, "media": files, "nul_replaced": _NUL["count"],
        }
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    tmp.replace(path)
    return manifest


# --- reading -------------------------------------------------------------------------------


@dataclass
class Backup:
    """A checked backup file: its manifest and, per table, the model and its columns in file order."""

    path: Path
    manifest: dict
    plan: list[tuple[type[models.Model], list[models.Field], dict]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"])


def _bad(message: str) -> InvalidInput:
    return InvalidInput("FILE", message)


def read_backup(path: Path, *, progress: Progress = _quiet) -> Backup:
    """Check ``path`` completely (format, version, checksums, counts, every value); raise one clear error."""
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise _bad(f"{path} does not exist") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise _bad(f"{path} is not a redline backup (not a readable zip file: {exc})") from None
    with zf:
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except KeyError:
            raise _bad(f"{path} is not a redline backup (no manifest.json)") from None
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            raise _bad(f"{path}: the manifest does not read ({exc})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad(f"{path} is not a redline backup (format is not {FORMAT!r})")
        if manifest.get("version") != VERSION:
            raise _bad(f"{path} is backup format version {manifest.get('version')!r}; this release reads "
                       f"version {VERSION} (use the release that wrote it)")
        backup = Backup(path, manifest)
        _check_migrations(manifest)
        by_table = {m._meta.db_table: m for m in backed_up_models()}
        for t in manifest.get("tables", []):
            model = by_table.get(t["table"])
            if model is None:
                raise _bad(f"table {t['table']} is not one this release knows")
            known = {f.column: f for f in _columns(model)}
            missing = [c for c in t["columns"] if c not in known]
            if missing:
                raise _bad(f"table {t['table']}: unknown columns {', '.join(missing)}")
            cols = [known[c] for c in t["columns"]]
            digest, rows = hashlib.sha256(), 0
            try:
                with zf.open(t["file"]) as fh:
                    for line in fh:
                        digest.update(line)
                        rows += 1
                        values = json.loads(line)
                        if len(values) != len(cols):
                            raise ValueError(f"{len(values)} values for {len(cols)} columns")
                        for f, v in zip(cols, values, strict=True):
                            _decode(f, v)
                        if rows % BATCH == 0:
                            progress("checking", BATCH)
            except KeyError:
                raise _bad(f"table {t['table']}: {t['file']} is missing from the file") from None
            except (ValueError, TypeError, zipfile.BadZipFile, OSError, EOFError) as exc:
                raise _bad(f"table {t['table']} row {rows}: {exc}") from None
            progress("checking", rows % BATCH)
            if digest.hexdigest() != t["sha256"] or rows != t["rows"]:
                raise _bad(f"table {t['table']}: checksum or row count does not match the manifest "
                           f"(the file is damaged)")
            backup.plan.append((model, cols, t))
        for m in manifest.get("media", []):
            try:
                data = zf.read(f"media/{m['name']}")
            except KeyError:
                raise _bad(f"media file {m['name']} is missing") from None
            if hashlib.sha256(data).hexdigest() != m["sha256"]:
                raise _bad(f"media file {m['name']}: checksum does not match the manifest")
    return backup


def _check_migrations(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    theirs = {tuple(m) for m in manifest.get("migrations", [])}
    newer = sorted(theirs - known)
    if newer:
        raise _bad(f"made by a newer release (unknown migrations: {', '.join('.'.join(m) for m in newer[:3])}); "
                   "restore it with that release or a later one")
    older = sorted(m for m in known - theirs if m[0] in {a for a, _ in theirs})
    if older:
        raise _bad(f"made by an older release (it lacks {', '.join('.'.join(m) for m in older[:3])}); restore it "
                   "with the release that wrote it, then upgrade that database (docs/operations.md)")


# --- restoring -----------------------------------------------------------------------------


#: What ``migrate`` itself puts in a new database: content types, permissions and the shipped CUE
#: catalogue with its ledger entries. A database holding only these counts as empty.
SEEDED_TABLES = frozenset({"django_content_type", "auth_permission", "enumeration_cueentry",
                           "enumeration_cueentryversion", "ledger_ledgerentry"})


def has_data() -> bool:
    """Whether the database holds anything beyond what ``migrate`` put there itself."""
    from redline.ledger.models import LedgerEntry

    if any(m._base_manager.exists() for m in backed_up_models() if m._meta.db_table not in SEEDED_TABLES):
        return True
    return LedgerEntry.objects.exclude(object_type="enumeration.cueentry").exists()


def _rows(zf: zipfile.ZipFile, member: str, cols: list[models.Field]) -> Iterator[dict]:
    with zf.open(member) as fh:
        for line in io.TextIOWrapper(fh, encoding="utf-8"):
            yield {f.attname: _decode(f, v) for f, v in zip(cols, json.loads(line), strict=True)}


def restore(backup: Backup, *, force: bool = False, progress: Progress = _quiet) -> dict:
    """Load a checked backup into this database in one transaction; refuse a non-empty one unless ``force``."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management.color import no_style

    from redline.disclosure.publishing import rebuild_search_index

    if not force and has_data():
        raise InvalidInput("--force", "this database already holds data; restoring replaces all of it "
                                      "(add --force to do that)")
    q = connection.ops.quote_name
    with transaction.atomic(), zipfile.ZipFile(backup.path) as zf:
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute("PRAGMA defer_foreign_keys = ON")
            for model in reversed(backed_up_models()):
                cur.execute(f"DELETE FROM {q(model._meta.db_table)}")
        for model, cols, t in backup.plan:
            batch = []
            for row in _rows(zf, t["file"], cols):
                batch.append(model(**row))
                if len(batch) == BATCH:
                    model._base_manager.bulk_create(batch)
                    progress(t["table"], len(batch))
                    batch = []
            if batch:
                model._base_manager.bulk_create(batch)
                progress(t["table"], len(batch))
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in backup.plan]):
                cur.execute(sql)
        indexed = rebuild_search_index()
        for m in backup.manifest.get("media", []):
            if not default_storage.exists(m["name"]):
                default_storage.save(m["name"], ContentFile(zf.read(f"media/{m['name']}")))
    return {"tables": len(backup.plan), "rows": backup.rows, "indexed": indexed}


def table_counts() -> dict[str, int]:
    """Rows per backed-up table, as the database holds them now."""
    return {m._meta.db_table: m._base_manager.count() for m in backed_up_models()}
