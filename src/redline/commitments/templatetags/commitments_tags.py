"""``pct``: the project's way of showing a proportion on a page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value):
    """0.1234 → '0.123' (three significant figures), '—' for None."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):.3g}"
    except (TypeError, ValueError):
        return str(value)
