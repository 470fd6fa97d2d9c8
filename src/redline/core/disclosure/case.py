"""A pure aggregate of a multi-vendor disclosure case.

A case has one participant per vendor (its own report-management state and
vfd flags), case-wide pxa flags and one embargo.  :func:`apply` routes a
:class:`CaseEvent` to the right machine, applies the rules that join them, and
returns a new :class:`Case`; :func:`violations` lists broken invariants (it is
empty for any case built through :func:`apply`, which the property tests check).

Rules joining the machines:

- triaging a report (valid / invalid) implies the vendor is aware;
- "fix ready" needs that vendor's report accepted;
- "fix deployed" never holds for an open-weight model;
- when the flaw or an exploit becomes public the embargo exits (a proposal is
  dropped) and no new embargo can be proposed;
- misuse seen in the wild pulls the embargo's end to at most 7 days later, and
  once every accepted vendor has a fix ready, to at most 30 days after the last fix;
- while an embargo holds (active, under revision, or proposed) and its end has not
  come, only a coordinator ends it, with a written reason (published with the
  advisory), and marking the flaw or an exploit public needs a written reason
  (where it was seen), which becomes the embargo's exit reason.

Events carry the parties the actor speaks for (``coordinator``, ``vendor:SLUG``,
``reporter``), so rules that depend on who acts are asked of the core too; what
a party may do at all (its role) is the web app's policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from redline.core.disclosure import embargo as em
from redline.core.disclosure import report as rm
from redline.core.disclosure.clocks import ClockSnapshot, ParticipantClock, Severity
from redline.core.disclosure.flags import CASE_FLAGS, Flag, FlagEvent, flag_string, raise_flag
from redline.core.errors import EmbargoBinds, IllegalTransition, InvalidInput

#: The parties an actor can speak for on a case; a vendor party is ``vendor:SLUG`` (:func:`vendor_party`).
COORDINATOR, REPORTER = "coordinator", "reporter"


def vendor_party(vendor: str) -> str:
    """The party name of a vendor on a case, ``vendor:SLUG``."""
    return f"vendor:{vendor}"


#: How the exit reason of an embargo a coordinator ended early begins (the rest is the coordinator's reason).
EARLY_PREFIX = "ended early by a coordinator: "

#: The longest vendor statement an advisory carries, and the longest written reason (early end, public).
MAX_STATEMENT = 4000
MAX_REASON = 2000


def written_reason(reason: str | None) -> str:
    """A written reason stripped, or InvalidInput when it is longer than :data:`MAX_REASON`."""
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise InvalidInput("reason", f"at most {MAX_REASON:,} characters (this has {len(text):,})")
    return text


class Action(StrEnum):
    """Every event a case accepts; the first group names a vendor, the rest are case-wide."""

    ACKNOWLEDGE = "acknowledge"
    VALIDATE = "validate"
    INVALIDATE = "invalidate"
    ACCEPT = "accept"
    DEFER = "defer"
    MARK_DUPLICATE = "mark_duplicate"
    CLOSE = "close"
    FIX_READY = "fix_ready"
    FIX_DEPLOYED = "fix_deployed"
    MADE_PUBLIC = "made_public"
    EXPLOIT_PUBLISHED = "exploit_published"
    ATTACKS_OBSERVED = "attacks_observed"
    PROPOSE_EMBARGO = "propose_embargo"
    ACCEPT_EMBARGO = "accept_embargo"
    REJECT_EMBARGO = "reject_embargo"
    PROPOSE_REVISION = "propose_revision"
    ACCEPT_REVISION = "accept_revision"
    REJECT_REVISION = "reject_revision"
    TERMINATE_EMBARGO = "terminate_embargo"
    AGREE_TO_PUBLISH = "agree_to_publish"


_REPORT_EVENTS = {
    Action.VALIDATE: rm.ReportEvent.VALIDATE,
    Action.INVALIDATE: rm.ReportEvent.INVALIDATE,
    Action.ACCEPT: rm.ReportEvent.ACCEPT,
    Action.DEFER: rm.ReportEvent.DEFER,
    Action.MARK_DUPLICATE: rm.ReportEvent.MARK_DUPLICATE,
    Action.CLOSE: rm.ReportEvent.CLOSE,
}
_FLAG_EVENTS = {
    Action.ACKNOWLEDGE: FlagEvent.VENDOR_NOTIFIED,
    Action.FIX_READY: FlagEvent.FIX_READY,
    Action.FIX_DEPLOYED: FlagEvent.FIX_DEPLOYED,
    Action.MADE_PUBLIC: FlagEvent.MADE_PUBLIC,
    Action.EXPLOIT_PUBLISHED: FlagEvent.EXPLOIT_PUBLISHED,
    Action.ATTACKS_OBSERVED: FlagEvent.ATTACKS_OBSERVED,
}
_EMBARGO_EVENTS = {
    Action.PROPOSE_EMBARGO: em.EmbargoEvent.PROPOSE,
    Action.ACCEPT_EMBARGO: em.EmbargoEvent.ACCEPT,
    Action.REJECT_EMBARGO: em.EmbargoEvent.REJECT,
    Action.PROPOSE_REVISION: em.EmbargoEvent.PROPOSE_REVISION,
    Action.ACCEPT_REVISION: em.EmbargoEvent.ACCEPT_REVISION,
    Action.REJECT_REVISION: em.EmbargoEvent.REJECT_REVISION,
    Action.TERMINATE_EMBARGO: em.EmbargoEvent.TERMINATE,
}
#: Actions that need ``vendor``; the others must not name one.
VENDOR_ACTIONS = frozenset(_REPORT_EVENTS) | {Action.ACKNOWLEDGE, Action.FIX_READY, Action.FIX_DEPLOYED,
                                              Action.AGREE_TO_PUBLISH}


@dataclass(frozen=True)
class CaseEvent:
    """One event on a case, at a time; extra fields are used only by the actions that need them."""

    action: Action
    at: datetime
    vendor: str | None = None
    duplicate_of: str | None = None
    requested_end: datetime | None = None
    reason: str | None = None
    parties: frozenset[str] = frozenset()
    """Who acts: ``coordinator``, ``vendor:SLUG``, ``reporter`` (empty: nobody in particular)."""


@dataclass(frozen=True)
class Participant:
    """One vendor's side of a case: what that vendor sees and acts on."""

    vendor: str
    received_at: datetime
    severity: Severity = Severity.MEDIUM
    open_weights: bool = False
    report: rm.ReportStatus = field(default_factory=rm.ReportStatus)
    flags: frozenset[Flag] = frozenset()
    acknowledged_at: datetime | None = None
    triaged_at: datetime | None = None
    fix_ready_at: datetime | None = None
    fix_deployed_at: datetime | None = None
    publish_agreed_at: datetime | None = None
    """When the vendor agreed that another vendor may publish before the embargo's end."""
    statement: str | None = None
    """The vendor's statement for the advisory."""


