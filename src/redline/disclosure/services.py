"""Disclosure services: the case workflow, publication, messages, disputes, duplicates and incidents.

Intake is :mod:`.intake`, the stored case aggregate :mod:`.case_store`, the advisory store :mod:`.publishing`.

Every state change rebuilds the pure case aggregate (:mod:`redline.core.disclosure.case`),
applies the event there and writes the result back in one transaction, then
records a named ledger entry.  Illegal moves raise ``IllegalTransition``; bad
input raises ``InvalidInput("field", "problem")``; refused ones ``PermissionDenied``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from redline.accounts import policy
from redline.accounts.models import Organisation
from redline.accounts.names import public_name
from redline.core.disclosure import case as core_case
from redline.core.disclosure import dispute as core_dispute
from redline.core.disclosure import embargo as core_embargo
from redline.core.disclosure import publication as core_pub
from redline.core.disclosure import release as core_release
from redline.core.disclosure import report as core_report
from redline.core.disclosure.case import Action
from redline.core.disclosure.clocks import missed_deadlines
from redline.core.errors import DisputeRefused, InvalidInput, PermissionDenied
from redline.disclosure import case_store, publishing
from redline.disclosure.models import (
    Audience,
    Case,
    Dispute,
    DuplicateLink,
    Incident,
    Message,
    Report,
)
from redline.ledger.services import record

#: What the reporter may do on a case: answer an embargo proposal or revision.
REPORTER_ANSWERS = frozenset({Action.ACCEPT_EMBARGO, Action.REJECT_EMBARGO, Action.ACCEPT_REVISION,
                              Action.REJECT_REVISION})
PROPOSALS = frozenset({Action.PROPOSE_EMBARGO, Action.PROPOSE_REVISION})


def embargo_parties(user, report: Report) -> set[str]:
    """The parties ``user`` speaks for on ``report``'s case: coordinator, vendor:SLUG, reporter."""
    parties = {"coordinator"} if policy.is_coordinator(user) else set()
    if policy.is_reporter(user, report):
        parties.add("reporter")
    ids = policy.report_vendor_ids(user, report)
    parties |= {f"vendor:{o.slug}" for o in Organisation.objects.filter(pk__in=ids)} if ids else set()
    return parties


@transaction.atomic
def act(user, report: Report, action: Action | str, *, vendor: Organisation | None = None,
        requested_end: datetime | None = None, reason: str | None = None, duplicate_of: str | None = None,
        token_ok: bool = False, now: datetime | None = None) -> Case:
    """Apply one case event as ``user``: vendor actions on ``vendor``'s participation, the rest case-wide.

    An embargo proposal or revision needs another party to accept it; the reporter (``token_ok``
    through the follow-up link) may accept or reject one.
    """
    try:
        action = Action(action)
    except ValueError:
        raise InvalidInput("action", f"unknown action {action!r}") from None
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=report.case.pk)
    if action in core_case.VENDOR_ACTIONS:
        if vendor is None:
            raise InvalidInput("vendor", "this action needs the vendor whose participation it changes")
        participant = case.participants.filter(vendor=vendor).first()
        if participant is None:
            raise InvalidInput("vendor", f"{vendor.slug} is not on this case")
        if not policy.can_act_on_participation(user, participant):
            raise PermissionDenied("you may act only on your own organisation's participation, as a triager")
        vendor_key = vendor.slug
    else:
        reporter = action in REPORTER_ANSWERS and (token_ok or policy.is_reporter(user, report))
        if not (reporter or policy.can_act_on_case(user, report)):
            raise PermissionDenied("case-wide actions need a coordinator or a triager of a vendor on the case")
        vendor_key = None
    proposing, accepting = action in PROPOSALS, action in (Action.ACCEPT_EMBARGO, Action.ACCEPT_REVISION)
    parties = {"reporter"} if token_ok else embargo_parties(user, report)
    if accepting and parties & set(case.embargo_proposers):
        raise PermissionDenied("embargo: the party that proposed it cannot also accept it; a coordinator, "
                               "another vendor on the case or the reporter must")
    event = core_case.CaseEvent(action=action, at=now, vendor=vendor_key, duplicate_of=duplicate_of,
                                requested_end=requested_end, reason=reason, parties=frozenset(parties))
    new = core_case.apply(case_store.load(case), event)
    if proposing:
        case.embargo_proposed_by = ",".join(sorted(parties))
    elif new.embargo.state not in (core_embargo.EmbargoState.PROPOSED, core_embargo.EmbargoState.REVISE):
        case.embargo_proposed_by = ""  # accepted, rejected or ended: no proposal is open
    case_store.save(case, new)
    record(case, f"state:{action.value}" + (f":{vendor_key}" if vendor_key else ""))
    if action in (Action.MADE_PUBLIC, Action.EXPLOIT_PUBLISHED) or new.public:
        _resolve_embargo_escalations(case, now)
    if action in (Action.FIX_READY, Action.ACKNOWLEDGE, Action.VALIDATE, Action.INVALIDATE):
        _resolve_vendor_escalations(case, vendor, now)
    return case


