"""The stored case as the pure aggregate of :mod:`redline.core.disclosure.case`, and back.

Services load a case, apply one event in the core and save the result in the same transaction.
"""

from __future__ import annotations

from django.conf import settings

from redline.core.disclosure import case as core_case
from redline.core.disclosure import dispute as core_dispute
from redline.core.disclosure import embargo as core_embargo
from redline.core.disclosure import report as core_report
from redline.core.disclosure.clocks import Severity
from redline.core.disclosure.flags import Flag
from redline.disclosure.models import Case


def _flags(text: str) -> frozenset[Flag]:
    return frozenset(Flag(c) for c in text)


def _flag_text(flags: frozenset[Flag], order: str) -> str:
    return "".join(c for c in order if Flag(c) in flags)


def embargo_policy() -> core_embargo.EmbargoPolicy:
    """The embargo limits in force (settings ``REDLINE_EMBARGO_*``)."""
    return core_embargo.EmbargoPolicy(default_days=settings.EMBARGO_MAX_DAYS,
                                      after_fix_days=settings.EMBARGO_AFTER_FIX_DAYS,
                                      in_the_wild_days=settings.EMBARGO_IN_THE_WILD_DAYS)


def dispute_policy() -> core_dispute.DisputePolicy:
    """How long a vendor has to answer a dispute (setting ``REDLINE_DISPUTE_ANSWER_DAYS``)."""
    return core_dispute.DisputePolicy(answer_days=settings.DISPUTE_ANSWER_DAYS)


def participant_of(p) -> core_case.Participant:
    """One stored participation as the core's :class:`~redline.core.disclosure.case.Participant`."""
    return core_case.Participant(
        vendor=p.vendor.slug, received_at=p.received_at, severity=Severity(p.severity),
        open_weights=p.open_weights,
        report=core_report.ReportStatus(core_report.ReportState(p.state), p.duplicate_of or None, p.ever_accepted),
        flags=_flags(p.flags), acknowledged_at=p.acknowledged_at, triaged_at=p.triaged_at,
        fix_ready_at=p.fix_ready_at, fix_deployed_at=p.fix_deployed_at,
        publish_agreed_at=p.publish_agreed_at, statement=p.statement or None,
    )


def participants_of(case: Case) -> list:
    """The case's participations with their vendors: the ones prefetched with the page (one query for every
    vendor, see :func:`redline.disclosure.lookups.visible_case`), else a fresh query."""
    if "participants" in getattr(case, "_prefetched_objects_cache", {}):
        return list(case.participants.all())
    return list(case.participants.select_related("vendor"))


def load(case: Case) -> core_case.Case:
    """The pure aggregate of a stored case (vendors keyed by organisation slug)."""
    parts = tuple(participant_of(p) for p in participants_of(case))
    embargo = core_embargo.Embargo(core_embargo.EmbargoState(case.embargo_state), case.embargo_starts_at,
                                   case.embargo_ends_at, case.embargo_proposed_end, case.embargo_exit_reason or None)
    return core_case.Case(case_id=case.report.ref, opened_at=case.opened_at, participants=parts,
                          case_flags=_flags(case.case_flags), embargo=embargo, public_at=case.public_at,
                          attacks_observed_at=case.attacks_observed_at, policy=embargo_policy())


def save(case: Case, new: core_case.Case) -> None:
    e = new.embargo
    case.embargo_state, case.embargo_starts_at, case.embargo_ends_at = e.state.value, e.starts_at, e.ends_at
    case.embargo_proposed_end, case.embargo_exit_reason = e.proposed_end, e.exit_reason or ""
    case.case_flags = _flag_text(new.case_flags, "PXA")
    case.public_at, case.attacks_observed_at = new.public_at, new.attacks_observed_at
    case.save()
    by_slug = {p.vendor.slug: p for p in case.participants.select_related("vendor")}
    for cp in new.participants:
        p = by_slug[cp.vendor]
        values = {"state": cp.report.state.value, "duplicate_of": cp.report.duplicate_of or "",
                  "ever_accepted": cp.report.ever_accepted, "flags": _flag_text(cp.flags, "VFD"),
                  "acknowledged_at": cp.acknowledged_at, "triaged_at": cp.triaged_at,
                  "fix_ready_at": cp.fix_ready_at, "fix_deployed_at": cp.fix_deployed_at,
                  "publish_agreed_at": cp.publish_agreed_at, "statement": cp.statement or ""}
        if any(getattr(p, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(p, k, v)
            p.save()
