"""The deployment gate over stored data, decision records, protocols and drills.

:func:`evaluate_gate` gathers, for one model, every in-force red line with its latest valid
evidence, every in-force quantitative threshold with the risk engine's verdict, and the latest
adequacy test of each safeguard, and hands them to the pure core gate
(:func:`redline.core.gate.gate`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from redline.accounts.models import User
from redline.accounts.policy import Action, can
from redline.commitments.models import CommitmentKind, CommitmentVersion
from redline.commitments.specs import core_from_spec
from redline.core.canonical import digest
from redline.core.commitments import CommitmentState
from redline.core.deployment import DeploymentMode
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.gate import GateResult, RedLineGateInput, SafeguardGateInput, ThresholdGateInput, gate
from redline.core.verdict import CommittedAction, InconclusivePolicy
from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Drill, Outcome
from redline.decisions.requirements import Requirement, gather_requirements
from redline.evidence.models import Evaluation
from redline.evidence.services import choose_evidence, latest_campaigns
from redline.registry.models import AIModel, Deployment

RISK_SAMPLES = 200_000


@dataclass
class GateReport:
    """The core gate result and, for each item, what it rested on."""

    model: str
    result: GateResult
    red_lines: list[dict[str, Any]] = field(default_factory=list)
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    safeguards: list[dict[str, Any]] = field(default_factory=list)
    computed_at: str = ""
    requirements: list[dict[str, Any]] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.result.allowed

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, **self.result.as_dict(), "red_lines": self.red_lines,
                "thresholds": self.thresholds, "safeguards": self.safeguards, "requirements": self.requirements,
                "computed_at": self.computed_at}


def in_force(model: AIModel, kind: str) -> list[CommitmentVersion]:
    return list(CommitmentVersion.objects.filter(
        commitment__model=model, commitment__kind=kind, state=CommitmentState.IN_FORCE.value,
    ).select_related("commitment__threat_profile").order_by("commitment__name"))


@functools.lru_cache(maxsize=64)
def _risk_verdict(yaml_text: str, level_n: float, probability: float) -> dict[str, Any]:
    """The risk engine's verdict of P(outcome ≥ N) ≤ p (cached: the run is seeded, so it is deterministic)."""
    from redline.risk import loads_model, run_model
    from redline.risk import verdict_for as risk_verdict

    result = run_model(loads_model(yaml_text), threshold=level_n, samples=RISK_SAMPLES, seed=0, workers=1)
    return risk_verdict(result, probability).to_dict()


def threshold_status(version: CommitmentVersion) -> dict[str, Any]:
    """``within``/``exceeds``/``uncertain`` for a quantitative threshold; uncertain without a risk model."""
    spec = version.spec
    profile = version.commitment.threat_profile
    if profile is None or not profile.risk_model_yaml.strip():
        return {"name": spec["name"], "version": version.number, "status": "uncertain",
                "reason": "no risk model is attached to the threat profile, so the risk is unknown"}
    level_n, probability = float(spec["level_n"]), float(spec["probability"])
    from redline.risk_runs.services import current_run

    stored = current_run(profile, level_n, probability)
    if stored is not None and stored.verdict:
        # A stored run of the profile's current model (possibly larger or two-level) takes precedence.
        v = stored.verdict
        return {"name": spec["name"], "version": version.number, "status": v["status"], "reason": v["reason"],
                "estimate": v["estimate"], "interval": v["interval"], "upper": v["upper"],
                "run": stored.pk, "run_url": f"/risk-runs/{stored.pk}/"}
    v = _risk_verdict(profile.risk_model_yaml, level_n, probability)
    return {"name": spec["name"], "version": version.number, "status": v["status"], "reason": v["reason"],
            "estimate": v["estimate"], "interval": v["interval"], "upper": v["upper"]}


@dataclass
class Gathered:
    """Everything the gate needs about one model, computed once for every mode."""

    model: str
    red_inputs: list[RedLineGateInput]
    red_rows: list[dict[str, Any]]
    thresholds: list[dict[str, Any]]
    safeguards: list[dict[str, Any]]
    now: dt.datetime
    requirements: list[Requirement] = field(default_factory=list)