def _resolve_embargo_escalations(case: Case, now: datetime) -> None:
    _resolve(case.escalations.filter(deadline="embargo_end", resolved_at__isnull=True), now)


def _resolve_vendor_escalations(case: Case, vendor, now: datetime) -> None:
    _resolve(case.escalations.filter(vendor=vendor, resolved_at__isnull=True), now)


def _resolve(escalations, now: datetime) -> None:
    for esc in escalations:
        esc.resolved_at = now
        esc.save()  # recorded: the ledger digest covers resolved_at


def triage(user, report: Report, vendor: Organisation, decision: str, *, now: datetime | None = None) -> Case:
    """The triage buttons: accept (validates first when needed), invalid, defer, close."""
    now = now or timezone.now()
    p = report.case.participants.get(vendor=vendor)
    if decision == "accept":
        if p.state == core_report.ReportState.RECEIVED:
            act(user, report, Action.VALIDATE, vendor=vendor, now=now)
        return act(user, report, Action.ACCEPT, vendor=vendor, now=now)
    if decision == "invalid":
        return act(user, report, Action.INVALIDATE, vendor=vendor, now=now)
    if decision == "defer":
        if p.state == core_report.ReportState.RECEIVED:
            act(user, report, Action.VALIDATE, vendor=vendor, now=now)
        return act(user, report, Action.DEFER, vendor=vendor, now=now)
    if decision == "close":
        return act(user, report, Action.CLOSE, vendor=vendor, now=now)
    raise InvalidInput("decision", f"must be accept, invalid, defer or close, not {decision!r}")


@transaction.atomic
def publish(user, report: Report, *, reason: str | None = None, now: datetime | None = None):
    """Publish ``report``'s advisory: coordinators, or a triager of a vendor that accepted the report.

    The case must allow it (:func:`redline.core.disclosure.release.check_release`: an embargo binds
    until its end unless the flaw is public or a coordinator ends it early with ``reason``; a vendor
    needs the other vendors' agreement or fix). The case then records that the flaw is public, and the
    advisory states why it could be published and each vendor's status and statement.
    """
    now = now or timezone.now()
    vendors = policy.report_vendor_ids(user, report)
    accepted = report.case.participants.filter(vendor_id__in=vendors, ever_accepted=True).exists()
    if not (policy.is_coordinator(user) or accepted):
        raise PermissionDenied("a coordinator, or a triager of a vendor that accepted the report, publishes it")
    if report.csam_path:
        raise PermissionDenied("reports on the CSAM path are never published")
    case = Case.objects.select_for_update().get(pk=report.case.pk)
    parties = frozenset(embargo_parties(user, report))
    if not policy.is_coordinator(user):  # a vendor publishes as the vendors it may act for, not as others
        parties -= {f"vendor:{p.vendor.slug}" for p in case.participants.select_related("vendor", "case__report")
                    if not policy.can_act_on_participation(user, p)}
    names = {p.vendor.slug: p.vendor.name for p in case.participants.select_related("vendor")}
    release = core_release.check_release(case_store.load(case), parties=parties, now=now, reason=reason,
                                         names=names)
    if release.ground is core_release.Ground.COORDINATOR_EARLY and case.embargo_state in ("active", "revise"):
        act(user, report, Action.TERMINATE_EMBARGO, reason=release.early_reason, now=now)
    if not Case.objects.get(pk=case.pk).case_flags:
        act(user, report, Action.MADE_PUBLIC, reason=f"published as {report.advisory.public_id}: "
                                                     f"{release.basis}", now=now)
    return publishing.publish_advisory(report, now=now, release=release)


