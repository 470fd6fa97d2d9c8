"""CUE services: load the shipped catalogue, propose entries and edits, accept or reject proposals.

Each function runs in one transaction; the ledger records the saves through the model
signals. Entries are never deleted: a change makes a new :class:`CueEntryVersion`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from redline.accounts.policy import can_maintain_cue
from redline.core import cue as core
from redline.core.errors import InvalidInput, PermissionDenied
from redline.enumeration.models import CueEntry, CueEntryVersion, CueProposal, ProposalKind, ProposalState

#: Fields a proposal may set, in display order; lists are the mappings and vocabularies.
TEXT_FIELDS = ("name", "category", "description")
LIST_FIELDS = ("threat_actors", "harm_tiers", "atlas", "avid", "owasp", "aiid")
ENTRY_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "status")


@functools.cache
def catalogue() -> core.CueCatalogue:
    """The shipped catalogue, read once per process (vocabularies for forms and validation)."""
    return core.load_catalogue()


def snapshot(entry: CueEntry) -> dict[str, Any]:
    """The fields that make up one version of an entry."""
    return {f: getattr(entry, f) for f in ENTRY_FIELDS}


def _fields_from_core(item: core.CueEntry) -> dict[str, Any]:
    m = item.mappings
    return {"name": item.name, "category": item.category, "description": item.description,
            "threat_actors": list(item.threat_actors), "harm_tiers": list(item.harm_tiers),
            "atlas": list(m.atlas), "avid": list(m.avid), "owasp": list(m.owasp_llm), "aiid": list(m.aiid),
            "status": "active"}


def _add_version(entry: CueEntry, user, reason: str, using: str = "default") -> CueEntryVersion:
    return CueEntryVersion.objects.using(using).create(
        entry=entry, version=entry.version, snapshot=snapshot(entry),
        created_by=user if getattr(user, "pk", None) else None, reason=reason)


def sync_catalogue(using: str = "default", source: core.CueCatalogue | None = None) -> dict[str, int]:
    """Load the shipped YAML (or ``source``) into the database idempotently; never deletes.

    Missing entries are created at version 1. An entry whose catalogue release differs from
    ``source``'s is overwritten with a new version when its fields changed, so edits accepted on
    this site survive re-syncing the same release. Local status (deprecation) is kept.
    Returns counts ``{"created": n, "updated": n, "unchanged": n}``.
    """
    cat = source or catalogue()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    reason = f"CUE catalogue {cat.version}"
    with transaction.atomic(using=using):
        existing = {e.cue_id: e for e in CueEntry.objects.using(using).all()}
        for item in cat.entries:
            fields = _fields_from_core(item)
            entry = existing.get(item.id)
            if entry is None:
                entry = CueEntry(cue_id=item.id, catalogue_version=cat.version, version=1, **fields)
                entry.save(using=using)
                _add_version(entry, None, reason, using)
                counts["created"] += 1
                continue
            if entry.catalogue_version == cat.version:
                counts["unchanged"] += 1
                continue
            fields.pop("status")
            changed = any(getattr(entry, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(entry, key, value)
            entry.catalogue_version = cat.version
            if changed:
                entry.version += 1
                entry.updated_at = timezone.now()
            entry.save(using=using)
            if changed:
                _add_version(entry, None, reason, using)
            counts["updated" if changed else "unchanged"] += 1
    return counts


def search_entries(q: str = "", category: str = "") -> QuerySet[CueEntry]:
    """Entries whose ID, name or description contains every word of ``q``, optionally of one category."""
    entries = CueEntry.objects.all()
    for word in q.split():
        entries = entries.filter(Q(cue_id__icontains=word) | Q(name__icontains=word)
                                 | Q(description__icontains=word))
    if category:
        entries = entries.filter(category=category)
    return entries.order_by("cue_id")


# --- validation -------------------------------------------------------------------------------------


def _as_list(value: Any, key: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[\s,]+", value) if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(key, "must be a list of codes")
    out = [v.strip() for v in value if v.strip()]
    if len(set(out)) != len(out):
        raise InvalidInput(key, "repeats a code")
    return out


def clean_fields(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check proposed entry fields against the catalogue's vocabularies; InvalidInput names the field.

    ``partial`` (edits) accepts a subset of the fields; a new entry needs name, category and description.
    """
    unknown = sorted(set(fields) - set(ENTRY_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], "not a CUE entry field")
    cat = catalogue()
    out: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        if key not in fields:
            if not partial:
                raise InvalidInput(key, "is required")
            continue
        value = " ".join(str(fields[key] or "").split())
        if not value:
            raise InvalidInput(key, "must not be empty")
        out[key] = value
    if "name" in out and len(out["name"]) > 200:
        raise InvalidInput("name", "at most 200 characters")
    if "category" in out and out["category"] not in cat.categories:
        raise InvalidInput("category", f"unknown category {out['category']!r}")
    if "description" in out and len(out["description"]) < 60:
        raise InvalidInput("description", "too short to be useful (at least 60 characters)")
    checks = {
        "threat_actors": cat.threat_actors.__contains__, "harm_tiers": cat.harm_tiers.__contains__,
        "atlas": core.ATLAS_ID_RE.match, "avid": core.AVID_SEP.__contains__,
        "owasp": core.OWASP_LLM_2025.__contains__, "aiid": core._valid_aiid,
    }
    for key, valid in checks.items():
        if key not in fields:
            continue
        codes = _as_list(fields[key], key)
        bad = [c for c in codes if not valid(c)]
        if bad:
            raise InvalidInput(key, f"unknown code {bad[0]!r}")
        out[key] = codes
    if "status" in fields:
        if fields["status"] not in ("active", "deprecated"):
            raise InvalidInput("status", "must be active or deprecated")
        out["status"] = fields["status"]
    return out


