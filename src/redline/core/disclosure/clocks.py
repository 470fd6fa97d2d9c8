"""Severity-based response clocks and the pure escalation check.

Each severity tier has targets, counted from when the vendor received the
report: *acknowledge* (the vendor confirms it is aware), *triage* (the report
is judged valid or invalid) and *fix* (a fix is ready).  A binding embargo that
has run out is a missed deadline too.  :func:`missed_deadlines` takes a
snapshot and ``now`` and returns what to escalate to a coordinator; the
background worker calls it, so tests control time by passing ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Severity(StrEnum):
    """Severity tiers, most severe first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Deadline(StrEnum):
    """Kinds of deadline a case can miss."""

    ACKNOWLEDGE = "acknowledge"
    TRIAGE = "triage"
    FIX = "fix"
    EMBARGO_END = "embargo_end"


@dataclass(frozen=True)
class ClockTargets:
    """Targets for one tier, each counted from receipt."""

    acknowledge: timedelta
    triage: timedelta
    fix: timedelta


#: redline's published targets; a critical flaw gets one day to acknowledge and 30 days to fix.
CLOCK_TARGETS: dict[Severity, ClockTargets] = {
    Severity.CRITICAL: ClockTargets(timedelta(days=1), timedelta(days=3), timedelta(days=30)),
    Severity.HIGH: ClockTargets(timedelta(days=2), timedelta(days=7), timedelta(days=60)),
    Severity.MEDIUM: ClockTargets(timedelta(days=5), timedelta(days=14), timedelta(days=90)),
    Severity.LOW: ClockTargets(timedelta(days=10), timedelta(days=30), timedelta(days=180)),
}


@dataclass(frozen=True)
class ParticipantClock:
    """What the clocks need to know about one vendor's participation.

    ``needs_fix`` is false once the vendor judged the report invalid, deferred or
    closed it; an absent timestamp means the step has not happened.
    """

    vendor: str
    severity: Severity
    received_at: datetime
    acknowledged_at: datetime | None = None
    triaged_at: datetime | None = None
    fix_ready_at: datetime | None = None
    needs_fix: bool = True


@dataclass(frozen=True)
class ClockSnapshot:
    """A case as the clocks see it."""

    case_id: str
    participants: tuple[ParticipantClock, ...]
    embargo_ends_at: datetime | None = None
    embargo_binding: bool = False


@dataclass(frozen=True)
class MissedDeadline:
    """One deadline to escalate; ``vendor`` is None for case-wide deadlines (the embargo)."""

    case_id: str
    vendor: str | None
    deadline: Deadline
    due: datetime
    overdue_by: timedelta


def due_dates(participant: ParticipantClock,
              targets: dict[Severity, ClockTargets] = CLOCK_TARGETS) -> dict[Deadline, datetime]:
    """The acknowledge, triage and fix due dates of one participation."""
    tier = targets[participant.severity]
    return {
        Deadline.ACKNOWLEDGE: participant.received_at + tier.acknowledge,
        Deadline.TRIAGE: participant.received_at + tier.triage,
        Deadline.FIX: participant.received_at + tier.fix,
    }


def missed_deadlines(snapshot: ClockSnapshot, now: datetime,
                     targets: dict[Severity, ClockTargets] = CLOCK_TARGETS) -> list[MissedDeadline]:
    """Every deadline that is past at ``now`` and whose step has not been done, earliest due first."""
    missed: list[MissedDeadline] = []
    for p in snapshot.participants:
        done = {
            Deadline.ACKNOWLEDGE: p.acknowledged_at is not None,
            Deadline.TRIAGE: p.triaged_at is not None,
            Deadline.FIX: p.fix_ready_at is not None or not p.needs_fix,
        }
        for deadline, due in due_dates(p, targets).items():
            if not done[deadline] and now > due:
                missed.append(MissedDeadline(snapshot.case_id, p.vendor, deadline, due, now - due))
    if snapshot.embargo_binding and snapshot.embargo_ends_at is not None and now > snapshot.embargo_ends_at:
        due = snapshot.embargo_ends_at
        missed.append(MissedDeadline(snapshot.case_id, None, Deadline.EMBARGO_END, due, now - due))
    missed.sort(key=lambda m: (m.due, m.vendor or "", m.deadline.value))
    return missed


def markdown_table(targets: dict[Severity, ClockTargets] = CLOCK_TARGETS) -> str:
    """The clock targets as a Markdown table (used by docs/disclosure.md, checked by a test)."""
    lines = ["| tier | acknowledge | triage | fix |", "|---|---|---|---|"]
    for severity, t in targets.items():
        lines.append(f"| {severity.value} | {t.acknowledge.days} d | {t.triage.days} d | {t.fix.days} d |")
    return "\n".join(lines)