@transaction.atomic
def agree_to_publish(user, report: Report, vendor: Organisation, *, now: datetime | None = None) -> Case:
    """``vendor`` agrees that another vendor on the case may publish before the embargo's end."""
    return act(user, report, Action.AGREE_TO_PUBLISH, vendor=vendor, now=now)


@transaction.atomic
def set_statement(user, report: Report, vendor: Organisation, text: str) -> Case:
    """``vendor``'s statement for the advisory (its triagers, or a coordinator); empty text clears it."""
    case = Case.objects.select_for_update().get(pk=report.case.pk)
    participant = case.participants.filter(vendor=vendor).first()
    if participant is None:
        raise InvalidInput("vendor", f"{vendor.slug} is not on this case")
    if not policy.can_act_on_participation(user, participant):
        raise PermissionDenied("a vendor's statement is written by its triagers (or a coordinator)")
    new = core_case.with_statement(case_store.load(case), vendor.slug, text)
    case_store.save(case, new)
    record(case, f"statement:{vendor.slug}")
    return case


# --- participants ----------------------------------------------------------------


@transaction.atomic
def add_participant(user, report: Report, vendor: Organisation, *, now: datetime | None = None):
    """A coordinator brings another vendor into the case (e.g. a jailbreak found to transfer); it is told."""
    from redline.disclosure.models import Participant
    from redline.disclosure.tasks import notify_vendor_added

    if not policy.is_coordinator(user):
        raise PermissionDenied("only a coordinator adds a vendor to a case")
    if report.csam_path:
        raise InvalidInput("new_vendor", "a report on the CSAM path stays with the coordinators")
    if vendor.kind != "developer":
        raise InvalidInput("new_vendor", f"{vendor.name} is not a developer organisation")
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=report.case.pk)
    core_case.add_participant(case_store.load(case), vendor.slug, now)  # InvalidInput: already on the case
    open_weights = any(intake_open_weights(m) for m in report.affected_models.filter(organisation=vendor))
    p = Participant.objects.create(case=case, vendor=vendor, severity=report.severity, received_at=now,
                                   open_weights=open_weights)
    record(p, f"participant:added:{vendor.slug}")
    pk, vendor_pk = report.pk, vendor.pk
    transaction.on_commit(lambda: notify_vendor_added.enqueue(pk, vendor_pk))
    return p


def intake_open_weights(model) -> bool:
    from redline.disclosure.intake import _open_weights

    return _open_weights(model)


@transaction.atomic
def remove_participant(user, report: Report, vendor: Organisation) -> None:
    """A coordinator takes a vendor named by mistake off the case; refused once the advisory is published
    or while a dispute with that vendor is open."""
    if not policy.is_coordinator(user):
        raise PermissionDenied("only a coordinator removes a vendor from a case")
    case = Case.objects.select_for_update().get(pk=report.case.pk)
    core_case.remove_participant(case_store.load(case), vendor.slug)  # InvalidInput: not on the case
    adv = getattr(report, "advisory", None)
    if adv is not None and adv.state == core_pub.PublicationState.PUBLISHED.value:
        raise InvalidInput("vendor", f"{vendor.name} is named in the published advisory; it stays on the case")
    if report.disputes.filter(vendor=vendor).exclude(state__in=["final", "withdrawn"]).exists():
        raise InvalidInput("vendor", f"a dispute with {vendor.name} is open; it stays on the case until it "
                                     "is decided or withdrawn")
    p = case.participants.get(vendor=vendor)
    record(p, f"participant:removed:{vendor.slug}")
    p.delete()


# --- messages --------------------------------------------------------------------


