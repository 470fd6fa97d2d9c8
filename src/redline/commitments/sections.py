"""The risk sections of a model page (and their JSON twin): commitments, verdicts, gate, decisions, protocols.

Everything here inherits the model's visibility; drafts are shown to the developer's members only.
"""

from __future__ import annotations

from typing import Any

from redline.accounts.policy import Action, can
from redline.commitments.models import Commitment, CommitmentKind
from redline.core.commitments import CommitmentState
from redline.registry.models import AIModel

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


def build(model: AIModel, user) -> dict[str, Any]:
    """Context for the model page's sections; JSON-ready except for the ``objects`` entry."""
    from redline.core.deployment import DeploymentMode
    from redline.decisions.services import decide, gather
    from redline.evidence.services import campaign_dict, evaluation_dict, latest_campaigns

    commitments = [c for c in (commitment_summary(c, user) for c in
                               Commitment.objects.filter(model=model).select_related("model")) if c]
    gathered = gather(model)
    verdicts = {row["commitment"]: row for row in gathered.red_rows}
    red_lines = []
    for c in commitments:
        if c["kind"] != CommitmentKind.RED_LINE:
            continue
        row = verdicts.get(c["id"])
        red_lines.append({**c, "verdict": row["verdict"] if row else None,
                          "evidence_sha256": row["evidence_sha256"] if row else None,
                          "evaluation": row["evaluation"] if row else None,
                          "plot_url": f"/models/{model.full_slug}/red-lines/{c['id']}/plot.svg"})
    gates = [decide(gathered, mode).as_dict() for mode in DeploymentMode]
    for g in gates:
        g["label"] = DeploymentMode(g["mode"]).label
    decisions = list(model.decisions.all()[:10])
    protocols = []
    for d in model.deployments.all():
        for p in d.protocols.all():
            drills = [{"id": dr.pk, "held_at": dr.held_at.isoformat(), "all_met": dr.all_met,
                       "steps": dr.comparison(), "notes": dr.notes} for dr in p.drills.all()[:5]]
            protocols.append({"id": p.pk, "name": p.name, "deployment": d.get_mode_display(), "mode": d.mode,
                              "triggers": p.triggers, "steps": p.steps, "target_total": p.target_total,
                              "drills": drills})
    profiles = [{"id": t.pk, "cue": t.cue_entry_id, "category": t.category, "threat_actor": t.threat_actor,
                 "pathway": t.pathway, "impact_scale": t.impact_scale, "attempt_frequency": t.attempt_frequency,
                 "uplift": t.uplift, "has_risk_model": bool(t.risk_model_yaml.strip())}
                for t in model.threat_profiles.all()]
    return {
        "model": model.full_slug,
        "threat_profiles": profiles,
        "red_lines": red_lines,
        "risk_thresholds": [{**c, "status": next((t for t in gathered.thresholds if t["name"] == c["name"]), None)}
                            for c in commitments if c["kind"] == CommitmentKind.RISK_THRESHOLD],
        "gate": gates,
        "safeguards": [campaign_dict(c) for c in latest_campaigns(model)],
        "evaluations": [evaluation_dict(e) for e in model.evaluations.order_by("-imported_at")[:20]],
        "decisions": [{"id": d.pk, "mode": d.mode, "outcome": d.outcome, "rationale": d.rationale,
                       "created_at": d.created_at.isoformat(), "snapshot_sha256": d.snapshot_sha256,
                       "url": f"/decisions/{d.pk}/"} for d in decisions],
        "protocols": protocols,
    }
