"""Live evidence behind a bound Solution: read the record now and give the Solution its status.

:func:`resolve` reads the record a :class:`~redline.safety_cases.models.SolutionBinding`
points at, as it is now, and maps its outcome to supported / contradicted / weak with the
core's table (:func:`redline.core.gsn.solution_status`):

============  ===========================================================================
kind          record read, and its outcome
============  ===========================================================================
red line      the red line's in-force version against its latest current evaluation:
              the verdict (not crossed / crossed / inconclusive / invalid)
safeguard     the safeguard's latest adequacy test: passed; failed when the undetected
              success rate's estimate is above the tolerance; inconclusive otherwise
risk run      the in-force risk threshold's verdict from the risk engine (within /
              exceeds / uncertain), as the gate computes it
decision      the decision record's outcome; a decision to modify needs the modification
              recorded on the binding
drill         the protocol's latest drill: within or over its target times
============  ===========================================================================

A record that is missing (no evaluation, no test, a red line not in force) leaves the
Solution weak. Each :class:`Bound` carries the digest of what it rests on, which an
assessment signs and the gate compares with the digest now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from redline.core.canonical import digest
from redline.core.gsn import EvidenceKind, Status, solution_status


@dataclass
class Bound:
    """A Solution's live evidence: what it is bound to, the outcome, the status and the digest."""

    element: str
    kind: EvidenceKind
    record: str  # what the Solution is bound to, in words ("red line Cyber uplift")
    status: Status
    outcome: str | None = None
    stale: bool = False
    digest: str | None = None
    url: str | None = None
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"element": self.element, "kind": self.kind.value, "record": self.record,
                "status": self.status.value, "outcome": self.outcome,
                "outcome_label": (self.outcome or "").replace("_", " ") or None, "stale": self.stale, "digest": self.digest,
                "url": self.url, "reasons": self.reasons}

    def digest_entry(self) -> dict[str, Any]:
        """What an assessment signs about this Solution's evidence."""
        return {"element": self.element, "kind": self.kind.value, "record": self.record, "digest": self.digest,
                "status": self.status.value}


def _missing(binding, record: str, why: str) -> Bound:
    return Bound(binding.element, EvidenceKind(binding.kind), record, Status.WEAK, reasons=[why])


def _red_line(binding, now: dt.datetime) -> Bound:
    from redline.commitments.specs import core_from_spec
    from redline.evidence.services import choose_evidence

    commitment = binding.commitment
    record = f"red line {commitment.name}"
    version = commitment.in_force()
    if version is None:
        return _missing(binding, record, "the red line is not in force, so it has no verdict")
    evaluations = commitment.model.evaluations.filter(task__iexact=str(version.spec["task"]).strip())
    evaluation = choose_evidence(version.spec, list(evaluations), now)
    url = f"/commitments/{commitment.pk}/"
    if evaluation is None:
        b = _missing(binding, record, "no evaluation of the red line's task is on record")
        b.url = url
        return b
    verdict = evaluation.verdict(core_from_spec(version.spec).test, now=now)
    stale = not evaluation.is_current(now)
    outcome = verdict.status.value
    return Bound(binding.element, EvidenceKind.RED_LINE_VERDICT, f"{record} (v{version.number})",
                 solution_status(EvidenceKind.RED_LINE_VERDICT, outcome, stale=stale), outcome, stale,
                 digest({"spec": digest(version.spec), "evaluation": evaluation.sha256}), url,
                 [f"{outcome.replace('_', ' ')} on {evaluation.filename}", *verdict.as_dict()["reasons"]])


def _safeguard(binding, now: dt.datetime) -> Bound:
    from redline.evidence.models import SafeguardCampaign

    record = f"safeguard {binding.safeguard}"
    campaign = SafeguardCampaign.objects.filter(model=binding.case.model, safeguard=binding.safeguard).order_by(
        "-imported_at", "-pk").first()
    if campaign is None:
        return _missing(binding, record, "no adequacy test of this safeguard is on record")
    if campaign.passed:
        outcome = "passed"
    else:
        usr = (campaign.result or {}).get("undetected_success_rate") or {}
        estimate = usr.get("estimate")
        outcome = "failed" if estimate is not None and estimate > campaign.tolerance else "inconclusive"
    return Bound(binding.element, EvidenceKind.SAFEGUARD_TEST, record,
                 solution_status(EvidenceKind.SAFEGUARD_TEST, outcome), outcome, False, campaign.sha256,
                 f"/models/{binding.case.model.full_slug}/evidence/", list((campaign.result or {}).get("reasons") or []))


def _risk_run(binding, now: dt.datetime) -> Bound:
    from redline.decisions.services import threshold_status

    commitment = binding.commitment
    record = f"risk threshold {commitment.name}"
    version = commitment.in_force()
    if version is None:
        return _missing(binding, record, "the risk threshold is not in force, so there is no verdict")
    result = threshold_status(version)
    outcome = result["status"]
    return Bound(binding.element, EvidenceKind.RISK_RUN, f"{record} (v{version.number})",
                 solution_status(EvidenceKind.RISK_RUN, outcome), outcome, False,
                 digest({"spec": digest(version.spec), "run": result.get("run"), "estimate": result.get("estimate"),
                         "status": outcome}),
                 result.get("run_url") or f"/commitments/{commitment.pk}/", [result.get("reason") or ""])


def _decision(binding, now: dt.datetime) -> Bound:
    decision = binding.decision
    record = f"decision {decision.pk} ({decision.outcome} {decision.mode})"
    recorded = bool(binding.modification.strip())
    status = solution_status(EvidenceKind.DECISION, decision.outcome, modification_recorded=recorded)
    reasons = [decision.rationale]
    if decision.outcome == "modify":
        reasons.append(f"modification: {binding.modification}" if recorded else "the modification is not recorded")
    return Bound(binding.element, EvidenceKind.DECISION, record, status, decision.outcome, False,
                 decision.snapshot_sha256, f"/decisions/{decision.pk}/", reasons)


def _drill(binding, now: dt.datetime) -> Bound:
    protocol = binding.protocol
    record = f"drill of {protocol.name}"
    drill = protocol.drills.order_by("-held_at", "-pk").first()
    if drill is None:
        return _missing(binding, record, "no drill of this protocol is on record")
    outcome = "within_targets" if drill.all_met else "over_targets"
    late = [f"step {r['step']} {r['title']}: {r['actual_minutes']} of {r['target_minutes']:g} min"
            for r in drill.comparison() if not r["met"]]
    return Bound(binding.element, EvidenceKind.DRILL, record, solution_status(EvidenceKind.DRILL, outcome), outcome,
                 False, digest({"drill": drill.pk, "timings": drill.timings, "steps": protocol.steps}),
                 f"/protocols/{protocol.pk}/", late or ["every step within its target time"])


_RESOLVERS = {
    EvidenceKind.RED_LINE_VERDICT: _red_line,
    EvidenceKind.SAFEGUARD_TEST: _safeguard,
    EvidenceKind.RISK_RUN: _risk_run,
    EvidenceKind.DECISION: _decision,
    EvidenceKind.DRILL: _drill,
}


def resolve(binding, now: dt.datetime) -> Bound:
    """The bound record's status now."""
    return _RESOLVERS[EvidenceKind(binding.kind)](binding, now)