@dataclass(frozen=True)
class Case:
    """A multi-vendor case: participants by vendor, pxa flags, one embargo."""

    case_id: str
    opened_at: datetime
    participants: tuple[Participant, ...] = ()
    case_flags: frozenset[Flag] = frozenset()
    embargo: em.Embargo = field(default_factory=em.Embargo)
    public_at: datetime | None = None
    attacks_observed_at: datetime | None = None
    policy: em.EmbargoPolicy = em.DEFAULT_POLICY

    def participant(self, vendor: str) -> Participant:
        """The named vendor's participation, or InvalidInput when the vendor is not on the case."""
        for p in self.participants:
            if p.vendor == vendor:
                return p
        raise InvalidInput("vendor", f"{vendor!r} is not a participant in case {self.case_id}")

    @property
    def vendors(self) -> tuple[str, ...]:
        return tuple(p.vendor for p in self.participants)

    @property
    def public(self) -> bool:
        """True once the flaw or an exploit is public."""
        return bool(self.case_flags & {Flag.PUBLIC_AWARE, Flag.EXPLOIT_PUBLIC})

    def state_string(self, vendor: str) -> str:
        """Vultron's vfdpxa string for one vendor, e.g. ``VFdPxa``."""
        return flag_string(self.participant(vendor).flags | self.case_flags)


