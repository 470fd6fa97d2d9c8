"""Report management per vendor participant, after Vultron's RM process.

received → valid / invalid → accepted / deferred → closed.  A duplicate is a
valid report deferred with a link to its original (``mark_duplicate``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from redline.core.errors import InvalidInput
from redline.core.statemachine import StateMachine


class ReportState(StrEnum):
    """Where one vendor stands with a report."""

    RECEIVED = "received"
    VALID = "valid"
    INVALID = "invalid"
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    CLOSED = "closed"


class ReportEvent(StrEnum):
    """What a vendor (or coordinator on its behalf) can do to its report."""

    VALIDATE = "validate"
    INVALIDATE = "invalidate"
    ACCEPT = "accept"
    DEFER = "defer"
    MARK_DUPLICATE = "mark_duplicate"
    CLOSE = "close"


RS, RE = ReportState, ReportEvent

#: Why each event is refused, in words (shown to people instead of the machine's terse message).
REPORT_REASONS: dict[ReportEvent, str] = {
    RE.VALIDATE: "a report can be judged valid only while it is new (received) or was judged invalid",
    RE.INVALIDATE: "a report can be judged invalid only before it has been triaged",
    RE.ACCEPT: "a report can be accepted only once it is valid, or after it was deferred",
    RE.DEFER: "a report can be deferred only once it is valid or accepted",
    RE.MARK_DUPLICATE: "a report can be marked a duplicate only while it is new or valid",
    RE.CLOSE: "a report can be closed only once it was judged invalid, accepted or deferred; a closed report "
              "stays closed",
}

REPORT_MACHINE: StateMachine[ReportState, ReportEvent] = StateMachine(
    name="report",
    initial=RS.RECEIVED,
    transitions={
        (RS.RECEIVED, RE.VALIDATE): RS.VALID,
        (RS.RECEIVED, RE.INVALIDATE): RS.INVALID,
        # Vultron lets an invalid report be revalidated when new information arrives.
        (RS.INVALID, RE.VALIDATE): RS.VALID,
        (RS.INVALID, RE.CLOSE): RS.CLOSED,
        (RS.VALID, RE.ACCEPT): RS.ACCEPTED,
        (RS.VALID, RE.DEFER): RS.DEFERRED,
        (RS.VALID, RE.MARK_DUPLICATE): RS.DEFERRED,
        (RS.ACCEPTED, RE.DEFER): RS.DEFERRED,
        (RS.DEFERRED, RE.ACCEPT): RS.ACCEPTED,
        (RS.ACCEPTED, RE.CLOSE): RS.CLOSED,
        (RS.DEFERRED, RE.CLOSE): RS.CLOSED,
    },
    terminal=frozenset({RS.CLOSED}),
    reasons=REPORT_REASONS,
)


@dataclass(frozen=True)
class ReportStatus:
    """One vendor's report-management state; ``duplicate_of`` links a duplicate to its original."""

    state: ReportState = ReportState.RECEIVED
    duplicate_of: str | None = None
    ever_accepted: bool = False


def advance(status: ReportStatus, event: ReportEvent, *, duplicate_of: str | None = None) -> ReportStatus:
    """Apply ``event``; ``MARK_DUPLICATE`` needs ``duplicate_of`` (the original's ID), other events refuse it."""
    if event is ReportEvent.MARK_DUPLICATE and not duplicate_of:
        raise InvalidInput("duplicate_of", "a duplicate must link to its original report")
    if event is not ReportEvent.MARK_DUPLICATE and duplicate_of is not None:
        raise InvalidInput("duplicate_of", f"only allowed with '{ReportEvent.MARK_DUPLICATE.value}'")
    new_state = REPORT_MACHINE.apply(status.state, event)
    return replace(
        status,
        state=new_state,
        duplicate_of=duplicate_of if event is ReportEvent.MARK_DUPLICATE else status.duplicate_of,
        ever_accepted=status.ever_accepted or new_state is ReportState.ACCEPTED,
    )
