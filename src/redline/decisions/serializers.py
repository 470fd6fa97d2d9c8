"""Plain-dict views of decisions objects, shared by JSON twins, the API and the CLI."""

from __future__ import annotations

from redline.accounts.names import public_name
from redline.decisions.models import DecisionRecord


def decision_dict(d: DecisionRecord) -> dict:
    return {"id": d.pk, "model": d.model.full_slug, "mode": d.mode, "outcome": d.outcome, "rationale": d.rationale,
            "approvers": [public_name(u) for u in d.approvers.all()],
            "decided_by": public_name(d.decided_by) if d.decided_by else None, "created_at": d.created_at.isoformat(),
            "snapshot": d.snapshot, "snapshot_sha256": d.snapshot_sha256}
