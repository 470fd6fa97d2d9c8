"""What each party may do on a case right now, and what is expected next, asked of the state machines.

:func:`legal_actions` tries every action of :data:`ACTIONS` on a copy of the case through
:func:`redline.core.disclosure.case.apply` (and the publication machine), so a rule added to the
machines or to ``apply`` removes the action from the page without touching this module.  Who may
try which action is the :class:`Party`: a coordinator, the triagers of some vendors, the reporter
(embargo answers only).  :func:`next_steps` says what each participant is expected to do next and
by when, from the severity clocks and the embargo.

Every action has a label, a group, a style (primary, secondary or destructive), the fields its form
needs and a sentence saying what it did (:func:`done_message`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from redline.core.disclosure import case as core_case
from redline.core.disclosure import embargo as em
from redline.core.disclosure import release
from redline.core.disclosure import report as rm
from redline.core.disclosure.case import Action, Case, CaseEvent
from redline.core.disclosure.clocks import Deadline, ParticipantClock, due_dates
from redline.core.disclosure.flags import Flag
from redline.core.disclosure.publication import PUBLICATION_MACHINE, PublicationEvent, PublicationState
from redline.core.errors import IllegalTransition, InvalidInput


class Group(StrEnum):
    """What an action is about; the case page shows one box per group."""

    TRIAGE = "triage"
    FIX = "fix"
    EMBARGO = "embargo"
    PUBLIC = "public"
    PUBLICATION = "publication"
    PARTICIPANTS = "participants"


GROUP_TITLES: dict[Group, str] = {
    Group.TRIAGE: "Triage the report",
    Group.FIX: "Fix",
    Group.EMBARGO: "Embargo",
    Group.PUBLIC: "What is known in public",
    Group.PUBLICATION: "Advisory",
    Group.PARTICIPANTS: "Vendors on the case",
}


class Style(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    DESTRUCTIVE = "destructive"


@dataclass(frozen=True)
class Spec:
    """How an action (the ``op`` the case page posts) is shown and what it says when done.

    ``done`` may name ``{vendor}``; ``fields`` are the form inputs it needs (``requested_end``,
    ``reason``, ``original``, ``new_vendor``).
    """

    label: str
    group: Group
    done: str
    destructive: bool = False
    vendor: bool = False
    fields: tuple[str, ...] = ()


ACTIONS: dict[str, Spec] = {
    "acknowledge": Spec("Acknowledge receipt", Group.TRIAGE, "{vendor} acknowledged the report.", vendor=True),
    "accept": Spec("Accept the report", Group.TRIAGE, "{vendor} accepted the report; the fix clock runs.",
                   vendor=True),
    "defer": Spec("Defer", Group.TRIAGE, "{vendor} deferred the report.", vendor=True),
    "duplicate": Spec("Mark as duplicate", Group.TRIAGE, "{vendor} marked the report a duplicate.",
                      vendor=True, fields=("original",)),
    "invalid": Spec("Mark invalid", Group.TRIAGE, "{vendor} judged the report invalid; the reporter may dispute "
                    "it.", destructive=True, vendor=True),
    "close": Spec("Close the report", Group.TRIAGE, "{vendor} closed the report.", destructive=True, vendor=True),
    "fix_ready": Spec("Mark fix ready", Group.FIX, "{vendor}'s fix is marked ready.", vendor=True),
    "fix_deployed": Spec("Mark fix deployed", Group.FIX, "{vendor}'s fix is marked deployed.", vendor=True),
    "propose_embargo": Spec("Propose an embargo", Group.EMBARGO, "Embargo proposed; another party must agree to "
                            "it.", fields=("requested_end",)),
    "accept_embargo": Spec("Agree to the embargo", Group.EMBARGO, "Embargo agreed: it binds every participant "
                           "until its end."),
    "reject_embargo": Spec("Decline the embargo", Group.EMBARGO, "Embargo proposal declined.", destructive=True),
    "propose_revision": Spec("Propose a new end", Group.EMBARGO, "New embargo end proposed; another party must "
                             "agree to it.", fields=("requested_end",)),
    "accept_revision": Spec("Agree to the new end", Group.EMBARGO, "The embargo's new end is agreed."),
    "reject_revision": Spec("Decline the new end", Group.EMBARGO, "The new end was declined; the embargo keeps "
                            "its end.", destructive=True),
    "terminate_embargo": Spec("End the embargo now", Group.EMBARGO, "The embargo has ended.", destructive=True,
                              fields=("reason",)),
    "attacks_observed": Spec("Record attacks in the wild", Group.PUBLIC, "Attacks in the wild recorded; any "
                             "embargo now ends within 7 days."),
    "made_public": Spec("Record that the flaw is public", Group.PUBLIC, "The flaw is recorded as public; any "
                        "embargo has ended.", destructive=True, fields=("reason",)),
    "exploit_published": Spec("Record a public exploit", Group.PUBLIC, "A public exploit is recorded; any "
                              "embargo has ended.", destructive=True, fields=("reason",)),
    "publish": Spec("Publish the advisory", Group.PUBLICATION, "The advisory is published."),
    "statement": Spec("Save statement", Group.PUBLICATION, "{vendor}'s statement for the advisory is saved.",
                      vendor=True, fields=("statement",)),
    "agree_to_publish": Spec("Agree that another vendor may publish early", Group.PUBLICATION,
                             "{vendor} agreed that another vendor on the case may publish before the embargo's "
                             "end.", vendor=True),
    "reject": Spec("Reject the ID", Group.PUBLICATION, "The advisory ID is rejected; it stays as a tombstone "
                   "with your reason.", destructive=True, fields=("reason",)),
    "withdraw": Spec("Withdraw the advisory", Group.PUBLICATION, "The advisory is withdrawn; it stays as a "
                     "tombstone with your reason.", destructive=True, fields=("reason",)),
    "add_participant": Spec("Add a vendor", Group.PARTICIPANTS, "{vendor} was added to the case and notified.",
                            fields=("new_vendor",)),
    "remove_participant": Spec("Remove from the case", Group.PARTICIPANTS, "{vendor} was removed from the case.",
                               destructive=True, vendor=True),
}

#: The events each vendor action stands for, in order (``accept`` and ``defer`` validate a new report first).
_VENDOR_EVENTS: dict[str, tuple[tuple[Action, ...], ...]] = {
    "acknowledge": ((Action.ACKNOWLEDGE,),),
    "accept": ((Action.ACCEPT,), (Action.VALIDATE, Action.ACCEPT)),
    "defer": ((Action.DEFER,), (Action.VALIDATE, Action.DEFER)),
    "duplicate": ((Action.MARK_DUPLICATE,), (Action.VALIDATE, Action.MARK_DUPLICATE)),
    "invalid": ((Action.INVALIDATE,),),
    "close": ((Action.CLOSE,),),
    "fix_ready": ((Action.FIX_READY,),),
    "fix_deployed": ((Action.FIX_DEPLOYED,),),
    "agree_to_publish": ((Action.AGREE_TO_PUBLISH,),),
}
#: A stand-in for the written reason some actions need, to ask the rules whether they would allow them.
_SOME_REASON = "(the reason you will write)"
_EMBARGO_OPS = ("propose_embargo", "accept_embargo", "reject_embargo", "propose_revision", "accept_revision",
                "reject_revision", "terminate_embargo")
_PUBLIC_OPS = ("attacks_observed", "exploit_published", "made_public")
_ACCEPTING = frozenset({"accept_embargo", "accept_revision"})
#: What the reporter may do on a case (answer an embargo proposal or revision).
REPORTER_OPS = frozenset({"accept_embargo", "reject_embargo", "accept_revision", "reject_revision"})
#: Which action is the expected next step, most urgent first; the first legal one is styled primary.
_PRIMARY_ORDER = ("accept", "acknowledge", "fix_ready", "fix_deployed", "accept_embargo", "accept_revision",
                  "publish", "propose_embargo")


@dataclass(frozen=True)
class Party:
    """Who is asking: a coordinator, the triager of ``vendors``, the reporter; ``speaks_for`` holds the
    embargo party labels (``coordinator``, ``vendor:SLUG``, ``reporter``) to tell a proposer apart."""

    coordinator: bool = False
    vendors: frozenset[str] = frozenset()
    reporter: bool = False
    speaks_for: frozenset[str] = frozenset()

    @property
    def on_case(self) -> bool:
        """True when the party may take case-wide steps (embargo, public flags, publication)."""
        return self.coordinator or bool(self.vendors)


@dataclass(frozen=True)
class Situation:
    """A case and what lives beside it: the advisory's state, who proposed the open embargo, the CSAM path."""

    case: Case
    publication: PublicationState | None = PublicationState.RESERVED
    proposers: frozenset[str] = frozenset()
    csam_path: bool = False
    candidates: tuple[str, ...] = ()  # vendors a coordinator could add


