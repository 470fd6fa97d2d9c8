"""Numbers written for people: ``short_count(70_000_000_000)`` is ``"70 B"``."""

from __future__ import annotations

_STEPS = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k"))


def short_count(n: int | float | None) -> str:
    """A count with a thousand/million/billion/trillion suffix and at most three significant figures.

    ``None`` is ``"—"``; numbers below 1,000 are shown whole (``"950"``); ``1_500_000`` is ``"1.5 M"``,
    ``8_030_000_000`` is ``"8.03 B"``, ``70_000_000_000`` is ``"70 B"``.
    """
    if n is None:
        return "—"
    value = float(n)
    sign = "-" if value < 0 else ""
    value = abs(value)
    rounded = float(f"{value:.3g}")  # three significant figures first, so 999.96 M reads 1 B
    for size, suffix in _STEPS:
        if rounded >= size:
            scaled = rounded / size
            text = f"{scaled:,.0f}" if scaled >= 1000 else f"{scaled:.3g}"
            return f"{sign}{text} {suffix}"
    return f"{sign}{value:.0f}" if value == int(value) else f"{sign}{value:.3g}"
