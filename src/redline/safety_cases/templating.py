"""Fill an argument template's parameters from the registry: the model, its threat profiles and commitments.

What the author typed wins; an empty field is filled from what is on record (the model's
name, the first threat profile, the red lines in force or proposed, their safeguards, the
first risk threshold), and only what the template takes is passed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redline.core import gsn
from redline.core.errors import InvalidInput
from redline.http.forms import lines


def _red_lines(model) -> list[Any]:
    return list(model.commitments.filter(kind="red_line").order_by("name"))


def registry_values(model) -> dict[str, Any]:
    """Every parameter any template takes, as the registry has it for ``model``."""
    red_lines = _red_lines(model)
    profile = model.threat_profiles.order_by("pk").first()
    threshold = model.commitments.filter(kind="risk_threshold").order_by("name").first()
    safeguards: list[str] = []
    for c in red_lines:
        latest = c.latest()
        for s in (latest.spec.get("safeguards") or []) if latest else []:
            if s not in safeguards:
                safeguards.append(s)
    capability = ""
    if red_lines and red_lines[0].latest():
        capability = f"reach the threshold of {red_lines[0].latest().spec.get('task', red_lines[0].name)}"
    return {
        "model": model.full_slug,
        "deployment": "hosted API",
        "threat_profile": profile.category if profile else "",
        "capability": capability,
        "red_lines": [c.name for c in red_lines],
        "safeguards": safeguards,
        "risk_threshold": threshold.name if threshold else "",
        "advisers": "independent reviewers",
    }


def template_values(model, template: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The values ``gsn.instantiate(template, …)`` needs: ``given`` first, the registry for what is empty."""
    info = next((t for t in gsn.templates() if t.name == template), None)
    if info is None:
        raise InvalidInput("template", f"{template!r} is not one of {', '.join(gsn.TEMPLATE_NAMES)}")
    known = registry_values(model)
    out: dict[str, Any] = {}
    for name in info.parameters:
        value = given.get(name)
        if name in info.list_parameters:
            value = lines(value) if isinstance(value, str) else list(value or [])
        elif isinstance(value, str):
            value = value.strip()
        if not value:
            value = known.get(name)
        if not value:
            what = "red lines" if name == "red_lines" else name.replace("_", " ")
            raise InvalidInput(name, f"give the {what}: nothing on record for {model.full_slug} fills it")
        out[name] = value
    return out


def readable_briefs(model) -> list[dict[str, str]]:
    """Each template's name and brief for a page: the model's name filled in, other placeholders as [words]."""
    import re

    out = []
    for info in gsn.templates():
        brief = info.brief.replace("{{model}}", model.name)
        brief = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: f"[{m.group(1).replace('_', ' ')}]", brief)
        out.append({"name": info.name, "brief": brief})
    return out
