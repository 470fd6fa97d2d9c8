"""Append to the ledger and verify it.

Models opt in by defining ``ledger_snapshot()``; saves and deletes of those
models are recorded by signals (see :mod:`redline.ledger.signals`), and services
record named state changes with :func:`record`. The actor comes from
:func:`acting_as`, set by the web middleware, the API and the CLI.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from redline.core.canonical import digest
from redline.core.ledger import DIGEST_VERSION, GENESIS, ChainEntry, Problem, object_problems, verify_chain
from redline.ledger.derived import mismatches as derived_mismatches
from redline.ledger.models import LedgerEntry
from redline.ledger.rows import Reserved, Sent, assign_ids, cursor, reserve_ids, send
from redline.ledger.rows import insert as rows_insert
from redline.ledger.snapshots import digests as snapshot_digests

#: Link ids just written, per model, many-to-many field name and primary key (see object_digests).
Links = dict[type, dict[str, dict[object, list]]]

_actor: contextvars.ContextVar[str] = contextvars.ContextVar("redline_actor", default="system")


@contextlib.contextmanager
def acting_as(actor: object) -> Iterator[None]:
    """Attribute ledger entries made inside the block to ``actor`` (a user or a label)."""
    label = getattr(actor, "email", None) or (str(actor) if actor else "anonymous")
    token = _actor.set(label)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(actor: object) -> None:
    """Attribute the rest of the current context's entries to ``actor`` (used by API token auth).

    The enclosing :func:`acting_as` block restores the previous actor when it ends.
    """
    _actor.set(getattr(actor, "email", None) or str(actor))


def current_actor() -> str:
    return _actor.get()


def object_type(obj: Model) -> str:
    return obj._meta.label_lower


def object_digest(obj: Model) -> str:
    return object_digests([obj])[0]


def object_digests(objects: list[Model], links: Links | None = None) -> list[str]:
    """The current digests of ``objects``, batched per model (one query per many-to-many field).

    ``links`` gives, per model and many-to-many field, the link ids the caller has just written (see
    :func:`redline.ledger.snapshots.snapshots`), so they are not read back.
    """
    out: list[str | None] = [None] * len(objects)
    groups: dict[type, list[int]] = {}
    for i, obj in enumerate(objects):
        groups.setdefault(type(obj), []).append(i)
    for model, idx in groups.items():
        excluded = getattr(model, "ledger_excluded", None)
        if excluded is None:  # a model with a hand-written snapshot
            for i in idx:
                out[i] = digest(objects[i].ledger_snapshot())
            continue
        given = links.get(model) if links else None
        for i, d in zip(idx, snapshot_digests([objects[i] for i in idx], excluded(), given), strict=True):
            out[i] = d
    return out  # type: ignore[return-value]


#: The key of PostgreSQL's transaction-level advisory lock that serialises ledger writers.
_HEAD_LOCK = 0x7265646C696E65  # "redline"


def lock_head() -> None:
    """Hold the ledger's writer lock until the transaction ends (PostgreSQL; SQLite has one writer anyway).

    ``SELECT … FOR UPDATE`` on the newest entry is not enough under READ COMMITTED: a writer that
    waited on it gets that same row back, not the entries committed meanwhile, and would reuse their
    sequence numbers. After this lock every statement sees what the previous holder committed.
    Callers that number things under the ledger (advisory IDs) take it first.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with cursor(connection) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_HEAD_LOCK])


def record(obj: Model, action: str, *, actor: str | None = None) -> LedgerEntry:
    """Append one entry for ``obj`` (which must define ``ledger_snapshot``)."""
    return record_many([obj], action, actor=actor)[0]


def record_many(objects: list[Model], action: str = "create", *, actor: str | None = None,
                digests: list[str] | None = None, links: Links | None = None,
                head_locked: bool = False, head: HeadRequest | None = None) -> list[LedgerEntry]:
    """Append one entry per object, chained in order, in one batch: the one way entries are written.

    The chain's head is locked for the transaction, so concurrent writers queue instead of forking it;
    ``head_locked`` says the caller took :func:`lock_head` earlier in this same transaction (intake,
    which numbers public IDs under it). ``digests`` gives the objects' digests when the caller
    computed them (the upgrade migrations, whose historical models have no methods); ``links`` the
    many-to-many links it has just written (see :func:`object_digests`); ``head`` the head the caller
    asked for with :func:`request_head` after taking the lock (intake, to read it in a wait it makes
    anyway).
    """
    if not objects:
        return []
    if digests is None:
        deleted = digest({"deleted": True})
        digests = [deleted] * len(objects) if action == "delete" else object_digests(objects, links)
    with transaction.atomic(savepoint=False):  # inside a caller's transaction, no savepoint query pair
        if head is None:
            if not head_locked:
                lock_head()
            head = request_head(len(objects))
        elif not head_locked or head.entries != len(objects):
            raise ValueError("record_many: a requested head needs the lock taken first and a key per entry")
        seq, prev, ids = head.read()
        who, at, rows = actor or current_actor(), timezone.now(), []
        for obj, obj_digest in zip(objects, digests, strict=True):
            seq += 1
            entry = ChainEntry(
                seq=seq, time=at, actor=who, action=action, object_type=object_type(obj), object_id=str(obj.pk),
                object_digest=obj_digest, prev_hash=prev, digest_version=DIGEST_VERSION,
            )
            prev = entry.compute_hash()
            rows.append(LedgerEntry(hash=prev, **entry.__dict__))
        assign_ids(rows, ids)
        return rows_insert(rows)