@dataclass(frozen=True)
class Offer:
    """One action legal now for the party: the ``op`` to post, on which vendor (or the whole case)."""

    op: str
    label: str
    group: Group
    style: Style
    vendor: str | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Box:
    """The legal actions of one group, for one vendor (``vendor``) or for the whole case (None)."""

    group: Group
    title: str
    vendor: str | None
    offers: tuple[Offer, ...] = field(default_factory=tuple)


def _vendor_legal(case: Case, op: str, vendor: str, at: datetime) -> bool:
    for events in _VENDOR_EVENTS[op]:
        try:
            current = case
            for action in events:
                current = core_case.apply(current, CaseEvent(
                    action=action, at=at, vendor=vendor,
                    duplicate_of="R-000000" if action is Action.MARK_DUPLICATE else None))
        except (IllegalTransition, InvalidInput):
            continue
        return True
    return False


def _parties(party: Party) -> frozenset[str]:
    return party.speaks_for | ({core_case.COORDINATOR} if party.coordinator else frozenset())


def _case_legal(case: Case, op: str, at: datetime, party: Party) -> bool:
    """Whether the rules allow ``op`` to ``party`` now (with a reason written, where the action takes one)."""
    reason = _SOME_REASON if "reason" in ACTIONS[op].fields else None
    try:
        core_case.apply(case, CaseEvent(action=Action(op), at=at, reason=reason, parties=_parties(party)))
    except (IllegalTransition, InvalidInput):
        return False
    return True


