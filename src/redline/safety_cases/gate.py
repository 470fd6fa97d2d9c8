"""The gate's safety-case requirement, registered with :mod:`redline.decisions.requirements`.

For a model with in-force red lines or risk thresholds that require a safety case (the
``requires_safety_case`` flag of their spec), every deployment mode needs a case that
argues for that mode, was accepted by an independent assessor (with each condition
recorded as met), has no gaps, checks without errors, and rests on the evidence it was
accepted over. Internal use is not a deployment in the gate's sense and is not affected.
For each mode the best case is named, with every reason it falls short.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from redline.core.deployment import DeploymentMode
from redline.core.gate import RequirementGateInput

KIND = "safety_case"


def requirements(model, now: dt.datetime) -> list:
    from redline.decisions.requirements import Requirement
    from redline.safety_cases.models import SafetyCase
    from redline.safety_cases.services import live, requiring, standing

    versions = requiring(model)
    if not versions:
        return []
    names = [v.commitment.name for v in versions]
    cases = []
    for case in SafetyCase.objects.filter(model=model).order_by("slug"):
        current = live(case, now=now, requirers=names)
        ok, problems = standing(case, current)
        cases.append({"case": case.slug, "title": case.title, "url": case.get_absolute_url(), "modes": case.modes,
                      "state": case.state, "status": current.status.status.value,
                      "gap_count": len(current.status.gaps), "ok": ok, "problems": problems})
    verdicts: dict[str, tuple[bool, str, str]] = {}
    per_mode: dict[str, Any] = {}
    for mode in DeploymentMode:
        if mode is DeploymentMode.INTERNAL:
            continue
        covering = [c for c in cases if mode.value in c["modes"]]
        good = [c for c in covering if c["ok"]]
        if good:
            verdicts[mode.value] = (True, "accepted", f"case {good[0]['case']} is accepted, without gaps, "
                                                      "on the evidence it was assessed over")
            per_mode[mode.value] = good[0]["case"]
        elif covering:
            best = covering[0]
            verdicts[mode.value] = (False, best["state"].replace("_", " "),
                                    f"required by {', '.join(names)}: case {best['case']} is "
                                    + "; ".join(best["problems"]))
            per_mode[mode.value] = best["case"]
        else:
            verdicts[mode.value] = (False, "missing", f"required by {', '.join(names)}: no safety case of "
                                                      f"{model.full_slug} argues for {mode.value}")
            per_mode[mode.value] = None
    gate_input = RequirementGateInput(KIND, "assessed safety case", verdicts)
    return [Requirement(gate_input, {"required_by": names, "cases": cases, "case_per_mode": per_mode})]


def register() -> None:
    from redline.decisions.requirements import register_requirement

    register_requirement(KIND, requirements)
