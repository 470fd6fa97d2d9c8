"""The model page's sections of the gate: red lines with verdicts, thresholds, the gate, decisions, protocols."""

from __future__ import annotations

from typing import Any


def _gathered(model, shared: dict):
    """The gate's inputs for ``model``, computed once per page."""
    from redline.decisions.services import gather

    if "gathered" not in shared:
        shared["gathered"] = gather(model)
    return shared["gathered"]


def red_lines_section(model, user, shared: dict) -> dict[str, Any]:
    from redline.commitments.models import CommitmentKind
    from redline.commitments.sections import model_commitments
    from redline.core.deployment import DeploymentMode
    from redline.decisions.services import decide

    commitments = model_commitments(model, user)
    gathered = _gathered(model, shared)
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
    thresholds = [{**c, "status": next((t for t in gathered.thresholds if t["name"] == c["name"]), None)}
                  for c in commitments if c["kind"] == CommitmentKind.RISK_THRESHOLD]
    return {"red_lines": red_lines, "risk_thresholds": thresholds, "gate": gates}


def deployment_flags_section(model, user, shared: dict) -> dict[str, Any]:
    """Deployments active although the gate refuses their mode now: a warning at the top of the model page."""
    from redline.decisions.services import deployment_gates

    rows = deployment_gates(model, _gathered(model, shared))
    shared["deployment_gates"] = rows
    return {"deployment_gates": rows, "flagged_deployments": [d for d in rows if d["flagged"]]}


def decisions_section(model, user, shared: dict) -> dict[str, Any]:
    protocols = []
    for d in model.deployments.all():
        for p in d.protocols.all():
            drills = [{"id": dr.pk, "held_at": dr.held_at.isoformat(), "all_met": dr.all_met,
                       "steps": dr.comparison(), "notes": dr.notes} for dr in p.drills.all()[:5]]
            protocols.append({"id": p.pk, "name": p.name, "deployment": d.get_mode_display(), "mode": d.mode,
                              "triggers": p.triggers, "steps": p.steps, "target_total": p.target_total,
                              "drills": drills})
    return {"decisions": [{"id": d.pk, "mode": d.mode, "outcome": d.outcome, "rationale": d.rationale,
                           "created_at": d.created_at.isoformat(), "snapshot_sha256": d.snapshot_sha256,
                           "url": f"/decisions/{d.pk}/"} for d in model.decisions.all()[:10]],
            "protocols": protocols}


def register() -> None:
    from redline.registry.pages import register_model_section

    register_model_section("deployment_flags", order=1, template="decisions/_model_deployment_flags.html",
                           build=deployment_flags_section)
    register_model_section("red_lines", order=20, template="decisions/_model_red_lines.html", build=red_lines_section)
    register_model_section("decisions", order=40, template="decisions/_model_decisions.html", build=decisions_section)
