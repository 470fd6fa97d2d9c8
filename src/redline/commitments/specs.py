"""Turn form/API input into a commitment's canonical spec and back into the core dataclasses."""

from __future__ import annotations

from typing import Any

from redline.core.commitments import PeriodUnit, RedLine, RiskThreshold, diff, payload
from redline.core.errors import InvalidInput
from redline.core.verdict import RedLineTest

RED_LINE_FIELDS = ("task", "metric", "scorer", "threshold", "direction", "alert", "min_samples",
                   "min_elicitation", "max_unscored", "validity_days", "inconclusive_policy", "action")
THRESHOLD_FIELDS = ("harm_measure", "level_n", "probability", "period", "period_unit", "fn_c", "fn_alpha", "tier",
                    "category")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def core_from_input(kind: str, name: str, data: dict[str, Any]) -> RedLine | RiskThreshold:
    """The core dataclass for ``data``; InvalidInput names the bad field."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", "must not be empty")
    data = {k: _blank_to_none(v) for k, v in data.items()}
    if kind == "red_line":
        clean = {k: data[k] for k in RED_LINE_FIELDS if k in data and data[k] is not None}
        return RedLine(name=name, test=RedLineTest.from_dict(clean), description=str(data.get("description") or ""))
    if kind == "risk_threshold":
        try:
            return RiskThreshold(
                name=name,
                harm_measure=str(data["harm_measure"]),
                level_n=float(data["level_n"]),
                probability=float(data["probability"]),
                period=float(data.get("period") or 1.0),
                period_unit=PeriodUnit(data.get("period_unit") or "year"),
                fn_c=None if data.get("fn_c") is None else float(data["fn_c"]),
                fn_alpha=None if data.get("fn_alpha") is None else float(data["fn_alpha"]),
                tier=data.get("tier"),
                category=data.get("category"),
            )
        except KeyError as exc:
            raise InvalidInput(exc.args[0], "required") from None
        except (TypeError, ValueError) as exc:
            raise InvalidInput("risk threshold", str(exc)) from None
    raise InvalidInput("kind", f"must be red_line or risk_threshold, not {kind!r}")


def build_spec(core: RedLine | RiskThreshold, *, number: int, organisation: str, model: str,
               safeguards: list[str] | tuple[str, ...] = (), requires_safety_case: bool = False) -> dict[str, Any]:
    """The canonical spec stored on a version and signed by reviewers.

    ``requires_safety_case`` (for "the most severe risks", issue 14) is written only when set, so the
    specs and digests of commitments that do not ask for a safety case are unchanged.
    """
    spec = payload(core, version=number, organisation=organisation)
    spec["model"] = model
    if isinstance(core, RedLine):
        spec["safeguards"] = sorted({s.strip() for s in safeguards if s and s.strip()})
    if requires_safety_case:
        spec["requires_safety_case"] = True
    return spec


def wants_safety_case(data: dict[str, Any]) -> bool:
    """Whether form or API input asks for the safety-case flag (a checkbox, a JSON boolean or "true")."""
    value = data.get("requires_safety_case")
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def core_from_spec(spec: dict[str, Any]) -> RedLine | RiskThreshold:
    """Rebuild the core dataclass from a stored spec."""
    kind = spec.get("kind")
    if kind == "red_line":
        return RedLine(name=spec["name"], test=RedLineTest.from_dict(spec), description=spec.get("description", ""))
    return core_from_input("risk_threshold", spec["name"], spec)


def spec_diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The core diff between two specs, JSON-ready, plus a flagged change when safeguards were dropped."""
    changes = [
        {"field": c.field, "old": c.old, "new": c.new, "effect": c.effect.value, "note": c.note, "flagged": c.flagged}
        for c in diff(core_from_spec(old), core_from_spec(new))
    ]
    removed = sorted(set(old.get("safeguards") or []) - set(new.get("safeguards") or []))
    added = sorted(set(new.get("safeguards") or []) - set(old.get("safeguards") or []))
    if removed or added:
        changes.append({"field": "safeguards", "old": old.get("safeguards"), "new": new.get("safeguards"),
                        "effect": "weakens" if removed else "strengthens",
                        "note": f"removed {', '.join(removed)}" if removed else "", "flagged": bool(removed)})
    was, now = bool(old.get("requires_safety_case")), bool(new.get("requires_safety_case"))
    if was != now:
        changes.append({"field": "requires_safety_case", "old": was, "new": now,
                        "effect": "weakens" if was else "strengthens",
                        "note": "no longer requires an assessed safety case" if was else "", "flagged": was})
    return changes