def open_case(case_id: str, at: datetime, vendors: list[str], *, severity: Severity = Severity.MEDIUM,
              open_weights: frozenset[str] = frozenset(),
              policy: em.EmbargoPolicy = em.DEFAULT_POLICY) -> Case:
    """A new case in which every named vendor has received the report at ``at``."""
    case = Case(case_id=case_id, opened_at=at, policy=policy)
    for vendor in vendors:
        case = add_participant(case, vendor, at, severity=severity, open_weights=vendor in open_weights)
    return case


def add_participant(case: Case, vendor: str, at: datetime, *, severity: Severity = Severity.MEDIUM,
                    open_weights: bool = False) -> Case:
    """Bring another vendor into the case (e.g. a jailbreak found to transfer)."""
    if not vendor or vendor in case.vendors:
        raise InvalidInput("vendor", f"{vendor!r} is empty or already a participant in case {case.case_id}")
    p = Participant(vendor=vendor, received_at=at, severity=severity, open_weights=open_weights)
    return replace(case, participants=case.participants + (p,))


def remove_participant(case: Case, vendor: str) -> Case:
    """Take a vendor off the case (named by mistake); InvalidInput when it is not on the case."""
    case.participant(vendor)
    return replace(case, participants=tuple(p for p in case.participants if p.vendor != vendor))


def for_vendor(case: Case, vendor: str) -> Case:
    """The case as one vendor may see it: its own participation, the case-wide flags and the embargo."""
    return replace(case, participants=(case.participant(vendor),))


def _replace_participant(case: Case, new: Participant) -> Case:
    return replace(case, participants=tuple(new if p.vendor == new.vendor else p for p in case.participants))


def _all_fixed_at(case: Case) -> datetime | None:
    """When the last accepted vendor had a fix ready, if every accepted vendor has one."""
    accepted = [p for p in case.participants if p.report.ever_accepted]
    if not accepted or any(p.fix_ready_at is None for p in accepted):
        return None
    return max(p.fix_ready_at for p in accepted if p.fix_ready_at is not None)


def apply(case: Case, event: CaseEvent) -> Case:
    """Return the case after ``event``; raise IllegalTransition (or InvalidInput for a bad field)."""
    action = event.action
    if (action in VENDOR_ACTIONS) != (event.vendor is not None):
        raise InvalidInput("vendor", f"'{action.value}' {'needs' if action in VENDOR_ACTIONS else 'takes no'} vendor")
    if event.vendor is not None:
        return _apply_vendor(case, case.participant(event.vendor), event)
    if action in _EMBARGO_EVENTS:
        return _apply_embargo(case, event)
    return _apply_case_flag(case, event)


def with_statement(case: Case, vendor: str, text: str) -> Case:
    """The case with ``vendor``'s statement for the advisory (empty text clears it)."""
    text = text.strip()
    if len(text) > MAX_STATEMENT:
        raise InvalidInput("statement", f"at most {MAX_STATEMENT:,} characters (this has {len(text):,})")
    return _replace_participant(case, replace(case.participant(vendor), statement=text or None))