@transaction.atomic
def post_message(report: Report, body: str, *, user=None, token_ok: bool = False, audience: str = Audience.CASE,
                 thread: str | None = None) -> Message:
    """Add a message to a thread (:mod:`redline.disclosure.threads`): ``thread`` is ``case`` or a vendor's slug;
    without it a vendor writes in its own thread and everyone else in the case-wide one. The reporter (account
    or token) writes to the case; vendors and coordinators may also write internal notes."""
    from redline.disclosure import threads

    body = body.strip()
    if not body:
        raise InvalidInput("body", "the message is empty")
    if audience not in Audience.values:
        raise InvalidInput("audience", f"must be one of {', '.join(Audience.values)}")
    if not policy.can_view_report(user, report, token_ok=token_ok):
        raise PermissionDenied("you cannot write on this report")
    mine = policy.report_vendor_ids(user, report) if user is not None else set()
    coordinator = user is not None and policy.is_coordinator(user)
    if audience == Audience.INTERNAL and not (mine or coordinator):
        raise PermissionDenied("only vendors and coordinators write internal notes")
    parts = list(report.case.participants.select_related("vendor"))
    vendor = threads.thread_vendor(user, report, parts, thread, token_ok=token_ok)
    writer = vendor if vendor is not None and vendor.pk in mine else next(
        (p.vendor for p in parts if p.vendor_id in mine), None)
    if coordinator:
        label = f"{user} (coordinator)"
    elif writer is not None:
        label = f"{user} ({writer.name})"
    elif user is not None and getattr(user, "is_authenticated", False):
        label = f"{user} (reporter)"
    else:
        label = "Reporter"
    return Message.objects.create(report=report, author=user if getattr(user, "pk", None) else None,
                                  author_label=label, vendor=vendor, audience=audience, body=body)


# --- duplicates ------------------------------------------------------------------


def no_original_message(pk: object) -> str:
    """The one answer for an original that does not exist and one the caller may not see."""
    return f"no report {pk} that you may see; choose the original among the reports you can open"


@transaction.atomic
def mark_duplicate(user, report: Report, original: Report, vendor: Organisation, *,
                   now: datetime | None = None) -> Report:
    """A triager confirms ``report`` duplicates ``original``: the participation is deferred with a link,
    the report's public ID redirects to the original's, and the report leaves the duplicate index."""
    now = now or timezone.now()
    if original.pk == report.pk:
        raise InvalidInput("original", "a report cannot duplicate itself")
    if not policy.can_view_report(user, original):
        raise InvalidInput("original", no_original_message(original.pk))
    if original.duplicate_of_id:
        original = original.duplicate_of
        if not policy.can_view_report(user, original):  # the public ID would redirect to a case hidden from you
            raise InvalidInput("original", no_original_message(original.pk))
    p = report.case.participants.get(vendor=vendor)
    if p.state == core_report.ReportState.RECEIVED:
        act(user, report, Action.VALIDATE, vendor=vendor, now=now)
    act(user, report, Action.MARK_DUPLICATE, vendor=vendor, duplicate_of=original.ref, now=now)
    report.duplicate_of = original
    report.save()
    link, _ = DuplicateLink.objects.get_or_create(report=report, original=original, defaults={"score": 1.0})
    link.confirmed, link.confirmed_by = True, getattr(user, "email", str(user))
    link.save()
    adv = getattr(report, "advisory", None)
    orig_adv = getattr(original, "advisory", None)
    if adv is not None and orig_adv is not None and adv.state in ("reserved", "published"):
        pub = core_pub.advance(publishing.publication_of(adv), core_pub.PublicationEvent.MARK_DUPLICATE, at=now,
                               redirect_to=orig_adv.public_id)
        publishing.save_publication(adv, pub)
        publishing.unindex(adv)
    return report  # no longer suggested: duplicates skips reports with duplicate_of set


# --- disputes --------------------------------------------------------------------


@transaction.atomic
def file_dispute(report: Report, vendor: Organisation, grounds: str, *, user=None, token_ok: bool = False,
                 now: datetime | None = None) -> Dispute:
    """The reporter disputes a vendor's decision (invalid, deferred, closed) or its missed deadline; the
    record is tagged ``disputed``. Only the reporter, that vendor, coordinators and adjudicators see it."""
    now = now or timezone.now()
    if not (token_ok or policy.is_reporter(user, report)):
        raise PermissionDenied("only the reporter files a dispute")
    if not grounds.strip():
        raise InvalidInput("grounds", "say what you dispute and why")
    participant = report.case.participants.filter(vendor=vendor).first()
    if participant is None:
        raise InvalidInput("vendor", f"{vendor.slug} is not on this case")
    if report.disputes.filter(vendor=vendor).exclude(state__in=["final", "withdrawn"]).exists():
        raise InvalidInput("vendor", "a dispute with this vendor is already open")
    missed = [m.deadline.value for m in missed_deadlines(core_case.clock_snapshot(case_store.load(report.case)), now)
              if m.vendor == vendor.slug]
    why = core_dispute.filing_refusal(core_report.ReportState(participant.state), missed_deadlines=missed)
    if why:
        raise DisputeRefused("none", "file", why)
    label = f"{public_name(user)} (reporter)" if getattr(user, "pk", None) else "reporter (follow-up link)"
    d = Dispute.objects.create(report=report, vendor=vendor, grounds=grounds.strip(), filed_by=label, filed_at=now)
    record(d, "state:filed")
    return d


