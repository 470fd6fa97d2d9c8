"""Dashboard sections about organisations: the reviewer's approvals and comment periods, and the
organisation admin's overview (members, models, commitments awaiting a step, the gate per deployment)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from redline.accounts.policy import visible_filter


def _version_row(v, now: datetime) -> dict[str, Any]:
    from redline.commitments.services import independent_approvals

    c = v.commitment
    ends = v.comment_period_ends
    return {"commitment": c.pk, "name": c.name, "kind": c.kind, "version": v.number, "state": v.state,
            "model": c.model.full_slug, "model_name": c.model.name, "url": f"/commitments/{c.pk}/",
            "approvals": len(independent_approvals(v)) if v.state == "proposed" else None,
            "required_approvals": c.required_approvals,
            "comment_period_ends": ends.isoformat() if ends else None,
            "comment_period_open": bool(ends and ends >= now.date())}


# --- reviewer --------------------------------------------------------------------------------


def reviewer_section(user, now: datetime) -> dict[str, Any]:
    """Proposed versions this reviewer has not signed yet, and proposals whose comment period is open."""
    from redline.commitments.models import CommitmentVersion

    proposed = (CommitmentVersion.objects.filter(state="proposed")
                .filter(visible_filter(user, prefix="commitment__model__"))
                .exclude(commitment__model__organisation__memberships__user=user)
                .select_related("commitment__model__organisation").order_by("comment_period_ends", "pk"))
    signed = set(user.approvals.values_list("version_id", flat=True))
    pending, periods = [], []
    for v in proposed[:200]:
        row = _version_row(v, now)
        if v.pk not in signed:
            pending.append(row)
        if row["comment_period_open"]:
            periods.append({**row, "comments": v.comments.filter(hidden=False).count()})
    return {"pending_approvals": pending, "open_comment_periods": periods, "keys_url": "/commitments/keys/"}


# --- organisation admin ----------------------------------------------------------------------


def admin_orgs(user) -> list:
    from redline.accounts.models import Organisation, Role

    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).order_by("name"))


NEXT_STEP = {
    "draft": "propose it for review and public comment",
    "proposed": "waiting for independent approvals and the end of the comment period",
    "approved": "enter it into force once the comment period has ended",
}


def _commitments_due(org, now: datetime) -> list[dict[str, Any]]:
    """The latest version of each of the organisation's commitments that still needs a step."""
    from redline.commitments.models import CommitmentVersion

    latest: dict[int, Any] = {}
    for v in (CommitmentVersion.objects.filter(commitment__model__organisation=org)
              .select_related("commitment__model__organisation").order_by("commitment_id", "-number")):
        latest.setdefault(v.commitment_id, v)
    rows = []
    for v in latest.values():
        if v.state in NEXT_STEP:
            rows.append({**_version_row(v, now), "next_step": NEXT_STEP[v.state]})
    rows.sort(key=lambda r: (r["comment_period_ends"] or "9999", r["name"]))
    return rows


def _org_overview(org, user, now: datetime) -> dict[str, Any]:
    from redline.decisions.services import deployment_gates
    from redline.registry.models import AIModel

    members = [{"email": m.user.email, "name": str(m.user), "role": m.role, "since": m.created_at.isoformat()}
               for m in org.memberships.select_related("user").order_by("role", "user__email")]
    invitations = [{"email": i.email, "role": i.role, "expires_at": i.expires_at.isoformat()}
                   for i in org.invitations.filter(accepted_at__isnull=True, expires_at__gt=now).order_by("email")]
    models, gates = [], []
    for model in AIModel.objects.filter(organisation=org).select_related("organisation").order_by("name"):
        models.append({"id": model.full_slug, "name": model.name, "visibility": model.visibility,
                       "url": model.get_absolute_url()})
        for d in deployment_gates(model):
            gates.append({**d, "model": model.full_slug, "model_name": model.name,
                          "model_url": model.get_absolute_url()})
    return {"slug": org.slug, "name": org.name, "kind": org.kind, "url": f"/orgs/{org.slug}/",
            "members": members, "invitations": invitations, "invite_url": f"/orgs/{org.slug}/invite/",
            "models": models, "commitments_due": _commitments_due(org, now), "deployments": gates,
            "flagged": sum(1 for g in gates if g["flagged"])}


def org_admin_section(user, now: datetime) -> dict[str, Any]:
    return {"organisations": [_org_overview(org, user, now) for org in admin_orgs(user)]}
