"""The verdict plot: a red line's estimate and interval against its threshold and alert line (SVG)."""

from __future__ import annotations

import io
from typing import Any

COLOURS = {"crossed": "#b3261e", "not_crossed": "#1b6e3a", "inconclusive": "#9a6700", "invalid": "#6b4c9a"}


def verdict_svg(name: str, spec: dict[str, Any], verdict: dict[str, Any] | None) -> bytes:
    """One horizontal bar: the point estimate with its interval, the threshold (solid) and alert (dashed)."""
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(6.0, 1.6), dpi=96)
    ax = fig.add_subplot()
    threshold = float(spec["threshold"])
    alert = spec.get("alert")
    ax.axvline(threshold, color="#b3261e", linewidth=2, label=f"threshold {threshold:g}")
    if alert is not None:
        ax.axvline(float(alert), color="#9a6700", linewidth=1.5, linestyle="--", label=f"alert {float(alert):g}")
    hi = max(threshold, float(alert or 0)) * 1.3
    if verdict and verdict.get("estimate") is not None:
        status = verdict["verdict"]
        est = float(verdict["estimate"])
        interval = verdict.get("interval")
        colour = COLOURS.get(status, "#333333")
        if interval:
            lo_i, hi_i = float(interval[0]), float(interval[1])
            ax.errorbar([est], [0], xerr=[[est - lo_i], [hi_i - est]], fmt="o", color=colour, capsize=6,
                        markersize=8, label=f"{status.replace('_', ' ')}: {est:.3g} [{lo_i:.3g}, {hi_i:.3g}]")
            hi = max(hi, hi_i * 1.1)
        else:
            ax.plot([est], [0], "o", color=colour, label=f"{status.replace('_', ' ')}: {est:.3g}")
            hi = max(hi, est * 1.1)
    else:
        ax.text(0.5, 0.5, "no evidence on record" if not verdict else f"{verdict['verdict']}: no estimate",
                transform=ax.transAxes, ha="center", va="center")
    upper_bound = 1.0 if spec.get("metric") in ("accuracy", "attack_success_rate", "acc") else hi
    ax.set_xlim(0, max(min(upper_bound, hi), threshold * 1.1, 1e-9))
    ax.set_yticks([])
    ax.set_xlabel(f"{spec.get('task')} / {spec.get('metric')}")
    ax.set_title(name, fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.04, right=0.6, bottom=0.32, top=0.82)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()
