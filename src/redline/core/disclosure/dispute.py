"""The reporter–vendor dispute overlay.

filed → under review → decided, and one appeal: decided → appealed → under
appeal review → final.  A reporter may withdraw before a decision.  Until it is
decided the record carries the ``disputed`` tag; a decision needs a written
rationale, which is published.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from redline.core.errors import IllegalTransition, InvalidInput
from redline.core.statemachine import StateMachine


class DisputeState(StrEnum):
    """Where a dispute stands; the appeal path has its own states so it can happen only once."""

    FILED = "filed"
    UNDER_REVIEW = "under_review"
    DECIDED = "decided"
    APPEALED = "appealed"
    APPEAL_REVIEW = "appeal_review"
    FINAL = "final"
    WITHDRAWN = "withdrawn"


class DisputeEvent(StrEnum):
    """Moves in a dispute."""

    BEGIN_REVIEW = "begin_review"
    DECIDE = "decide"
    APPEAL = "appeal"
    WITHDRAW = "withdraw"


DS, DE = DisputeState, DisputeEvent

#: Why each event is refused, in words.
DISPUTE_REASONS: dict[DisputeEvent, str] = {
    DE.BEGIN_REVIEW: "a review can begin only on a newly filed dispute or an appeal",
    DE.DECIDE: "a dispute can be decided only while it is under review",
    DE.APPEAL: "a decision can be appealed only once, after the first decision",
    DE.WITHDRAW: "a dispute can be withdrawn only before it is decided",
}

DISPUTE_MACHINE: StateMachine[DisputeState, DisputeEvent] = StateMachine(
    name="dispute",
    initial=DS.FILED,
    transitions={
        (DS.FILED, DE.BEGIN_REVIEW): DS.UNDER_REVIEW,
        (DS.FILED, DE.WITHDRAW): DS.WITHDRAWN,
        (DS.UNDER_REVIEW, DE.DECIDE): DS.DECIDED,
        (DS.UNDER_REVIEW, DE.WITHDRAW): DS.WITHDRAWN,
        (DS.DECIDED, DE.APPEAL): DS.APPEALED,
        (DS.APPEALED, DE.BEGIN_REVIEW): DS.APPEAL_REVIEW,
        (DS.APPEAL_REVIEW, DE.DECIDE): DS.FINAL,
    },
    terminal=frozenset({DS.FINAL, DS.WITHDRAWN}),
    reasons=DISPUTE_REASONS,
)

#: States in which the record shows the ``disputed`` tag.
DISPUTED_STATES = frozenset({DS.FILED, DS.UNDER_REVIEW, DS.APPEALED, DS.APPEAL_REVIEW})


@dataclass(frozen=True)
class Decision:
    """An adjudicator's written decision; published in full."""

    outcome: str
    rationale: str
    adjudicator: str
    decided_at: datetime


@dataclass(frozen=True)
class Statement:
    """A written submission to the adjudicator (the vendor's answer, the reporter's reply)."""

    author: str
    role: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Dispute:
    """A dispute on one report: its state and the decisions so far (first, then the appeal's)."""

    filed_by: str
    grounds: str
    filed_at: datetime
    state: DisputeState = DisputeState.FILED
    decisions: tuple[Decision, ...] = ()
    statements: tuple[Statement, ...] = ()

    @property
    def disputed(self) -> bool:
        """True while the record must carry the ``disputed`` tag."""
        return self.state in DISPUTED_STATES


def advance(dispute: Dispute, event: DisputeEvent, *, decision: Decision | None = None) -> Dispute:
    """Apply ``event``; ``DECIDE`` needs a :class:`Decision` with a non-empty rationale."""
    if event is DisputeEvent.DECIDE:
        if decision is None or not decision.rationale.strip() or not decision.outcome.strip():
            raise InvalidInput("decision", "an adjudicator's decision needs an outcome and a written rationale")
    elif decision is not None:
        raise InvalidInput("decision", f"only allowed with '{DisputeEvent.DECIDE.value}'")
    new_state = DISPUTE_MACHINE.apply(dispute.state, event)
    decisions = dispute.decisions + ((decision,) if decision is not None else ())
    return replace(dispute, state=new_state, decisions=decisions)


def add_statement(dispute: Dispute, statement: Statement) -> Dispute:
    """Record a written statement; allowed only while the dispute is open (it carries the tag)."""
    if not dispute.disputed:
        raise IllegalTransition("dispute", dispute.state.value, "add_statement",
                                "statements can be added only while the dispute is open")
    if not statement.text.strip() or statement.role not in ("vendor", "reporter", "coordinator"):
        raise InvalidInput("statement", "needs text and a role of vendor, reporter or coordinator")
    return replace(dispute, statements=dispute.statements + (statement,))