def _apply_vendor(case: Case, p: Participant, event: CaseEvent) -> Case:
    action, at = event.action, event.at
    if action is Action.AGREE_TO_PUBLISH:
        if p.publish_agreed_at is not None:
            raise IllegalTransition("publication", "agreed", action.value,
                                    f"{p.vendor} has already agreed to early publication")
        return _replace_participant(case, replace(p, publish_agreed_at=at))
    if action in _REPORT_EVENTS:
        report = rm.advance(p.report, _REPORT_EVENTS[action], duplicate_of=event.duplicate_of)
        new = replace(p, report=report)
        if action in (Action.VALIDATE, Action.INVALIDATE) and p.triaged_at is None:
            new = replace(new, triaged_at=at)
        if Flag.VENDOR_AWARE not in new.flags:  # triage implies awareness
            new = replace(new, flags=new.flags | {Flag.VENDOR_AWARE}, acknowledged_at=at)
        return _replace_participant(case, new)
    flag_event = _FLAG_EVENTS[action]
    if action is Action.FIX_READY and p.report.state is not rm.ReportState.ACCEPTED:
        raise IllegalTransition("flags (report not accepted)", case.state_string(p.vendor), flag_event.value,
                                "a fix can be marked ready only after the vendor has accepted the report")
    both = raise_flag(p.flags | case.case_flags, flag_event, open_weights=p.open_weights)
    new = replace(p, flags=both - CASE_FLAGS)
    if action is Action.ACKNOWLEDGE:
        new = replace(new, acknowledged_at=at)
    elif action is Action.FIX_READY:
        new = replace(new, fix_ready_at=at)
    else:
        new = replace(new, fix_deployed_at=at)
    case = _replace_participant(case, new)
    if action is Action.FIX_READY:
        fixed = _all_fixed_at(case)
        if fixed is not None:
            case = replace(case, embargo=em.shorten(case.embargo, fix_ready_at=fixed, policy=case.policy))
    return case


def _apply_case_flag(case: Case, event: CaseEvent) -> Case:
    flag_event = _FLAG_EVENTS[event.action]
    flags = raise_flag(case.case_flags, flag_event)
    reason = written_reason(event.reason)
    going_public = event.action is not Action.ATTACKS_OBSERVED and case.public_at is None
    if going_public and case.embargo.holds and not case.embargo.over(event.at) and not reason:
        raise EmbargoBinds(event.action.value, "an embargo holds on this case, so say where the flaw or the "
                                               "exploit became public (a link or a sentence); the reason ends "
                                               "the embargo and is published with the advisory")
    case = replace(case, case_flags=flags)
    if event.action is Action.ATTACKS_OBSERVED:
        case = replace(case, attacks_observed_at=event.at,
                       embargo=em.shorten(case.embargo, attacks_observed_at=event.at, policy=case.policy))
    elif case.public_at is None:
        case = replace(case, public_at=event.at)
        if case.embargo.binding:
            ended = em.advance(case.embargo, em.EmbargoEvent.TERMINATE, at=event.at,
                               exit_reason="the flaw became public" + (f": {reason}" if reason else ""))
            case = replace(case, embargo=ended)
        elif case.embargo.state is em.EmbargoState.PROPOSED:
            case = replace(case, embargo=em.Embargo())
    return case


def _apply_embargo(case: Case, event: CaseEvent) -> Case:
    embargo_event = _EMBARGO_EVENTS[event.action]
    if case.public and embargo_event is not em.EmbargoEvent.REJECT:
        raise IllegalTransition("embargo (flaw is public)", case.embargo.state.value, embargo_event.value,
                                "an embargo cannot be proposed, agreed or changed once the flaw is public")
    exit_reason = event.reason
    if embargo_event is em.EmbargoEvent.TERMINATE and case.embargo.binding:
        exit_reason = _termination_reason(case, event)
    embargo = em.advance(
        case.embargo, embargo_event, at=event.at, requested_end=event.requested_end,
        exit_reason=exit_reason, fix_ready_at=_all_fixed_at(case),
        attacks_observed_at=case.attacks_observed_at, policy=case.policy,
    )
    return replace(case, embargo=embargo)


