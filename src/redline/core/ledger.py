"""The hash chain behind the ledger, as pure functions.

An entry's hash covers its sequence number, time, actor, action, object type and
id, the digest of the object's canonical JSON and the previous entry's hash, so
rewriting any entry, or any object without a new entry, is detectable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from redline.core.canonical import digest

GENESIS = "0" * 64

#: The rules new entries are written by. Version 1 (until 0.3): object digests of hand-picked
#: snapshot fields, entry hashes without a version. Version 2: digests of every stored field
#: of the object with a per-object salt, and the version inside the entry's hash.
DIGEST_VERSION = 2


@dataclass(frozen=True)
class ChainEntry:
    """The hashed fields of one ledger entry."""

    seq: int
    time: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_digest: str
    prev_hash: str
    digest_version: int = 1

    def compute_hash(self) -> str:
        """The entry's hash by the rules of its version (version 1 entries do not hash the version)."""
        fields = {
            "seq": self.seq,
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_digest": self.object_digest,
            "prev_hash": self.prev_hash,
        }
        if self.digest_version >= 2:
            fields["digest_version"] = self.digest_version
        return digest(fields)


@dataclass(frozen=True)
class Problem:
    """The first entry that fails verification, and why."""

    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.reason}"


def verify_chain(entries: Iterable[tuple[ChainEntry, str]]) -> Problem | None:
    """Check sequence, links and hashes of ``(entry, stored_hash)`` pairs in order."""
    prev = GENESIS
    expected_seq = 1
    for entry, stored in entries:
        if entry.seq != expected_seq:
            return Problem(entry.seq, f"sequence gap: expected {expected_seq}")
        if entry.prev_hash != prev:
            return Problem(entry.seq, "previous-hash link does not match the entry before it")
        if entry.compute_hash() != stored:
            return Problem(entry.seq, "stored hash does not match the entry's contents")
        prev = stored
        expected_seq += 1
    return None


def verify_objects(latest: Mapping[tuple[str, str], tuple[int, str, str, int]],
                   current: Mapping[tuple[str, str], str | None]) -> Problem | None:
    """The first of :func:`object_problems` (the lowest entry number), or None."""
    problems = object_problems(latest, current)
    return min(problems, key=lambda p: p.seq) if problems else None


def object_problems(latest: Mapping[tuple[str, str], tuple[int, str, str, int]],
                    current: Mapping[tuple[str, str], str | None]) -> list[Problem]:
    """Compare each object's latest recorded digest with the digest of its current row.

    ``latest`` maps (type, id) to (seq, action, digest, digest version); ``current`` maps it to the
    digest of the row now (by the current version's rules), or None when the row is gone. A live
    object whose latest entry is older than :data:`DIGEST_VERSION` did not match its entry when the
    upgrade re-digested every object (the upgrade re-digests only objects that still match).
    """
    problems = []
    for key, (seq, action, recorded, version) in latest.items():
        now = current.get(key)
        if action == "delete":
            if now is not None:
                problems.append(Problem(seq, f"{key[0]} {key[1]} was deleted but exists again"))
            continue
        if now is None:
            problems.append(Problem(seq, f"{key[0]} {key[1]} is missing from the database"))
        elif version < DIGEST_VERSION:
            problems.append(Problem(seq, f"{key[0]} {key[1]} was changed without a ledger entry (it did not match "
                                         f"this digest version {version} entry at the upgrade, so it was not re-digested)"))
        elif now != recorded:
            problems.append(Problem(seq, f"{key[0]} {key[1]} was changed without a ledger entry"))
    return problems