def gather(model: AIModel, *, now: dt.datetime | None = None) -> Gathered:
    """In-force red lines with their latest valid evidence and verdict, thresholds and safeguard results."""
    now = now or timezone.now()
    by_task: dict[str, list[Evaluation]] = {}
    for e in Evaluation.objects.filter(model=model):
        by_task.setdefault(e.task.strip().lower(), []).append(e)
    red_inputs, red_rows = [], []
    for version in in_force(model, CommitmentKind.RED_LINE):
        spec = version.spec
        core = core_from_spec(spec)
        evidence = choose_evidence(spec, by_task.get(str(spec["task"]).strip().lower(), []), now)
        verdict = evidence.verdict(core.test, now=now) if evidence else None
        red_inputs.append(RedLineGateInput.from_verdict(
            core.name, verdict, InconclusivePolicy(spec["inconclusive_policy"]), CommittedAction(spec["action"]),
            spec.get("safeguards") or ()))
        red_rows.append({"name": core.name, "commitment": version.commitment_id, "version": version.number,
                         "spec_sha256": digest(spec), "evaluation": evidence.pk if evidence else None,
                         "evidence_sha256": evidence.sha256 if evidence else None,
                         "verdict": verdict.as_dict() if verdict else None})
    thresholds = [threshold_status(v) for v in in_force(model, CommitmentKind.RISK_THRESHOLD)]
    safeguards = [{"name": c.safeguard, "passed": c.passed, "campaign": c.pk, "sha256": c.sha256,
                   "undetected_success_rate": c.result.get("undetected_success_rate"), "tolerance": c.tolerance}
                  for c in latest_campaigns(model)]
    return Gathered(model.full_slug, red_inputs, red_rows, thresholds, safeguards, now,
                    gather_requirements(model, now))


def decide(gathered: Gathered, mode: DeploymentMode | str) -> GateReport:
    """The core gate over what :func:`gather` found, for one mode."""
    mode = mode if isinstance(mode, DeploymentMode) else DeploymentMode.parse(mode)
    result = gate(mode, gathered.red_inputs,
                  [ThresholdGateInput(t["name"], t["status"]) for t in gathered.thresholds],
                  [SafeguardGateInput(s["name"], s["passed"]) for s in gathered.safeguards],
                  [r.gate_input for r in gathered.requirements])
    requirements = [{"kind": r.gate_input.kind, "name": r.gate_input.name, **r.details}
                    for r in gathered.requirements if r.gate_input.row(result.mode) is not None]
    return GateReport(gathered.model, result, gathered.red_rows, gathered.thresholds, gathered.safeguards,
                      gathered.now.isoformat(), requirements)


def evaluate_gate(model: AIModel, mode: DeploymentMode | str, *, now: dt.datetime | None = None) -> GateReport:
    """Whether ``model`` may be deployed in ``mode``, from what is stored now."""
    mode = mode if isinstance(mode, DeploymentMode) else DeploymentMode.parse(mode)
    return decide(gather(model, now=now), mode)


def gate_all_modes(model: AIModel) -> list[GateReport]:
    gathered = gather(model)
    return [decide(gathered, mode) for mode in DeploymentMode]


# --- decisions -----------------------------------------------------------------------------


def _frozen(report: GateReport) -> dict[str, Any]:
    data = report.as_dict()
    data["evidence_digests"] = sorted({r["evidence_sha256"] for r in report.red_lines if r["evidence_sha256"]}
                                      | {s["sha256"] for s in report.safeguards})
    return data


@transaction.atomic
def record_decision(user, model: AIModel, mode: str, outcome: str, rationale: str,
                    approvers: list[User] | None = None) -> DecisionRecord:
    """Record a decision with the gate result and evidence digests frozen as they are now."""
    if not can(user, Action.UPDATE, model):
        raise PermissionDenied("you may not record decisions for this model")
    if outcome not in Outcome.values:
        raise InvalidInput("outcome", f"must be one of {', '.join(Outcome.values)}")
    rationale = (rationale or "").strip()
    if not rationale:
        raise InvalidInput("rationale", "say why")
    report = evaluate_gate(model, mode)
    if outcome == Outcome.PROCEED and not report.allowed:
        raise InvalidInput("outcome", f"the gate does not allow {report.result.mode.value}: "
                           + "; ".join(report.result.reasons))
    snapshot = _frozen(report)
    decision = DecisionRecord.objects.create(
        model=model, mode=report.result.mode.value, outcome=outcome, rationale=rationale, snapshot=snapshot,
        snapshot_sha256=digest(snapshot),
        decided_by=user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None)
    for approver in approvers or []:
        if not can(approver, Action.UPDATE, model):
            raise InvalidInput("approvers", f"{approver} is not a member of {model.organisation.name}")
        decision.approvers.add(approver)
    return decision


