"""Plain dicts for JSON twins and the API, built from the same objects the pages show."""

from __future__ import annotations

from typing import Any

from redline.core import cue as core
from redline.enumeration.history import version_history
from redline.enumeration.models import CueEntry, CueProposal
from redline.enumeration.services import catalogue

ATLAS_URL = "https://atlas.mitre.org/techniques/{}"
AVID_URL = "https://avidml.org/taxonomy/"
OWASP_URL = "https://genai.owasp.org/llm-top-10/"
MIT_URL = "https://airisk.mit.edu/"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def category_label(code: str) -> str:
    return catalogue().categories.get(code, code)


def mappings(entry: CueEntry | dict) -> dict[str, list[dict[str, str]]]:
    """Each mapping code with its name (where known) and a link."""
    get = entry.get if isinstance(entry, dict) else (lambda k, d=None: getattr(entry, k, d))
    return {
        "atlas": [{"id": c, "url": ATLAS_URL.format(c)} for c in get("atlas", []) or []],
        "avid": [{"id": c, "name": core.AVID_SEP.get(c, ""), "url": AVID_URL} for c in get("avid", []) or []],
        "owasp": [{"id": c, "name": core.OWASP_LLM_2025.get(c, ""), "url": OWASP_URL} for c in get("owasp", []) or []],
        "aiid": [{"id": c, "name": core.MIT_RISK_SUBDOMAINS.get(c.partition(":")[2], ""), "url": MIT_URL}
                 for c in get("aiid", []) or []],
    }


def entry_summary(entry: CueEntry) -> dict[str, Any]:
    return {"id": entry.cue_id, "name": entry.name, "category": entry.category,
            "category_label": category_label(entry.category), "status": entry.status, "version": entry.version,
            "url": entry.get_absolute_url()}


def entry_detail(entry: CueEntry, linked: list | None = None) -> dict[str, Any]:
    cat = catalogue()
    history = version_history(entry)
    return {
        **entry_summary(entry),
        "description": entry.description,
        "threat_actors": [{"id": a, "description": cat.threat_actors.get(a, "")} for a in entry.threat_actors],
        "harm_tiers": [{"id": t, "description": cat.harm_tiers.get(t, "")} for t in entry.harm_tiers],
        "mappings": mappings(entry),
        "catalogue_version": entry.catalogue_version,
        "updated_at": _iso(entry.updated_at),
        "versions": [{"version": v["version"], "created_at": _iso(v["created_at"]), "reason": v["reason"],
                      "snapshot": v["snapshot"],
                      "changes": [{k: c[k] for k in ("field", "before", "after")} for c in v["changes"]]}
                     for v in history],
        "linked_records": [{"title": r.title, "url": r.url, "kind": r.kind} for r in (linked or [])],
    }


def person(user, viewer=None) -> str | None:
    """How a person is shown: display name, or e-mail only to maintainers and the person themselves."""
    if user is None:
        return None
    from redline.accounts.policy import can_maintain_cue

    if user.display_name:
        return user.display_name
    if viewer is not None and (getattr(viewer, "pk", None) == user.pk or can_maintain_cue(viewer)):
        return user.email
    return f"contributor #{user.pk}"


def proposal_dict(proposal: CueProposal, viewer=None) -> dict[str, Any]:
    return {
        "id": proposal.pk, "kind": proposal.kind, "target": proposal.target_id, "fields": proposal.fields,
        "rationale": proposal.rationale, "state": proposal.state,
        "proposer": person(proposal.proposer, viewer), "decided_by": person(proposal.decided_by, viewer),
        "decision_reason": proposal.decision_reason, "result": proposal.result_id,
        "created_at": _iso(proposal.created_at), "decided_at": _iso(proposal.decided_at),
        "url": proposal.get_absolute_url(),
    }
