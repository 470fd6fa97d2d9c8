"""Small text helpers shared by the crosswalk, the EU form and the practice map."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.core.transparency.facts import as_datetime

HOSTED_MODES = ("hosted_api", "api_fine_tuning")
WEIGHT_MODES = ("gated_open_weights", "open_weights")


def urls(*groups: Iterable[Mapping[str, Any]] | Mapping[str, Any] | None) -> tuple[str, ...]:
    """The distinct ``url`` values of the given records, in order."""
    out: list[str] = []
    for group in groups:
        if not group:
            continue
        for record in [group] if isinstance(group, Mapping) else group:
            url = str(record.get("url") or "").strip()
            if url and url not in out:
                out.append(url)
    return tuple(out)


def day(value: Any) -> str:
    moment = as_datetime(value)
    return moment.date().isoformat() if moment else "an unrecorded date"


def mode_label(mode: str) -> str:
    try:
        return MODE_LABELS[DeploymentMode(mode)].lower()
    except ValueError:
        return str(mode).replace("_", " ")


def listing(items: Iterable[str], conj: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return f" {conj} ".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def sig(value: float, digits: int = 2) -> str:
    """``value`` in scientific notation with ``digits`` significant figures, e.g. 7.3×10^10."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{float(value):.{digits - 1}e}".split("e")
    return f"{mantissa}×10^{int(exponent)}"


def active(deployments: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [d for d in deployments if d.get("status") == "active"]


def first_public_release(deployments: Iterable[Mapping[str, Any]]) -> Any:
    """The earliest start date of a deployment beyond internal use that has started (or None)."""
    dates = [as_datetime(d.get("start_date")) for d in deployments
             if d.get("mode") != "internal" and d.get("status") in ("active", "paused", "withdrawn")]
    dates = [d for d in dates if d is not None]
    return min(dates) if dates else None