# --- proposals ---------------------------------------------------------------------------------------


def _signed_in(user) -> None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        raise PermissionDenied("sign in to propose a CUE entry or an edit")


def _maintainer(user) -> None:
    if not can_maintain_cue(user):
        raise PermissionDenied("only CUE maintainers (operators and coordinators) may decide proposals")


@transaction.atomic
def propose(user, kind: str, fields: dict[str, Any], target: CueEntry | None = None,
            rationale: str = "") -> CueProposal:
    """Record a signed-in user's proposal of a new entry (``kind="new"``) or an edit of ``target``."""
    _signed_in(user)
    if kind not in ProposalKind.values:
        raise InvalidInput("kind", "must be new or edit")
    if kind == ProposalKind.NEW:
        if target is not None:
            raise InvalidInput("target", "a new entry has no target")
        cleaned = clean_fields(fields)
    else:
        if target is None:
            raise InvalidInput("target", "an edit needs the entry it changes")
        cleaned = clean_fields(fields, partial=True)
        cleaned = {k: v for k, v in cleaned.items() if getattr(target, k) != v}
        if not cleaned:
            raise InvalidInput("fields", "the edit changes nothing")
    return CueProposal.objects.create(kind=kind, target=target, fields=cleaned, proposer=user,
                                      rationale=(rationale or "").strip())


def _require_open(proposal: CueProposal) -> CueProposal:
    locked = CueProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != ProposalState.OPEN:
        raise InvalidInput("state", f"proposal {proposal.pk} is already {locked.state}")
    return locked


def next_cue_id() -> str:
    """The next free ``CUE-NNNN`` after the highest one in use."""
    numbers = [int(pk[4:]) for pk in CueEntry.objects.values_list("cue_id", flat=True) if core.CUE_ID_RE.match(pk)]
    return f"CUE-{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def accept(maintainer, proposal: CueProposal, reason: str = "") -> CueEntry:
    """Apply an open proposal: a new entry gets the next free ID; an edit makes a new version."""
    _maintainer(maintainer)
    proposal = _require_open(proposal)
    reason = (reason or "").strip()
    note = f"proposal {proposal.pk}" + (f": {reason}" if reason else "")
    if proposal.kind == ProposalKind.NEW:
        fields = clean_fields(proposal.fields)
        entry = CueEntry.objects.create(cue_id=next_cue_id(), version=1, **fields)
    else:
        entry = CueEntry.objects.select_for_update().get(pk=proposal.target_id)
        fields = clean_fields(proposal.fields, partial=True)
        for key, value in fields.items():
            setattr(entry, key, value)
        entry.version += 1
        entry.updated_at = timezone.now()
        entry.save()
    _add_version(entry, proposal.proposer, note)
    proposal.state = ProposalState.ACCEPTED
    proposal.decided_by = maintainer
    proposal.decision_reason = reason
    proposal.decided_at = timezone.now()
    proposal.result = entry
    proposal.save()
    return entry


@transaction.atomic
def reject(maintainer, proposal: CueProposal, reason: str) -> CueProposal:
    """Close an open proposal without change; the reason is required and shown to everyone."""
    _maintainer(maintainer)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "a rejection needs a reason")
    proposal = _require_open(proposal)
    proposal.state = ProposalState.REJECTED
    proposal.decided_by = maintainer
    proposal.decision_reason = reason
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal
