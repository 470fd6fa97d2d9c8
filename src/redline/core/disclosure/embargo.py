"""Embargo management per case, after Vultron's EM process, with redline's deadline rules.

none → proposed → active → revise → exited.  An embargo lasts at most 90 days,
at most 30 days once a fix is ready, at most 7 days once misuse is seen in the
wild, and ends as soon as the flaw (or an exploit) becomes public.  The limits
are an :class:`EmbargoPolicy` (settings in the web app); a requested end past
them is refused with :class:`~redline.core.errors.EmbargoTooLong`, which says
which limit applies and why, while events (a fix, attacks seen) pull a running
embargo's end in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from redline.core.errors import EmbargoTooLong, InvalidInput
from redline.core.statemachine import StateMachine


class EmbargoState(StrEnum):
    """Vultron's embargo states N, P, A, R, X."""

    NONE = "none"
    PROPOSED = "proposed"
    ACTIVE = "active"
    REVISE = "revise"
    EXITED = "exited"


class EmbargoEvent(StrEnum):
    """Embargo negotiation messages."""

    PROPOSE = "propose"
    REJECT = "reject"
    ACCEPT = "accept"
    PROPOSE_REVISION = "propose_revision"
    ACCEPT_REVISION = "accept_revision"
    REJECT_REVISION = "reject_revision"
    TERMINATE = "terminate"


ES, EE = EmbargoState, EmbargoEvent

#: Why each event is refused, in words.
EMBARGO_REASONS: dict[EmbargoEvent, str] = {
    EE.PROPOSE: "an embargo can be proposed only while none is agreed (or to counter a pending proposal); "
                "once one is active, propose a revision",
    EE.REJECT: "only a pending embargo proposal can be declined",
    EE.ACCEPT: "an embargo can be agreed only while a proposal is pending",
    EE.PROPOSE_REVISION: "a new end can be proposed only for an active embargo",
    EE.ACCEPT_REVISION: "a revised end can be agreed only while a revision is pending",
    EE.REJECT_REVISION: "a revised end can be declined only while a revision is pending",
    EE.TERMINATE: "only an active embargo can be ended",
}

EMBARGO_MACHINE: StateMachine[EmbargoState, EmbargoEvent] = StateMachine(
    name="embargo",
    initial=ES.NONE,
    transitions={
        (ES.NONE, EE.PROPOSE): ES.PROPOSED,
        (ES.PROPOSED, EE.PROPOSE): ES.PROPOSED,  # counter-proposal
        (ES.PROPOSED, EE.REJECT): ES.NONE,
        (ES.PROPOSED, EE.ACCEPT): ES.ACTIVE,
        (ES.ACTIVE, EE.PROPOSE_REVISION): ES.REVISE,
        (ES.REVISE, EE.PROPOSE_REVISION): ES.REVISE,
        (ES.REVISE, EE.ACCEPT_REVISION): ES.ACTIVE,
        (ES.REVISE, EE.REJECT_REVISION): ES.ACTIVE,
        (ES.ACTIVE, EE.TERMINATE): ES.EXITED,
        (ES.REVISE, EE.TERMINATE): ES.EXITED,
    },
    terminal=frozenset({ES.EXITED}),
    reasons=EMBARGO_REASONS,
)

#: States in which an embargo binds the participants (a revision under negotiation still binds).
BINDING_STATES = frozenset({ES.ACTIVE, ES.REVISE})


@dataclass(frozen=True)
class EmbargoPolicy:
    """Maximum embargo lengths; the defaults are redline's published rules."""

    default_days: int = 90
    after_fix_days: int = 30
    in_the_wild_days: int = 7


DEFAULT_POLICY = EmbargoPolicy()


@dataclass(frozen=True)
class Limit:
    """The latest end an embargo may have, the rule that sets it and the reason, in words."""

    end: datetime
    rule: str
    """``default``, ``after_fix`` or ``in_the_wild``."""
    why: str


#: Why each limit exists, as shown to the person whose requested end it refuses.
LIMIT_REASONS = {
    "default": "{days} days after the embargo started ({since}), the longest embargo this site allows, so that "
               "users are not kept unaware of a flaw indefinitely",
    "after_fix": "{days} days after the last vendor's fix was ready ({since}): once a fix exists, the people "
                 "exposed should learn of the flaw soon",
    "in_the_wild": "{days} days after misuse was seen in the wild ({since}): people are being harmed, so the "
                   "public must be warned quickly",
}


def embargo_limit(start: datetime, *, fix_ready_at: datetime | None = None,
                  attacks_observed_at: datetime | None = None, policy: EmbargoPolicy = DEFAULT_POLICY) -> Limit:
    """The tightest limit on an embargo started at ``start``, with its reason."""
    options = [("default", start, policy.default_days)]
    if fix_ready_at is not None:
        options.append(("after_fix", fix_ready_at, policy.after_fix_days))
    if attacks_observed_at is not None:
        options.append(("in_the_wild", attacks_observed_at, policy.in_the_wild_days))
    rule, since, days = min(options, key=lambda o: o[1] + timedelta(days=o[2]))
    return Limit(since + timedelta(days=days), rule,
                 LIMIT_REASONS[rule].format(days=days, since=since.date().isoformat()))