#: The outcomes an adjudicator chooses from, with what each means.
OUTCOMES = [(o.value, core_dispute.OUTCOME_MEANING[o]) for o in core_dispute.Outcome]


def answer_due(d: Dispute) -> datetime:
    """When the vendor's answer to ``d`` is due."""
    return _core_dispute(d).answer_due(case_store.dispute_policy())


def decision_refusal(d: Dispute, now: datetime | None = None) -> str | None:
    """Why the adjudicator may not decide ``d`` yet, in words, or None."""
    return core_dispute.decision_refusal(_core_dispute(d), now or timezone.now(), case_store.dispute_policy())


def disputable_vendors(report: Report, now: datetime | None = None) -> list[Organisation]:
    """The vendors on ``report``'s case whose decision (or missed deadline) the reporter may dispute now."""
    now = now or timezone.now()
    missed = {(m.vendor, m.deadline.value) for m in
              missed_deadlines(core_case.clock_snapshot(case_store.load(report.case)), now)}
    open_ = set(report.disputes.exclude(state__in=["final", "withdrawn"]).values_list("vendor_id", flat=True))
    return [p.vendor for p in report.case.participants.select_related("vendor")
            if p.vendor_id not in open_ and core_dispute.filing_refusal(
                core_report.ReportState(p.state),
                missed_deadlines=[d for v, d in missed if v == p.vendor.slug]) is None]


def _core_dispute(d: Dispute) -> core_dispute.Dispute:
    decisions = tuple(core_dispute.Decision(x["outcome"], x["rationale"], x["adjudicator"],
                                            datetime.fromisoformat(x["decided_at"])) for x in d.decisions)
    return core_dispute.Dispute(d.filed_by, d.grounds, d.filed_at, core_dispute.DisputeState(d.state), decisions,
                                vendor_answered_at=d.vendor_answered_at, appeal_grounds=d.appeal_grounds or None)


@transaction.atomic
def answer_dispute(user, dispute: Dispute, answer: str, *, now: datetime | None = None) -> Dispute:
    """The disputed vendor's written answer (its triagers, or a coordinator); the first one starts the decision."""
    if not policy.can_answer_dispute(user, dispute):
        raise PermissionDenied("only the vendor's triagers answer a dispute")
    if not answer.strip():
        raise InvalidInput("answer", "write the vendor's answer")
    if not dispute.disputed:
        raise DisputeRefused(dispute.state, "answer", "the dispute is no longer open, so it takes no answer")
    dispute.vendor_answer = answer.strip()
    dispute.vendor_answered_at = dispute.vendor_answered_at or now or timezone.now()
    dispute.save()
    return dispute


@transaction.atomic
def dispute_event(user, dispute: Dispute, event: str, *, outcome: str = "", rationale: str = "", grounds: str = "",
                  token_ok: bool = False, now: datetime | None = None) -> Dispute:
    """begin_review / decide (adjudicators), appeal (the reporter, or an adjudicator recording it, with
    ``grounds``) and withdraw (the reporter only); ``token_ok`` when the reporter acts through the
    follow-up link. A decision waits for the vendor's answer or its deadline
    (``REDLINE_DISPUTE_ANSWER_DAYS``)."""
    now = now or timezone.now()
    try:
        ev = core_dispute.DisputeEvent(event)
    except ValueError:
        raise InvalidInput("event", f"unknown dispute event {event!r}") from None
    DE = core_dispute.DisputeEvent
    if ev in (DE.BEGIN_REVIEW, DE.DECIDE) and not policy.can_decide_dispute(user, dispute):
        raise PermissionDenied("only an adjudicator from an independent panel reviews and decides disputes")
    if ev is DE.APPEAL and not policy.can_appeal_dispute(user, dispute, token_ok=token_ok):
        raise PermissionDenied("only the reporter appeals a decision (or an adjudicator records the appeal)")
    if ev is DE.WITHDRAW and not policy.can_withdraw_dispute(user, dispute, token_ok=token_ok):
        raise PermissionDenied("only the reporter withdraws a dispute")
    decision = None
    if ev is DE.DECIDE:
        decision = core_dispute.Decision(outcome.strip(), rationale.strip(), public_name(user), now)
    new = core_dispute.advance(_core_dispute(dispute), ev, decision=decision,
                               grounds=grounds if ev is DE.APPEAL else None, now=now,
                               policy=case_store.dispute_policy())
    dispute.state = new.state.value
    dispute.appeal_grounds = new.appeal_grounds or ""
    dispute.decisions = [{"outcome": x.outcome, "rationale": x.rationale, "adjudicator": x.adjudicator,
                          "decided_at": x.decided_at.isoformat()} for x in new.decisions]
    dispute.save()
    record(dispute, f"state:{new.state.value}")
    return dispute


