"""The reporter–vendor dispute overlay.

filed → under review → decided, and one appeal: decided → appealed → under
appeal review → final.  A reporter may withdraw before a decision.  Until it is
decided the record carries the ``disputed`` tag; a decision needs a written
rationale, which is published.

Preconditions, as data (:data:`DISPUTABLE_STATES`, :class:`DisputePolicy`), each refused with
:class:`~redline.core.errors.DisputeRefused` in words:

- a dispute is about a vendor's decision, so it is filed only once that vendor has decided
  (judged the report invalid, deferred or closed it) or missed a deadline (:func:`filing_refusal`);
- the adjudicator decides only after the vendor answered or its answer deadline passed
  (:func:`decision_refusal`);
- an appeal needs written grounds;
- the outcome is one of :class:`Outcome` (about the vendor's decision), with a written rationale.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from redline.core.disclosure.report import ReportState
from redline.core.errors import DisputeRefused, IllegalTransition, InvalidInput
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

#: A vendor's report states that are a decision a reporter may dispute.
DISPUTABLE_STATES = frozenset({ReportState.INVALID, ReportState.DEFERRED, ReportState.CLOSED})


class Outcome(StrEnum):
    """What the adjudicator decides about the vendor's decision."""

    UPHELD = "upheld"
    OVERTURNED = "overturned"
    PARTLY_UPHELD = "partly upheld"


#: Each outcome in words, for the decision form and docs/disclosure.md.
OUTCOME_MEANING = {
    Outcome.UPHELD: "the vendor's decision stands",
    Outcome.OVERTURNED: "the vendor's decision is reversed: the reporter is right",
    Outcome.PARTLY_UPHELD: "the vendor's decision stands in part; the rationale says which part",
}


@dataclass(frozen=True)
class DisputePolicy:
    """How long the vendor has to answer a dispute before the adjudicator may decide without its answer."""

    answer_days: int = 14


DEFAULT_DISPUTE_POLICY = DisputePolicy()


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
    vendor_answered_at: datetime | None = None
    appeal_grounds: str | None = None

    @property
    def disputed(self) -> bool:
        """True while the record must carry the ``disputed`` tag."""
        return self.state in DISPUTED_STATES

    def answer_due(self, policy: DisputePolicy = DEFAULT_DISPUTE_POLICY) -> datetime:
        """When the vendor's answer is due; after it the adjudicator may decide without one."""
        return self.filed_at + timedelta(days=policy.answer_days)


def filing_refusal(state: ReportState, *, missed_deadlines: list[str] = ()) -> str | None:
    """Why a dispute with a vendor in report state ``state`` cannot be filed now, or None when it can.

    ``missed_deadlines`` names the deadlines that vendor has missed (acknowledge, triage, fix).
    """
    if state in DISPUTABLE_STATES or missed_deadlines:
        return None
    return (f"a dispute is about a vendor's decision, and this vendor has not decided yet (the report is "
            f"{state.value} for it): you can dispute once it has judged the report invalid, deferred or closed "
            "it, or missed one of its deadlines")


def decision_refusal(dispute: Dispute, now: datetime, policy: DisputePolicy = DEFAULT_DISPUTE_POLICY) -> str | None:
    """Why the adjudicator may not decide ``dispute`` at ``now``, or None when it may."""
    if dispute.vendor_answered_at is not None or now >= dispute.answer_due(policy):
        return None
    return (f"the vendor has until {dispute.answer_due(policy).date().isoformat()} to answer this dispute; decide "
            "once it has answered or that date has passed")


def advance(dispute: Dispute, event: DisputeEvent, *, decision: Decision | None = None, grounds: str | None = None,
            now: datetime | None = None, policy: DisputePolicy = DEFAULT_DISPUTE_POLICY) -> Dispute:
    """Apply ``event``: ``DECIDE`` needs a :class:`Decision` (an :class:`Outcome` and a written rationale) and the
    vendor's answer or its deadline passed (at ``now``, default the decision's time); ``APPEAL`` needs grounds."""
    new_state = DISPUTE_MACHINE.apply(dispute.state, event)
    if event is DisputeEvent.DECIDE:
        if decision is None or not decision.rationale.strip():
            raise InvalidInput("rationale", "write the rationale for the decision; it is published")
        if decision.outcome not in Outcome._value2member_map_:
            raise InvalidInput("outcome", "choose one of " + ", ".join(o.value for o in Outcome)
                               + f", not {decision.outcome!r}")
        why = decision_refusal(dispute, now or decision.decided_at, policy)
        if why:
            raise DisputeRefused(dispute.state.value, event.value, why)
    elif decision is not None:
        raise InvalidInput("decision", f"only allowed with '{DisputeEvent.DECIDE.value}'")
    if event is DisputeEvent.APPEAL:
        if not (grounds or "").strip():
            raise DisputeRefused(dispute.state.value, event.value,
                                 "an appeal needs grounds: say what the decision got wrong")
        dispute = replace(dispute, appeal_grounds=grounds.strip())
    elif grounds is not None:
        raise InvalidInput("grounds", f"only allowed with '{DisputeEvent.APPEAL.value}'")
    decisions = dispute.decisions + ((decision,) if decision is not None else ())
    return replace(dispute, state=new_state, decisions=decisions)


def add_statement(dispute: Dispute, statement: Statement) -> Dispute:
    """Record a written statement; allowed only while the dispute is open (it carries the tag)."""
    if not dispute.disputed:
        raise IllegalTransition("dispute", dispute.state.value, "add_statement",
                                "statements can be added only while the dispute is open")
    if not statement.text.strip() or statement.role not in ("vendor", "reporter", "coordinator"):
        raise InvalidInput("statement", "needs text and a role of vendor, reporter or coordinator")
    answered = dispute.vendor_answered_at or (statement.at if statement.role == "vendor" else None)
    return replace(dispute, statements=dispute.statements + (statement,), vendor_answered_at=answered)
