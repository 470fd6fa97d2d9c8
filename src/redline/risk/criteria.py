"""Reference risk criteria from other industries, shipped as data with their sources.

They let a proposed AI threshold be read against familiar yardsticks (UK HSE, the Dutch
societal line, nuclear and aviation safety goals). The units differ: the comparison is for
orientation, never a claim that the criteria transfer directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from redline.core import safe_yaml


@dataclass(frozen=True)
class Criterion:
    """One reference criterion: a flat ``limit``, or a societal line ``constant / N**slope`` for N ≥ ``n_min``."""

    id: str
    name: str
    kind: str  # individual, societal or frequency
    per: str
    source: str
    url: str = ""
    note: str = ""
    limit: float | None = None
    constant: float | None = None
    slope: float | None = None
    n_min: float | None = None

    def limit_at(self, n: float) -> float | None:
        """The criterion's limit for N or more harmed (None where a societal line does not apply)."""
        if self.kind == "societal":
            if self.constant is None or self.slope is None or n < (self.n_min or 0):
                return None
            return self.constant / n**self.slope
        return self.limit


@cache
def load_criteria() -> tuple[Criterion, ...]:
    """The criteria in ``redline/risk/data/criteria.yaml`` (read once)."""
    text = resources.files("redline.risk").joinpath("data/criteria.yaml").read_text(encoding="utf-8")
    return tuple(Criterion(**{k: v for k, v in item.items()}) for item in safe_yaml.load(text, source="criteria.yaml"))


def compare_threshold(probability: float, n: float) -> list[dict[str, Any]]:
    """How a threshold "P(harm ≥ n) ≤ probability" sits against each criterion (ratio > 1: looser)."""
    rows = []
    for c in load_criteria():
        ref = c.limit_at(n)
        if ref is None:
            continue
        rows.append({"id": c.id, "name": c.name, "reference": ref, "per": c.per, "ratio": probability / ref,
                     "looser": probability > ref, "source": c.source})
    return rows
