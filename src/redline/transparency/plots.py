"""The report's plots: each one is plain data in the report's JSON, drawn to PNG only for HTML and PDF.

A plot spec is ``{"kind": "bars" | "paired", "title", "alt", "labels", "series": [{"name", "values"}],
"unit"}``; :func:`png` draws it with matplotlib (the Agg canvas, no pyplot and no global state) and
:func:`data_uri` embeds it in a page or a PDF. ``alt`` says in words what the plot shows, for readers
who cannot see it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import Any

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0")


def counts_plot(title: str, counts: Mapping[str, int]) -> dict[str, Any]:
    labels = [k.replace("_", " ") for k in counts]
    values = [int(v) for v in counts.values()]
    alt = f"{title}: " + ", ".join(f"{label} {value}" for label, value in zip(labels, values, strict=True))
    return {"kind": "bars", "title": title, "alt": alt, "labels": labels, "unit": "count",
            "series": [{"name": "count", "values": values}]}


def response_plot(times: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    labels = list(times)
    median = [round((t["median_hours"] or 0) / 24, 2) for t in times.values()]
    p90 = [round((t["p90_hours"] or 0) / 24, 2) for t in times.values()]
    alt = "Response times in days, median and 90th percentile: " + "; ".join(
        f"{label} {m} and {p}" for label, m, p in zip(labels, median, p90, strict=True))
    return {"kind": "bars", "title": "Response times (days)", "alt": alt, "labels": labels, "unit": "days",
            "series": [{"name": "median", "values": median}, {"name": "90th percentile", "values": p90}]}


def drill_plot(drills) -> dict[str, Any]:
    labels = [f"{d['protocol']} {str(d['held_at'])[:10]}" for d in drills]
    actual = [float(d["total_minutes"]) for d in drills]
    target = [float(d["target_minutes"]) for d in drills]
    alt = "De-deployment drills, minutes taken against the target: " + "; ".join(
        f"{label}: {a:g} of {t:g}" for label, a, t in zip(labels, actual, target, strict=True))
    return {"kind": "bars", "title": "Drills: minutes taken and target", "alt": alt, "labels": labels,
            "unit": "minutes", "series": [{"name": "taken", "values": actual}, {"name": "target", "values": target}]}


def fmti_plot(cov) -> dict[str, Any]:
    from redline.core.transparency.fmti import DOMAINS

    buckets = ("from_records", "manual", "open")
    counts = {d: dict.fromkeys(buckets, 0) for d in DOMAINS}
    for r in cov.results:
        counts[r.indicator.domain][r.bucket.value] += 1
    series = [{"name": b.replace("_", " "), "values": [counts[d][b] for d in DOMAINS]} for b in buckets]
    alt = "FMTI indicators by domain: " + "; ".join(
        f"{d}: {counts[d]['from_records']} from records, {counts[d]['manual']} manual, {counts[d]['open']} open"
        for d in DOMAINS)
    return {"kind": "bars", "title": "FMTI indicators by domain", "alt": alt, "labels": list(DOMAINS),
            "unit": "indicators", "series": series}


def png(spec: Mapping[str, Any]) -> bytes:
    """The plot drawn as a PNG (about 640×280 px)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.8), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    labels = list(spec["labels"])
    series = list(spec["series"])
    width = 0.8 / max(len(series), 1)
    for i, s in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, s["values"], width=width, label=s["name"], color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(range(len(labels)), labels, fontsize=8, rotation=15 if len(labels) > 4 else 0)
    ax.set_ylabel(spec.get("unit", ""))
    ax.set_title(spec["title"], fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def data_uri(spec: Mapping[str, Any]) -> str:
    return "data:image/png;base64," + base64.b64encode(png(spec)).decode("ascii")


__all__ = ["counts_plot", "data_uri", "drill_plot", "fmti_plot", "png", "response_plot"]