def check_requested_end(requested_end: datetime, *, at: datetime, start: datetime,
                        fix_ready_at: datetime | None = None, attacks_observed_at: datetime | None = None,
                        policy: EmbargoPolicy = DEFAULT_POLICY) -> None:
    """Refuse a requested end in the past or past the policy's limit (EmbargoTooLong says which and why)."""
    if requested_end <= at:
        raise InvalidInput("requested_end", f"the embargo's end must be later than now; "
                                            f"{requested_end.date().isoformat()} has passed")
    limit = embargo_limit(start, fix_ready_at=fix_ready_at, attacks_observed_at=attacks_observed_at, policy=policy)
    if requested_end > limit.end:
        raise EmbargoTooLong(
            f"this embargo may end no later than {limit.end.date().isoformat()}, {limit.why}; "
            f"{requested_end.date().isoformat()} is later. Choose an earlier end, or leave it empty "
            f"to use {limit.end.date().isoformat()}.")


def embargo_end(
    start: datetime,
    *,
    requested_end: datetime | None = None,
    fix_ready_at: datetime | None = None,
    attacks_observed_at: datetime | None = None,
    policy: EmbargoPolicy = DEFAULT_POLICY,
) -> datetime:
    """The latest moment the embargo may last: the earliest of every limit that applies."""
    candidates = [start + timedelta(days=policy.default_days)]
    if requested_end is not None:
        candidates.append(requested_end)
    if fix_ready_at is not None:
        candidates.append(fix_ready_at + timedelta(days=policy.after_fix_days))
    if attacks_observed_at is not None:
        candidates.append(attacks_observed_at + timedelta(days=policy.in_the_wild_days))
    return min(candidates)


@dataclass(frozen=True)
class Embargo:
    """A case's embargo: state, start, the end in force, and a revised end under negotiation."""

    state: EmbargoState = EmbargoState.NONE
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    proposed_end: datetime | None = None
    exit_reason: str | None = None

    @property
    def binding(self) -> bool:
        """True while the embargo binds (active, or active with a revision under negotiation)."""
        return self.state in BINDING_STATES

    def expired(self, now: datetime) -> bool:
        """True when a binding embargo has run past its end."""
        return self.binding and self.ends_at is not None and now >= self.ends_at

    @property
    def holds(self) -> bool:
        """True while publication must wait for it: binding, or proposed and not (yet) declined."""
        return self.binding or self.state is EmbargoState.PROPOSED

    def over(self, now: datetime) -> bool:
        """True when an embargo that holds has reached its (agreed or proposed) end."""
        return self.holds and self.ends_at is not None and now >= self.ends_at


def advance(
    embargo: Embargo,
    event: EmbargoEvent,
    *,
    at: datetime,
    requested_end: datetime | None = None,
    exit_reason: str | None = None,
    fix_ready_at: datetime | None = None,
    attacks_observed_at: datetime | None = None,
    policy: EmbargoPolicy = DEFAULT_POLICY,
) -> Embargo:
    """Apply ``event`` at ``at``; a requested end past the policy's limit is refused (EmbargoTooLong).

    Without a requested end a proposal runs to the limit.  A proposal's end is the end in force once
    accepted; a revision's end waits in ``proposed_end`` until it is accepted or rejected.
    """
    new_state = EMBARGO_MACHINE.apply(embargo.state, event)

    def clipped(start: datetime) -> datetime:
        if requested_end is not None:
            check_requested_end(requested_end, at=at, start=start, fix_ready_at=fix_ready_at,
                                attacks_observed_at=attacks_observed_at, policy=policy)
        return embargo_end(start, requested_end=requested_end, fix_ready_at=fix_ready_at,
                           attacks_observed_at=attacks_observed_at, policy=policy)

    if event is EmbargoEvent.PROPOSE:
        return Embargo(state=new_state, starts_at=at, ends_at=clipped(at))
    if event is EmbargoEvent.REJECT:
        return Embargo()
    if event is EmbargoEvent.PROPOSE_REVISION:
        # Revisions are counted from the original start, so they cannot stretch the 90-day maximum.
        return replace(embargo, state=new_state, proposed_end=clipped(embargo.starts_at or at))
    if event is EmbargoEvent.ACCEPT_REVISION:
        return replace(embargo, state=new_state, ends_at=embargo.proposed_end or embargo.ends_at,
                       proposed_end=None)
    if event is EmbargoEvent.REJECT_REVISION:
        return replace(embargo, state=new_state, proposed_end=None)
    if event is EmbargoEvent.TERMINATE:
        return replace(embargo, state=new_state, ends_at=at, proposed_end=None,
                       exit_reason=exit_reason or "terminated")
    return replace(embargo, state=new_state)  # ACCEPT: the proposed end comes into force


def shorten(embargo: Embargo, *, fix_ready_at: datetime | None = None,
            attacks_observed_at: datetime | None = None, policy: EmbargoPolicy = DEFAULT_POLICY) -> Embargo:
    """Pull an embargo's end in when a fix is ready or misuse is seen in the wild (never extends it)."""
    start = embargo.starts_at
    if start is None or embargo.ends_at is None or embargo.state is EmbargoState.EXITED:
        return embargo

    def limit(end: datetime | None) -> datetime | None:
        if end is None:
            return None
        return embargo_end(start, requested_end=end, fix_ready_at=fix_ready_at,
                           attacks_observed_at=attacks_observed_at, policy=policy)

    return replace(embargo, ends_at=limit(embargo.ends_at), proposed_end=limit(embargo.proposed_end))