@dataclass
class HeadRequest:
    """The ledger's newest entry and keys for ``entries`` new ones, asked for and not yet read: in a
    pipeline, read together with whatever else was sent before."""

    sent: Sent
    ids: Reserved
    entries: int

    def read(self) -> tuple[int, str, list[int] | None]:
        """``(seq, hash)`` of the newest entry (or the genesis) and the keys drawn (None off a pipeline)."""
        found = self.sent.rows()
        seq, prev = (found[0][0], found[0][1]) if found else (0, GENESIS)
        return seq, prev, self.ids.get(LedgerEntry)


def request_head(entries: int) -> HeadRequest:
    """Ask for the newest entry, locked (PostgreSQL), as one plain statement (the ORM's
    ``select_for_update().first()`` cost more CPU than the rest of a one-report transaction's append),
    and for the keys of ``entries`` new entries (see :func:`~redline.ledger.rows.reserve_ids`). Take
    :func:`lock_head` first."""
    from django.db import connection

    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    table = connection.ops.quote_name(LedgerEntry._meta.db_table)
    sent = send(f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1{lock}", [])
    return HeadRequest(sent, reserve_ids({LedgerEntry: entries}), entries)


@dataclass(frozen=True)
class Head:
    hash: str
    length: int
    time: object


def head() -> Head:
    last = LedgerEntry.objects.order_by("-seq").first()
    if last is None:
        return Head(GENESIS, 0, None)
    return Head(last.hash, last.seq, last.time)


#: Object types renamed since entries were written: old label → new. Entries are never rewritten;
#: verify reads an old label as its new one.
LABEL_RENAMES = {"estimates.riskrun": "risk_runs.riskrun"}


def verify() -> Problem | None:
    """Re-compute the chain and every object's digest and derived fields; return the first problem or None.

    Each entry is checked by the rules of the digest version that wrote it (see docs/ledger.md).
    """
    problems = verify_all()
    return problems[0] if problems else None


def verify_all() -> list[Problem]:
    """Every problem :func:`verify` finds, by entry number; a broken chain stops at its first problem."""
    latest: dict[tuple[str, str], tuple[int, str, str, int]] = {}

    def entries():  # one pass over the table: check the chain and note each object's latest digest
        for e in LedgerEntry.objects.order_by("seq").iterator(chunk_size=5000):
            if not e.action.startswith("note:"):
                latest[(LABEL_RENAMES.get(e.object_type, e.object_type), e.object_id)] = (
                    e.seq, e.action, e.object_digest, e.digest_version)
            yield e.chain_entry(), e.hash

    problem = verify_chain(entries())
    if problem:
        return [problem]
    current: dict[tuple[str, str], str | None] = {}
    derived: list[Problem] = []
    by_type: dict[str, list[str]] = {}
    for otype, oid in latest:
        by_type.setdefault(otype, []).append(oid)
    for otype, ids in by_type.items():
        try:
            model = apps.get_model(otype)
        except LookupError:
            continue
        pk_field = model._meta.pk
        for start in range(0, len(ids), 2000):
            chunk = [pk_field.to_python(i) for i in ids[start:start + 2000]]
            objs = list(model._default_manager.filter(pk__in=chunk).order_by())  # no join a dangling key could drop
            for obj, d in zip(objs, object_digests(objs), strict=True):
                current[(otype, str(obj.pk))] = d
            for pk, field in (derived_mismatches(otype, objs) if objs else ()):
                seq = latest[(otype, str(pk))][0]
                derived.append(Problem(seq, f"{otype} {pk}: {field} does not match its recomputation"))
    return sorted([*object_problems(latest, current), *derived], key=lambda p: p.seq)
