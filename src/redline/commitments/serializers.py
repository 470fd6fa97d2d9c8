"""Plain-dict views of commitments objects, shared by JSON twins, the API and the CLI."""

from __future__ import annotations

from redline.accounts.names import public_name
from redline.commitments import services
from redline.commitments.models import Commitment, CommitmentVersion
from redline.commitments.sections import visible_versions


def version_dict(v: CommitmentVersion, user) -> dict:
    comments = v.comments.select_related("author")
    return {
        "number": v.number, "state": v.state, "spec": v.spec, "rationale": v.rationale,
        "comment_period_ends": v.comment_period_ends.isoformat() if v.comment_period_ends else None,
        "created_at": v.created_at.isoformat(), "proposed_at": v.proposed_at and v.proposed_at.isoformat(),
        "in_force_at": v.in_force_at and v.in_force_at.isoformat(),
        "changes": services.version_changes(v),
        "weakened": any(c["flagged"] for c in services.version_changes(v)),
        "approvals": [{"reviewer": public_name(a.reviewer), "organisation": a.organisation.slug,
                       "key_fingerprint": a.key.fingerprint, "public_key": a.key.public_key,
                       "signature": a.signature, "server_signed": a.server_signed,
                       "created_at": a.created_at.isoformat()} for a in v.approvals.select_related(
                           "reviewer", "organisation", "key")],
        "independent_organisations": services.independent_organisations(v),
        "comments": [{"id": c.pk, "author": c.author_name, "body": "" if c.hidden else c.body, "hidden": c.hidden,
                      "hidden_reason": c.hidden_reason, "created_at": c.created_at.isoformat()} for c in comments],
        "spec_url": f"/commitments/versions/{v.pk}/spec.json",
    }


def commitment_dict(c: Commitment, user) -> dict:
    return {"id": c.pk, "model": c.model.full_slug, "kind": c.kind, "name": c.name,
            "required_approvals": c.required_approvals, "threat_profile": c.threat_profile_id,
            "versions": [version_dict(v, user) for v in visible_versions(c, user)]}
