"""Differences between consecutive versions of a CUE entry, for the entry page and its JSON twin."""

from __future__ import annotations

import difflib
from typing import Any

from redline.enumeration.models import CueEntry, CueEntryVersion

FIELD_LABELS = {
    "name": "Name", "category": "Category", "description": "Description", "threat_actors": "Threat actors",
    "harm_tiers": "Harm tiers", "atlas": "MITRE ATLAS", "avid": "AVID SEP", "owasp": "OWASP LLM Top 10",
    "aiid": "AI Incident Database", "status": "Status",
}


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``"="``, ``"-"`` or ``"+"``, word by word."""
    a, b = (before or "").split(), (after or "").split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-by-field changes from one snapshot to the next."""
    out = []
    for field, label in FIELD_LABELS.items():
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        change: dict[str, Any] = {"field": field, "label": label, "before": old, "after": new}
        if isinstance(old, list) or isinstance(new, list):
            old_l, new_l = old or [], new or []
            change["added"] = [c for c in new_l if c not in old_l]
            change["removed"] = [c for c in old_l if c not in new_l]
        else:
            change["words"] = word_diff(str(old or ""), str(new or ""))
        out.append(change)
    return out


def version_history(entry: CueEntry) -> list[dict[str, Any]]:
    """Every version, newest first, each with its changes from the version before it."""
    versions = list(CueEntryVersion.objects.filter(entry=entry).select_related("created_by").order_by("version"))
    out = []
    previous: dict[str, Any] | None = None
    for v in versions:
        out.append({"version": v.version, "created_at": v.created_at, "reason": v.reason,
                    "created_by": v.created_by, "snapshot": v.snapshot,
                    "changes": changes(previous, v.snapshot) if previous is not None else []})
        previous = v.snapshot
    return list(reversed(out))