def publication_blocked(situation: Situation, party: Party, *, at: datetime,
                        names: dict[str, str] | None = None) -> str | None:
    """Why ``party`` cannot publish the advisory now (an embargo that binds, another vendor's product), in
    words, or None when it can or publication is not its to decide (for the case page's advisory box)."""
    if not party.on_case or situation.csam_path or situation.publication is not PublicationState.RESERVED:
        return None
    return release.release_refusal(situation.case, parties=_parties(party), now=at,
                                   reason=_SOME_REASON if party.coordinator else None, names=names)


def _publication_legal(situation: Situation, op: str, party: Party, at: datetime) -> bool:
    if situation.publication is None or situation.csam_path:
        return False
    event = {"publish": PublicationEvent.PUBLISH, "reject": PublicationEvent.REJECT,
             "withdraw": PublicationEvent.WITHDRAW}[op]
    if not PUBLICATION_MACHINE.can(situation.publication, event):
        return False
    if op == "publish":  # the case must allow it (redline.core.disclosure.release)
        return publication_blocked(situation, party, at=at) is None
    return True


def legal_actions(situation: Situation, party: Party, *, at: datetime,
                  only_vendors: Collection[str] | None = None) -> list[Offer]:
    """Every action ``party`` may take on the case now, in :data:`ACTIONS` order, vendor actions per vendor
    (only for ``only_vendors`` when given: a coordinator's page of a large case acts for one vendor at a time)."""
    case = situation.case
    offers: list[Offer] = []
    own = [p.vendor for p in case.participants if (party.coordinator or p.vendor in party.vendors)
           and (only_vendors is None or p.vendor in only_vendors)]
    if not situation.csam_path:
        for vendor in own:
            if situation.publication is PublicationState.RESERVED:
                offers.append(_offer("statement", vendor))
            for op in _VENDOR_EVENTS:
                if op == "agree_to_publish" and (len(case.participants) < 2 or situation.publication
                                                 is not PublicationState.RESERVED):
                    continue  # only another vendor's early publication needs this vendor's agreement
                if _vendor_legal(case, op, vendor, at):
                    offers.append(_offer(op, vendor))
    allowed = set(_EMBARGO_OPS) | set(_PUBLIC_OPS) if party.on_case and not situation.csam_path else set()
    if party.reporter:
        allowed |= REPORTER_OPS
    for op in (*_EMBARGO_OPS, *_PUBLIC_OPS):
        if op not in allowed or not _case_legal(case, op, at, party):
            continue
        if op in _ACCEPTING and party.speaks_for & situation.proposers:
            continue  # the party that proposed cannot also accept
        offers.append(_offer(op, None))
    if party.on_case:
        for op in ("publish", "reject", "withdraw"):
            if _publication_legal(situation, op, party, at):
                early = op == "publish" and party.coordinator and release.needs_early_reason(case, now=at)
                offers.append(_offer(op, None, fields=("reason",) if early else None))
    if party.coordinator:
        if situation.candidates and not situation.csam_path:
            offers.append(_offer("add_participant", None))
        for vendor in case.vendors:
            if only_vendors is None or vendor in only_vendors:
                offers.append(_offer("remove_participant", vendor))
    return _mark_primary(offers)


def _offer(op: str, vendor: str | None, fields: tuple[str, ...] | None = None) -> Offer:
    spec = ACTIONS[op]
    return Offer(op, spec.label, spec.group, Style.DESTRUCTIVE if spec.destructive else Style.SECONDARY,
                 vendor, spec.fields if fields is None else fields)