def _termination_reason(case: Case, event: CaseEvent) -> str:
    """Why the embargo ends; before its end only a coordinator ends it, and only with a written reason."""
    reason = written_reason(event.reason)
    end = case.embargo.ends_at
    if case.embargo.over(event.at):
        return reason or "the embargo reached its agreed end"
    until = f" until {end.date().isoformat()}" if end else ""
    if COORDINATOR not in event.parties:
        raise EmbargoBinds(event.action.value, f"the embargo binds everyone on this case{until}; only a "
                                               "coordinator may end it earlier, with a written reason")
    if not reason:
        raise EmbargoBinds(event.action.value, f"the embargo runs{until}: write why it ends early; the reason is "
                                               "published with the advisory")
    return EARLY_PREFIX + reason


def refusal(case: Case, event: CaseEvent) -> str | None:
    """Why ``event`` is not allowed on ``case`` now, in words, or None when it is (for listing legal actions)."""
    try:
        apply(case, event)
    except (IllegalTransition, InvalidInput) as exc:
        return getattr(exc, "explanation", None) or getattr(exc, "message", None) or str(exc)
    return None


def violations(case: Case) -> list[str]:
    """Every cross-machine invariant the case breaks (empty when it is consistent)."""
    out: list[str] = []
    if case.public and case.embargo.binding:
        out.append("an embargo is active although the flaw or an exploit is public")
    if case.public and case.embargo.state is em.EmbargoState.PROPOSED:
        out.append("an embargo is proposed although the flaw is public")
    if Flag.EXPLOIT_PUBLIC in case.case_flags and Flag.PUBLIC_AWARE not in case.case_flags:
        out.append("an exploit is public but the public is not marked aware")
    e = case.embargo
    if e.state is not em.EmbargoState.EXITED and e.starts_at is not None and e.ends_at is not None:
        for end in (e.ends_at, e.proposed_end):
            if end is None:
                continue
            if end > e.starts_at + timedelta(days=case.policy.default_days):
                out.append("the embargo runs past its maximum length")
            if case.attacks_observed_at and end > case.attacks_observed_at + timedelta(
                    days=case.policy.in_the_wild_days):
                out.append("the embargo runs past 7 days after misuse was seen in the wild")
    for p in case.participants:
        if p.flags & CASE_FLAGS:
            out.append(f"{p.vendor}: holds a case-wide flag")
        if Flag.FIX_READY in p.flags and not p.report.ever_accepted:
            out.append(f"{p.vendor}: fix ready without an accepted report")
        if Flag.FIX_READY in p.flags and Flag.VENDOR_AWARE not in p.flags:
            out.append(f"{p.vendor}: fix ready but vendor not aware")
        if Flag.FIX_DEPLOYED in p.flags and Flag.FIX_READY not in p.flags:
            out.append(f"{p.vendor}: fix deployed but not ready")
        if p.open_weights and Flag.FIX_DEPLOYED in p.flags:
            out.append(f"{p.vendor}: open weights cannot have a deployed fix")
        if p.report.state is not rm.ReportState.RECEIVED and Flag.VENDOR_AWARE not in p.flags:
            out.append(f"{p.vendor}: report triaged but vendor not aware")
        if p.report.duplicate_of and p.report.state not in (rm.ReportState.DEFERRED, rm.ReportState.CLOSED,
                                                            rm.ReportState.ACCEPTED):
            out.append(f"{p.vendor}: duplicate link on a report in state {p.report.state.value}")
    return out


def clock_snapshot(case: Case) -> ClockSnapshot:
    """The case as :func:`redline.core.disclosure.clocks.missed_deadlines` needs it."""
    parts = tuple(
        ParticipantClock(
            vendor=p.vendor, severity=p.severity, received_at=p.received_at,
            acknowledged_at=p.acknowledged_at, triaged_at=p.triaged_at, fix_ready_at=p.fix_ready_at,
            needs_fix=p.report.state in (rm.ReportState.RECEIVED, rm.ReportState.VALID, rm.ReportState.ACCEPTED),
        )
        for p in case.participants
    )
    return ClockSnapshot(case.case_id, parts, embargo_ends_at=case.embargo.ends_at,
                         embargo_binding=case.embargo.binding)
