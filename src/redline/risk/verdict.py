"""Verdict of an estimate against a quantitative threshold "P(harm ≥ N per period) ≤ p".

within: the upper credible bound is at most p; exceeds: the estimate is above p;
uncertain: anything else. The verdict always carries the estimate, interval and Monte
Carlo error, so it can never be read as a bare number.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from redline.risk.result import RunResult

STATUSES = ("within", "exceeds", "uncertain")


@dataclass(frozen=True)
class Verdict:
    """The verdict, the figures behind it, and why."""

    status: str
    probability: float
    threshold: float
    estimate: float
    interval: tuple[float, float]
    std_error: float
    upper: float
    method: str
    reason: str
    share_above: float | None = None

    def line(self) -> str:
        """One human sentence with every figure the verdict rests on."""
        share = "" if self.share_above is None else f"; {self.share_above:.0%} of epistemic draws above the limit"
        return (f"{self.status.upper()}: P(outcome ≥ {self.threshold:g}) ≈ {self.estimate:.3g} "
                f"(95% interval {self.interval[0]:.3g}–{self.interval[1]:.3g}, MC error ±{self.std_error:.2g}, "
                f"{self.method}) against a limit of {self.probability:g}{share}. {self.reason}")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["interval"] = list(self.interval)
        return d


def verdict_for(result: RunResult, probability: float) -> Verdict:
    """Judge ``result`` against the limit ``probability`` (cautious: the upper bound must clear it)."""
    upper = result.interval[1]
    share = None
    epi = result.epistemic
    if epi is not None:
        upper = max(upper, epi.ci90[1])
        if epi.tolerance == probability:
            share = epi.share_above
    if upper <= probability:
        status, reason = "within", f"The upper bound {upper:.3g} is at or below the limit."
    elif result.estimate > probability:
        status, reason = "exceeds", "The estimate itself is above the limit."
    else:
        status, reason = "uncertain", (f"The estimate is below the limit but the upper bound {upper:.3g} is not; "
                                       "more samples or better knowledge could settle it.")
    return Verdict(status, probability, result.threshold, result.estimate, result.interval, result.std_error,
                   upper, result.method, reason, share)