def recheck(decision: DecisionRecord) -> dict[str, Any]:
    """Recompute the gate now and list what changed since the decision (and whether the snapshot is intact)."""
    intact = digest(decision.snapshot) == decision.snapshot_sha256
    now = _frozen(evaluate_gate(decision.model, decision.mode))
    then = decision.snapshot
    changes = []
    if then.get("allowed") != now.get("allowed"):
        changes.append(f"gate: was {'allowed' if then.get('allowed') else 'not allowed'}, "
                       f"now {'allowed' if now.get('allowed') else 'not allowed'}")
    before = {r["name"]: r for r in then.get("red_lines", [])}
    after = {r["name"]: r for r in now.get("red_lines", [])}
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        if b is None or a is None:
            changes.append(f"{name}: {'added' if b is None else 'no longer in force'}")
            continue
        bv = (b.get("verdict") or {}).get("verdict")
        av = (a.get("verdict") or {}).get("verdict")
        if bv != av:
            changes.append(f"{name}: verdict was {bv or 'no evidence'}, now {av or 'no evidence'}")
        if b.get("evidence_sha256") != a.get("evidence_sha256"):
            changes.append(f"{name}: evidence changed")
        if b.get("version") != a.get("version"):
            changes.append(f"{name}: version {b.get('version')} → {a.get('version')}")
    if sorted(then.get("evidence_digests", [])) != sorted(now.get("evidence_digests", [])):
        changes.append("the set of evidence digests changed")
    return {"decision": decision.pk, "snapshot_intact": intact, "changed": bool(changes) or not intact,
            "changes": changes, "allowed_now": now["allowed"], "reasons_now": now["reasons"]}


# --- protocols and drills ------------------------------------------------------------------


def _clean_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not steps:
        raise InvalidInput("steps", "a protocol needs at least one step")
    out = []
    for i, step in enumerate(steps, start=1):
        title = str(step.get("title") or "").strip()
        owner = str(step.get("owner_role") or "").strip()
        try:
            minutes = float(step.get("target_minutes"))
        except (TypeError, ValueError):
            raise InvalidInput("steps", f"step {i} needs a target duration in minutes") from None
        if not title or not owner or minutes <= 0:
            raise InvalidInput("steps", f"step {i} needs a title, an owner role and a positive target")
        out.append({"title": title, "owner_role": owner, "target_minutes": minutes})
    return out


@transaction.atomic
def create_protocol(user, deployment: Deployment, name: str, steps: list[dict[str, Any]],
                    triggers: list[str]) -> DeDeploymentProtocol:
    if not can(user, Action.UPDATE, deployment.model):
        raise PermissionDenied("you may not add protocols for this deployment")
    if not (name or "").strip():
        raise InvalidInput("name", "required")
    triggers = [t.strip() for t in triggers if t and t.strip()]
    if not triggers:
        raise InvalidInput("triggers", "name at least one trigger (e.g. a crossed red line, a severe incident)")
    return DeDeploymentProtocol.objects.create(
        deployment=deployment, name=name.strip(), triggers=triggers, steps=_clean_steps(steps),
        created_by=user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None)


@transaction.atomic
def record_drill(user, protocol: DeDeploymentProtocol, timings: list[float], *, notes: str = "",
                 held_at: dt.datetime | None = None) -> Drill:
    if not can(user, Action.UPDATE, protocol):
        raise PermissionDenied("you may not record drills for this protocol")
    if len(timings) != len(protocol.steps):
        raise InvalidInput("timings", f"give one duration per step ({len(protocol.steps)})")
    try:
        values = [float(t) for t in timings]
    except (TypeError, ValueError):
        raise InvalidInput("timings", "durations must be numbers of minutes") from None
    if any(v < 0 for v in values):
        raise InvalidInput("timings", "durations must not be negative")
    return Drill.objects.create(
        protocol=protocol, timings=values, notes=notes.strip(), held_at=held_at or timezone.now(),
        recorded_by=user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None)


# --- the gate per deployment -----------------------------------------------------------------


def deployment_gates(model: AIModel, gathered: Gathered | None = None) -> list[dict[str, Any]]:
    """Each of ``model``'s deployments with the gate's answer for its mode.

    ``flagged`` is true for a deployment that is active although the gate refuses its mode now
    (evidence arrived or a commitment came into force after it launched): the model page and the
    organisation admin's dashboard show it as a warning.
    """
    gathered = gathered or gather(model)
    decided: dict[str, GateReport] = {}
    out = []
    for d in model.deployments.all().order_by("start_date", "pk"):
        report = decided.setdefault(d.mode, decide(gathered, d.mode))
        out.append({"id": d.pk, "mode": d.mode, "label": d.get_mode_display(), "status": d.status,
                    "channels": d.channels, "start_date": d.start_date.isoformat() if d.start_date else None,
                    "allowed": report.allowed, "reasons": report.result.reasons,
                    "flagged": d.status == "active" and not report.allowed,
                    "gate_url": f"/models/{model.full_slug}/gate/{d.mode}/"})
    return out
