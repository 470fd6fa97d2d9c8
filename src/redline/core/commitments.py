"""Commitments: risk thresholds and red lines, their lifecycle, and version diffs.

Commitments are append-only (DESIGN §1.2, §3.4): a change makes a new version, and
:func:`diff` lists every field that changed while :func:`weakenings` picks the ones
that loosen the commitment, so pages and feeds can flag them. A change whose effect
cannot be judged (a different task, metric, harm measure or direction) counts as
a possible weakening: the cautious reading.

Lifecycle, as data (:data:`LIFECYCLE`):
draft → proposed (public comment) → approved (k independent reviewers, signed)
→ in force → superseded. A proposal may be withdrawn to draft or rejected back to it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redline.core.errors import IllegalTransition, InvalidInput
from redline.core.evidence.elicitation import ElicitationLevel
from redline.core.statemachine import StateMachine
from redline.core.verdict import CommittedAction, Direction, InconclusivePolicy, RedLineTest


class PeriodUnit(enum.Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"

    @property
    def days(self) -> float:
        return {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25, "decade": 3652.5}[self.value]


@dataclass(frozen=True)
class RiskThreshold:
    """ "P(harm ≥ N per period) ≤ p", optionally with an F-N line P(N ≥ n) ≤ C / n^α, and a tier."""

    name: str
    harm_measure: str  # e.g. "fatalities", "people affected", "economic loss (USD)"
    level_n: float
    probability: float
    period: float = 1.0
    period_unit: PeriodUnit = PeriodUnit.YEAR
    fn_c: float | None = None
    fn_alpha: float | None = None
    tier: str | None = None  # impact × likelihood, for qualitative use
    category: str | None = None  # CUE category or threat profile

    def __post_init__(self) -> None:
        if not 0.0 < self.probability <= 1.0:
            raise InvalidInput(f"risk threshold {self.name!r}: probability must lie in (0, 1]")
        if not (math.isfinite(self.level_n) and self.level_n > 0):
            raise InvalidInput(f"risk threshold {self.name!r}: level N must be a positive number")
        if self.period <= 0:
            raise InvalidInput(f"risk threshold {self.name!r}: period must be positive")
        if (self.fn_c is None) != (self.fn_alpha is None):
            raise InvalidInput(f"risk threshold {self.name!r}: an F-N line needs both C and alpha")

    @property
    def period_days(self) -> float:
        return self.period * self.period_unit.days

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "risk_threshold",
            "name": self.name,
            "harm_measure": self.harm_measure,
            "level_n": self.level_n,
            "probability": self.probability,
            "period": self.period,
            "period_unit": self.period_unit.value,
            "fn_c": self.fn_c,
            "fn_alpha": self.fn_alpha,
            "tier": self.tier,
            "category": self.category,
        }


@dataclass(frozen=True)
class RedLine:
    """A named capability test and the action committed to when it is crossed."""

    name: str
    test: RedLineTest
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "red_line", "name": self.name, "description": self.description, **self.test.as_dict()}


Commitment = RiskThreshold | RedLine


# --- lifecycle ---------------------------------------------------------------------------


class CommitmentState(enum.Enum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"


class CommitmentEvent(enum.Enum):
    PROPOSE = "propose"
    WITHDRAW = "withdraw"
    REJECT = "reject"
    APPROVE = "approve"
    ENTER_INTO_FORCE = "enter_into_force"
    SUPERSEDE = "supersede"


_S, _E = CommitmentState, CommitmentEvent
LIFECYCLE: StateMachine[CommitmentState, CommitmentEvent] = StateMachine(
    name="commitment",
    initial=_S.DRAFT,
    transitions={
        (_S.DRAFT, _E.PROPOSE): _S.PROPOSED,
        (_S.PROPOSED, _E.WITHDRAW): _S.DRAFT,
        (_S.PROPOSED, _E.REJECT): _S.DRAFT,
        (_S.PROPOSED, _E.APPROVE): _S.APPROVED,
        (_S.APPROVED, _E.ENTER_INTO_FORCE): _S.IN_FORCE,
        (_S.APPROVED, _E.SUPERSEDE): _S.SUPERSEDED,
        (_S.IN_FORCE, _E.SUPERSEDE): _S.SUPERSEDED,
    },
    terminal=frozenset({_S.SUPERSEDED}),
)


def advance(state: CommitmentState, event: CommitmentEvent) -> CommitmentState:
    """The state after ``event``; raises IllegalTransition when the table forbids it."""
    return LIFECYCLE.apply(state, event)


def require_editable(state: CommitmentState) -> None:
    """Only a draft may be edited; anything later needs a new version."""
    if state is not CommitmentState.DRAFT:
        raise IllegalTransition("commitment", state.value, "edit")


@dataclass(frozen=True)
class ApprovalFacts:
    """What the approval rule needs to know of one signed approval (the service gathers it)."""

    organisation: str
    """The slug of the organisation the reviewer approved for."""
    reviewer_organisation: bool
    """True when that organisation is an independent reviewer organisation (kind ``reviewer``)."""
    reviewer_in_developer: bool
    """True when the reviewer is also a member of the developer's organisation."""
    signature_valid: bool


def independent_organisations(approvals: list[ApprovalFacts], developer: str) -> list[str]:
    """The distinct independent reviewer organisations whose signed approvals count towards k, sorted.

    An approval counts when its signature verifies, it was given for a reviewer organisation that is
    not the developer's, and the reviewer is not a member of the developer; two members of one
    organisation count once, so k approvals mean k organisations (DESIGN §1.3).
    """
    return sorted({a.organisation for a in approvals
                   if a.signature_valid and a.reviewer_organisation and not a.reviewer_in_developer
                   and a.organisation != developer})