# --- incidents -------------------------------------------------------------------


def _ungroupable(ids: list) -> str:
    return ("incidents group only reports you may act on (as a coordinator or a triager of a vendor on the "
            "case); not " + ", ".join(f"R-{i:06d}" if isinstance(i, int) else str(i) for i in ids))


def incident_reports(user, ids: list[int]) -> list[Report]:
    """The reports ``ids`` for a new incident; a missing id answers exactly like one the caller may not group.

    Coordinators see every case, so for them a missing id is InvalidInput naming it.
    """
    from redline.http.params import MAX_INT

    wanted = list(dict.fromkeys(ids))
    found = {r.pk: r for r in Report.objects.filter(pk__in=[i for i in wanted if 0 < i <= MAX_INT])
             .select_related("case")}
    if policy.is_coordinator(user):
        missing = [i for i in wanted if i not in found]
        if missing:
            raise InvalidInput("reports", "no such report: " + ", ".join(f"R-{i:06d}" for i in missing))
    else:
        refused = [i for i in wanted if i not in found or not policy.can_act_on_case(user, found[i])]
        if refused:
            raise PermissionDenied(_ungroupable(refused))
    return [found[i] for i in wanted]


@transaction.atomic
def create_incident(user, title: str, *, summary: str = "", reports: list[Report] = (), public: bool = True,
                    **post_incident: str) -> Incident:
    if not policy.is_coordinator(user):
        if not reports:
            raise PermissionDenied("incidents are opened by coordinators or by a vendor on the grouped reports")
        refused = [r.pk for r in reports if not policy.can_act_on_case(user, r)]
        if refused:
            raise PermissionDenied(_ungroupable(refused))
    if not title.strip():
        raise InvalidInput("title", "an incident needs a title")
    allowed = {"impact", "root_cause", "mitigations", "lessons_learned"}
    bad = set(post_incident) - allowed
    if bad:
        raise InvalidInput(sorted(bad)[0], "not a post-incident field")
    inc = Incident.objects.create(title=title.strip(), summary=summary, public=public, **post_incident)
    inc.reports.add(*reports)
    return inc


@transaction.atomic
def add_timeline(user, incident: Incident, at: str, text: str) -> Incident:
    if not policy.is_coordinator(user) and not any(policy.can_act_on_case(user, r) for r in incident.reports.all()):
        raise PermissionDenied("only coordinators or vendors on the incident edit it")
    try:
        day = date.fromisoformat(at[:10]).isoformat()
    except ValueError:
        raise InvalidInput("at", f"{at!r} is not an ISO date") from None
    if not text.strip():
        raise InvalidInput("text", "say what happened")
    incident.timeline = sorted([*incident.timeline, {"at": day, "text": text.strip()}], key=lambda e: e["at"])
    incident.save()
    return incident


@transaction.atomic
def update_post_incident(user, incident: Incident, **fields: str) -> Incident:
    if not policy.is_coordinator(user) and not any(policy.can_act_on_case(user, r) for r in incident.reports.all()):
        raise PermissionDenied("only coordinators or vendors on the incident edit it")
    for name, value in fields.items():
        if name not in {"impact", "root_cause", "mitigations", "lessons_learned", "summary"}:
            raise InvalidInput(name, "not a post-incident field")
        setattr(incident, name, value)
    incident.save()
    return incident
