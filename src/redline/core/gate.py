"""The deployment gate: pure rules, proportional to reversibility (DESIGN §3.7, issue 4).

``gate(mode, red_lines, thresholds, safeguards)`` answers whether a model may be
deployed in ``mode`` and why, one row per item. The rules:

- **not crossed** allows every mode.
- **crossed** applies the red line's committed action: ``no_open_weights`` blocks
  gated and open weights; ``api_only_with_safeguards`` allows internal use, and a
  hosted API only when its safeguards pass, and blocks everything else;
  ``pause_deployment`` and ``halt_development`` block every external mode.
- **inconclusive** (and **invalid** or missing evidence, which cannot show "not
  crossed" either) follows the red line's policy: ``treat_as_crossed`` applies the
  crossed rule, and an external mode may then proceed only with passing safeguards;
  ``require_more_precise`` and ``block`` refuse every mode until re-measured.
- Gated and open weights, being irreversible, need **not crossed** on every red line.
- A quantitative threshold that **exceeds** blocks every mode; **uncertain** blocks
  gated and open weights.
- Safeguards: a red line's named safeguards, or, when it names none, every safeguard
  result given (at least one is required).
- Further requirements registered by other apps (a commitment that requires an assessed
  safety case, issue 14) arrive already judged per mode as :class:`RequirementGateInput`;
  one that does not allow the mode blocks it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from redline.core.deployment import DeploymentMode
from redline.core.errors import InvalidInput
from redline.core.verdict import CommittedAction, InconclusivePolicy, Verdict, VerdictStatus


class ThresholdStatus(enum.Enum):
    """The risk engine's verdict of a quantitative threshold."""

    WITHIN = "within"
    EXCEEDS = "exceeds"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class RedLineGateInput:
    """One applicable red line with its latest verdict (``None``: no evidence on record)."""

    name: str
    status: VerdictStatus | None
    policy: InconclusivePolicy = InconclusivePolicy.TREAT_AS_CROSSED
    action: CommittedAction = CommittedAction.NO_OPEN_WEIGHTS
    safeguards: tuple[str, ...] = ()

    @classmethod
    def from_verdict(
        cls,
        name: str,
        verdict: Verdict | None,
        policy: InconclusivePolicy,
        action: CommittedAction,
        safeguards: Sequence[str] = (),
    ) -> RedLineGateInput:
        return cls(name, verdict.status if verdict else None, policy, action, tuple(safeguards))


@dataclass(frozen=True)
class ThresholdGateInput:
    """One applicable quantitative risk threshold with the risk engine's verdict."""

    name: str
    status: ThresholdStatus | str

    @property
    def parsed(self) -> ThresholdStatus:
        """The status as a ThresholdStatus; accepts the risk engine's strings or any enum with those values."""
        if isinstance(self.status, ThresholdStatus):
            return self.status
        raw = self.status.value if isinstance(self.status, enum.Enum) else self.status
        try:
            return ThresholdStatus(str(raw).strip().lower())
        except ValueError:
            raise InvalidInput(
                f"threshold {self.name!r}: status {raw!r} is not one of within, exceeds, uncertain"
            ) from None


@dataclass(frozen=True)
class SafeguardGateInput:
    """A safeguard adequacy result: its name and whether it passed."""

    name: str
    passed: bool


@dataclass(frozen=True)
class RequirementGateInput:
    """A requirement another app registered, judged for each mode it concerns.

    ``verdicts`` maps a mode's value to ``(allowed, status, reason)``; a mode that is not
    listed is not affected by the requirement.
    """

    kind: str
    name: str
    verdicts: dict[str, tuple[bool, str, str]]

    def row(self, mode: DeploymentMode) -> GateRow | None:
        verdict = self.verdicts.get(mode.value)
        if verdict is None:
            return None
        allowed, status, reason = verdict
        return GateRow(self.kind, self.name, status, allowed, reason)


@dataclass(frozen=True)
class GateRow:
    """One item's effect on the decision."""

    kind: str  # "red_line", "threshold", "safeguard", or a registered requirement's kind ("safety_case")
    name: str
    status: str
    allowed: bool
    reason: str


@dataclass(frozen=True)
class GateResult:
    mode: DeploymentMode
    allowed: bool
    reasons: list[str]
    rows: list[GateRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "allowed": self.allowed,
            "reasons": list(self.reasons),
            "rows": [row.__dict__ for row in self.rows],
        }


_EXTERNAL = (
    DeploymentMode.HOSTED_API,
    DeploymentMode.API_FINE_TUNING,
    DeploymentMode.GATED_OPEN_WEIGHTS,
    DeploymentMode.OPEN_WEIGHTS,
)
_WEIGHTS = (DeploymentMode.GATED_OPEN_WEIGHTS, DeploymentMode.OPEN_WEIGHTS)