# --- diffs ---------------------------------------------------------------------------


class Effect(enum.Enum):
    WEAKENS = "weakens"
    STRENGTHENS = "strengthens"
    NEUTRAL = "neutral"
    UNCLEAR = "unclear"  # not comparable; flagged as a possible weakening


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    effect: Effect
    note: str = ""

    @property
    def flagged(self) -> bool:
        """True for changes shown as weakening: WEAKENS or UNCLEAR."""
        return self.effect in (Effect.WEAKENS, Effect.UNCLEAR)


def _by_rank(higher_is_weaker: bool) -> Callable[[Any, Any], Effect]:
    def judge(old: Any, new: Any) -> Effect:
        if old == new:
            return Effect.NEUTRAL
        return Effect.WEAKENS if (new > old) == higher_is_weaker else Effect.STRENGTHENS

    return judge


_INF = math.inf
_POLICY_RANK = {
    InconclusivePolicy.TREAT_AS_CROSSED.value: 0,
    InconclusivePolicy.REQUIRE_MORE_PRECISE.value: 1,
    InconclusivePolicy.BLOCK.value: 2,
}
#: Strictness of committed actions, weakest first.
ACTION_RANK = {
    CommittedAction.NO_OPEN_WEIGHTS.value: 0,
    CommittedAction.API_ONLY_WITH_SAFEGUARDS.value: 1,
    CommittedAction.PAUSE_DEPLOYMENT.value: 2,
    CommittedAction.HALT_DEVELOPMENT.value: 3,
}


def _red_line_effect(key: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[Effect, str]:
    o, n = old.get(key), new.get(key)
    same_direction = old.get("direction") == new.get("direction")
    ge = new.get("direction", Direction.GE.value) == Direction.GE.value
    if key in ("name", "description"):
        return Effect.NEUTRAL, ""
    if key in ("task", "metric", "scorer"):
        return Effect.UNCLEAR, "the test itself changed"
    if key == "direction":
        return Effect.UNCLEAR, "the direction of the test changed"
    if key in ("threshold", "alert"):
        if not same_direction:
            return Effect.UNCLEAR, "direction changed, so values cannot be compared"
        o = old["threshold"] if o is None else o  # no alert means the threshold itself
        n = new["threshold"] if n is None else n
        return _by_rank(higher_is_weaker=ge)(o, n), ""
    if key == "min_samples":
        return _by_rank(higher_is_weaker=False)(o, n), ""
    if key == "min_elicitation":
        return _by_rank(higher_is_weaker=False)(ElicitationLevel(o).rank, ElicitationLevel(n).rank), ""
    if key == "max_unscored":
        return _by_rank(higher_is_weaker=True)(o, n), ""
    if key == "validity_days":
        return _by_rank(higher_is_weaker=True)(_INF if o is None else o, _INF if n is None else n), ""
    if key == "inconclusive_policy":
        return _by_rank(higher_is_weaker=False)(_POLICY_RANK[o], _POLICY_RANK[n]), ""
    if key == "action":
        return _by_rank(higher_is_weaker=False)(ACTION_RANK[o], ACTION_RANK[n]), ""
    return Effect.UNCLEAR, ""


def _threshold_effect(key: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[Effect, str]:
    o, n = old.get(key), new.get(key)
    if key == "name":
        return Effect.NEUTRAL, ""
    if key in ("harm_measure", "category", "tier"):
        return Effect.UNCLEAR, f"{key} changed"
    if key in ("probability", "level_n"):
        return _by_rank(higher_is_weaker=True)(o, n), ""
    if key in ("period", "period_unit"):
        days_old = old["period"] * PeriodUnit(old["period_unit"]).days
        days_new = new["period"] * PeriodUnit(new["period_unit"]).days
        return _by_rank(higher_is_weaker=True)(
            days_old, days_new
        ), "the same p over a longer period allows more risk"
    if key in ("fn_c", "fn_alpha"):
        if o is None:
            return Effect.STRENGTHENS, "F-N line added"
        if n is None:
            return Effect.WEAKENS, "F-N line removed"
        return _by_rank(higher_is_weaker=(key == "fn_c"))(o, n), ""
    return Effect.UNCLEAR, ""


def diff(old: Commitment, new: Commitment) -> list[FieldChange]:
    """Every field that differs between two versions, with its effect on strictness."""
    if type(old) is not type(new):
        raise InvalidInput("cannot diff a red line against a risk threshold")
    a, b = old.as_dict(), new.as_dict()
    judge = _red_line_effect if isinstance(new, RedLine) else _threshold_effect
    changes = []
    for key in a:
        if key == "kind" or a[key] == b.get(key):
            continue
        effect, note = judge(key, a, b)
        changes.append(FieldChange(key, a[key], b.get(key), effect, note))
    return changes


def weakenings(old: Commitment, new: Commitment) -> list[FieldChange]:
    """The changes from ``old`` to ``new`` that weaken the commitment or cannot be judged."""
    return [change for change in diff(old, new) if change.flagged]


def payload(commitment: Commitment, *, version: int, organisation: str = "") -> dict[str, Any]:
    """The object reviewers sign: the commitment's fields with its version and owner."""
    return {**commitment.as_dict(), "version": version, "organisation": organisation}


__all__ = [
    "ACTION_RANK",
    "LIFECYCLE",
    "ApprovalFacts",
    "Commitment",
    "CommitmentEvent",
    "CommitmentState",
    "Effect",
    "FieldChange",
    "PeriodUnit",
    "RedLine",
    "RiskThreshold",
    "advance",
    "diff",
    "independent_organisations",
    "payload",
    "require_editable",
    "weakenings",
]
