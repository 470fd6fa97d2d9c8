"""Which commitment versions a viewer sees, and the threat-profile section of the model page.

Drafts are shown to the developer's members only; everything else inherits the model's visibility.
"""

from __future__ import annotations

from typing import Any

from redline.accounts.policy import Action, can
from redline.commitments.models import Commitment
from redline.core.commitments import CommitmentState

_SHOWN_TO_PUBLIC = [s.value for s in CommitmentState if s is not CommitmentState.DRAFT]


def visible_versions(commitment: Commitment, user):
    qs = commitment.versions.all()
    if not can(user, Action.UPDATE, commitment):
        qs = qs.filter(state__in=_SHOWN_TO_PUBLIC)
    return qs.order_by("-number")


def commitment_summary(commitment: Commitment, user) -> dict[str, Any] | None:
    versions = list(visible_versions(commitment, user))
    if not versions:
        return None
    current = next((v for v in versions if v.state == CommitmentState.IN_FORCE.value), None)
    latest = versions[0]
    return {"id": commitment.pk, "name": commitment.name, "kind": commitment.kind,
            "url": commitment.get_absolute_url(), "required_approvals": commitment.required_approvals,
            "in_force_version": current.number if current else None,
            "latest_version": latest.number, "latest_state": latest.state,
            "spec": (current or latest).spec}


def model_commitments(model, user) -> list[dict[str, Any]]:
    """Summaries of the model's commitments that ``user`` may see."""
    return [c for c in (commitment_summary(c, user) for c in
                        Commitment.objects.filter(model=model).select_related("model")) if c]


def threat_profiles_section(model, user, shared: dict) -> dict[str, Any]:
    profiles = [{"id": t.pk, "cue": t.cue_entry_id, "category": t.category, "threat_actor": t.threat_actor,
                 "pathway": t.pathway, "impact_scale": t.impact_scale, "attempt_frequency": t.attempt_frequency,
                 "uplift": t.uplift, "has_risk_model": bool(t.risk_model_yaml.strip())}
                for t in model.threat_profiles.all()]
    return {"threat_profiles": profiles}


def reviewer_keys_section(org, user, shared: dict) -> dict[str, Any] | None:
    """A reviewer organisation's signing keys, so anyone can check its approvals."""
    if org.kind != "reviewer":
        return None
    keys = org.reviewer_keys.filter(revoked_at__isnull=True).select_related("user")
    # JSON-ready (the organisation's twin merges its sections): public parts only, never a private seed.
    return {"reviewer_keys": [{"user": str(k.user), "public_key": k.public_key, "fingerprint": k.fingerprint,
                               "server_held": k.server_held} for k in keys]}


def register() -> None:
    from redline.registry.pages import register_model_section, register_org_section

    register_model_section("threat_profiles", order=10, template="commitments/_model_threats.html",
                           build=threat_profiles_section)
    register_org_section("reviewer_keys", order=10, template="commitments/_reviewer_keys.html",
                         build=reviewer_keys_section)