def _crossed_rule(mode: DeploymentMode, action: CommittedAction) -> tuple[bool, bool, str]:
    """(allowed, needs_safeguards, why) when a red line with ``action`` counts as crossed."""
    if action is CommittedAction.NO_OPEN_WEIGHTS:
        if mode in _WEIGHTS:
            return False, False, "committed action no_open_weights forbids releasing weights"
        return True, False, "no_open_weights allows this mode"
    if action is CommittedAction.API_ONLY_WITH_SAFEGUARDS:
        if mode is DeploymentMode.INTERNAL:
            return True, False, "internal use is allowed"
        if mode is DeploymentMode.HOSTED_API:
            return True, True, "api_only_with_safeguards allows a hosted API with passing safeguards"
        return False, False, "committed action api_only_with_safeguards allows only a hosted API"
    # pause_deployment, halt_development
    if mode in _EXTERNAL:
        return False, False, f"committed action {action.value} blocks every external deployment"
    return True, False, "internal use is allowed"


def _safeguards_pass(names: tuple[str, ...], safeguards: Sequence[SafeguardGateInput]) -> tuple[bool, str]:
    by_name = {s.name: s for s in safeguards}
    wanted = list(names) if names else list(by_name)
    if not wanted:
        return False, "no safeguard adequacy test on record"
    missing = [n for n in wanted if n not in by_name]
    if missing:
        return False, f"no adequacy test for safeguard(s) {', '.join(missing)}"
    failing = [n for n in wanted if not by_name[n].passed]
    if failing:
        return False, f"safeguard(s) {', '.join(failing)} failed their adequacy test"
    return True, f"safeguard(s) {', '.join(wanted)} pass"


def red_line_row(
    mode: DeploymentMode, item: RedLineGateInput, safeguards: Sequence[SafeguardGateInput]
) -> GateRow:
    """The effect of one red line on deploying in ``mode``."""
    status = item.status
    shown = status.value if status else "no evidence"
    if status is VerdictStatus.NOT_CROSSED:
        return GateRow("red_line", item.name, shown, True, "not crossed")
    if mode in _WEIGHTS:
        return GateRow(
            "red_line",
            item.name,
            shown,
            False,
            f"{mode.value} needs 'not crossed' on every red line; this one is {shown}",
        )
    if status is VerdictStatus.CROSSED:
        ok, needs, why = _crossed_rule(mode, item.action)
        if ok and needs:
            sg_ok, sg_why = _safeguards_pass(item.safeguards, safeguards)
            return GateRow("red_line", item.name, shown, sg_ok, f"crossed; {why}: {sg_why}")
        return GateRow("red_line", item.name, shown, ok, f"crossed; {why}")
    # inconclusive, invalid or missing: cannot show "not crossed"
    if item.policy is InconclusivePolicy.BLOCK:
        return GateRow("red_line", item.name, shown, False, f"{shown}; the policy blocks the decision")
    if item.policy is InconclusivePolicy.REQUIRE_MORE_PRECISE:
        return GateRow(
            "red_line",
            item.name,
            shown,
            False,
            f"{shown}; the policy requires a more precise measurement first",
        )
    ok, _needs, why = _crossed_rule(mode, item.action)
    if not ok:
        return GateRow("red_line", item.name, shown, False, f"{shown}, treated as crossed; {why}")
    if mode is DeploymentMode.INTERNAL:
        return GateRow("red_line", item.name, shown, True, f"{shown}, treated as crossed; {why}")
    sg_ok, sg_why = _safeguards_pass(item.safeguards, safeguards)
    return GateRow(
        "red_line",
        item.name,
        shown,
        sg_ok,
        f"{shown}, treated as crossed; proceeding needs passing safeguards: {sg_why}",
    )


def threshold_row(mode: DeploymentMode, item: ThresholdGateInput) -> GateRow:
    """The effect of one quantitative threshold on deploying in ``mode``."""
    status = item.parsed
    if status is ThresholdStatus.EXCEEDS:
        return GateRow("threshold", item.name, status.value, False, "the risk estimate exceeds the threshold")
    if status is ThresholdStatus.UNCERTAIN and mode in _WEIGHTS:
        return GateRow(
            "threshold",
            item.name,
            status.value,
            False,
            "uncertain risk blocks an irreversible release of weights",
        )
    return GateRow("threshold", item.name, status.value, True, f"risk {status.value}")


def gate(
    mode: DeploymentMode | str,
    red_line_results: Sequence[RedLineGateInput],
    threshold_results: Sequence[ThresholdGateInput] = (),
    safeguard_results: Sequence[SafeguardGateInput] = (),
    requirements: Sequence[RequirementGateInput] = (),
) -> GateResult:
    """Whether deploying in ``mode`` is allowed, with the reasons and one row per item."""
    mode = mode if isinstance(mode, DeploymentMode) else DeploymentMode.parse(mode)
    rows = [red_line_row(mode, item, safeguard_results) for item in red_line_results]
    rows += [threshold_row(mode, item) for item in threshold_results]
    rows += [
        GateRow(
            "safeguard",
            s.name,
            "passed" if s.passed else "failed",
            True,
            "adequacy test result (informational)",
        )
        for s in safeguard_results
    ]
    rows += [row for item in requirements if (row := item.row(mode)) is not None]
    blocking = [row for row in rows if not row.allowed]
    reasons = [f"{row.name}: {row.reason}" for row in blocking]
    if not blocking:
        reasons = [f"every applicable red line and threshold allows {mode.label.lower()}" if rows else
                   f"no red line, risk threshold or safeguard test in force applies to this model, so nothing "
                   f"stops {mode.label.lower()}"]
    return GateResult(mode=mode, allowed=not blocking, reasons=reasons, rows=rows)