def _mark_primary(offers: list[Offer]) -> list[Offer]:
    """Style the most urgent action primary, once per vendor and once for the case."""
    chosen: dict[str | None, int] = {}
    for op in _PRIMARY_ORDER:
        for i, offer in enumerate(offers):
            if offer.op == op and offer.vendor not in chosen:
                chosen[offer.vendor] = i
    out = list(offers)
    for i in chosen.values():
        o = out[i]
        out[i] = Offer(o.op, o.label, o.group, Style.PRIMARY, o.vendor, o.fields)
    return out


def boxes(offers: list[Offer]) -> list[Box]:
    """The offers grouped by vendor (vendors first, in case order) and then by :class:`Group`."""
    keys: list[tuple[str | None, Group]] = []
    for o in offers:
        key = (o.vendor if o.group is not Group.PARTICIPANTS else None, o.group)
        if key not in keys:
            keys.append(key)
    keys.sort(key=lambda k: (k[0] is None, list(Group).index(k[1])))
    return [Box(group, GROUP_TITLES[group], vendor,
                tuple(o for o in offers if (o.vendor if o.group is not Group.PARTICIPANTS else None) == vendor
                      and o.group is group))
            for vendor, group in keys]


def markdown_table() -> str:
    """The case page's actions as a Markdown table (used by docs/disclosure.md, checked by a test)."""
    lines = ["| action (`op`) | button | box | style | form asks for | success message |", "|---|---|---|---|---|---|"]
    for op, spec in ACTIONS.items():
        style = "destructive" if spec.destructive else "primary or secondary"
        fields = ", ".join(f"`{f}`" for f in spec.fields) or "—"
        lines.append(f"| `{op}` | {spec.label} | {GROUP_TITLES[spec.group]} | {style} | {fields} | "
                     f"{spec.done.replace('{vendor}', 'VENDOR')} |")
    return "\n".join(lines)


def done_message(op: str, vendor_name: str | None = None) -> str:
    """What the case page says after ``op`` succeeded, e.g. "Aurora Labs accepted the report; …"."""
    spec = ACTIONS.get(op)
    if spec is None:
        return "Saved."
    return spec.done.format(vendor=vendor_name or "The vendor")


# --- next steps --------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """What is expected next, of whom (``vendor``, or None for the case's parties), and by when."""

    vendor: str | None
    text: str
    due: datetime | None = None
    overdue: bool = False


def next_steps(situation: Situation, *, at: datetime) -> list[NextStep]:
    """The next expected step of each participant and of the case, with its deadline where one applies."""
    case = situation.case
    steps: list[NextStep] = []
    for p in case.participants:
        clock = ParticipantClock(p.vendor, p.severity, p.received_at, p.acknowledged_at, p.triaged_at,
                                 p.fix_ready_at)
        due = due_dates(clock)
        step: tuple[str, datetime | None] | None = None
        state = p.report.state
        if situation.csam_path:
            step = None
        elif state is rm.ReportState.RECEIVED:
            if Flag.VENDOR_AWARE not in p.flags:
                step = ("acknowledge the report", due[Deadline.ACKNOWLEDGE])
            else:
                step = ("triage the report: accept it or judge it invalid", due[Deadline.TRIAGE])
        elif state is rm.ReportState.VALID:
            step = ("accept or defer the report", due[Deadline.TRIAGE])
        elif state is rm.ReportState.ACCEPTED and Flag.FIX_READY not in p.flags:
            step = ("make a fix ready", due[Deadline.FIX])
        elif Flag.FIX_READY in p.flags and Flag.FIX_DEPLOYED not in p.flags and not p.open_weights \
                and state is not rm.ReportState.CLOSED:
            step = ("deploy the fix", None)
        if step is not None:
            text, when = step
            steps.append(NextStep(p.vendor, text, when, overdue=when is not None and at > when))
    e = case.embargo
    if e.state is em.EmbargoState.PROPOSED:
        steps.append(NextStep(None, "another party agrees to or declines the proposed embargo", e.ends_at))
    elif e.state is em.EmbargoState.REVISE:
        steps.append(NextStep(None, "another party agrees to or declines the embargo's new end", e.proposed_end))
    if e.binding:
        steps.append(NextStep(None, "the embargo ends; the advisory may be published then", e.ends_at,
                              overdue=e.ends_at is not None and at > e.ends_at))
    elif situation.publication is PublicationState.RESERVED and not situation.csam_path and any(
            p.report.ever_accepted for p in case.participants):
        steps.append(NextStep(None, "publish the advisory", None))
    return steps
