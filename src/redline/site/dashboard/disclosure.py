"""Dashboard sections from coordinated disclosure: the reporter's reports, the triage queue,
the coordinator's escalations and stalled cases, and the adjudicator's disputes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from redline.accounts.models import Role
from redline.core.disclosure.clocks import Deadline, ParticipantClock, Severity, due_dates

OPEN_STATES = ("received", "valid", "accepted")
#: A case with no message and no step by anyone for this long is "stalled" on the coordinator's dashboard.
STALL_DAYS = 14
SEVERITIES = [s.value for s in Severity]
#: The triage section shows at most this many participations, the most pressing ones.
QUEUE_LIMIT = 300
STATES = ["received", "valid", "accepted", "deferred", "invalid", "closed"]
DEADLINE_WORDS = {Deadline.ACKNOWLEDGE: "acknowledge", Deadline.TRIAGE: "triage", Deadline.FIX: "fix ready",
                  Deadline.EMBARGO_END: "embargo ends"}


def _when(at: datetime | None, now: datetime) -> dict[str, Any] | None:
    """A moment as the dashboard shows it: ISO time, and whole days from now (negative: past)."""
    if at is None:
        return None
    days = (at - now) / timedelta(days=1)
    whole = int(abs(days))
    span = f"{whole} day{'s' if whole != 1 else ''}" if whole else "less than a day"
    words = f"{span} ago" if at < now else f"in {span}"
    return {"at": at.isoformat(), "date": at.date().isoformat(), "days": round(days, 1), "overdue": at < now,
            "words": words}


def next_deadline(p, now: datetime) -> dict[str, Any] | None:
    """The earliest step this participation still owes (acknowledge, triage, fix), or None when closed."""
    if p.state not in OPEN_STATES:
        return None
    clock = ParticipantClock(p.vendor.slug, Severity(p.severity), p.received_at)
    done = {Deadline.ACKNOWLEDGE: p.acknowledged_at is not None, Deadline.TRIAGE: p.triaged_at is not None,
            Deadline.FIX: p.fix_ready_at is not None}
    owed = [(due, kind) for kind, due in due_dates(clock).items() if not done[kind]]
    if not owed:
        return None
    due, kind = min(owed)
    return {"deadline": kind.value, "label": DEADLINE_WORDS[kind], "vendor": p.vendor.slug, **_when(due, now)}


def _age(start: datetime, now: datetime) -> dict[str, Any]:
    days = int((now - start) / timedelta(days=1))
    words = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    return {"since": start.isoformat(), "date": start.date().isoformat(), "days": days, "words": words}


# --- reporter --------------------------------------------------------------------------------


def has_reports(user) -> bool:
    from redline.disclosure.models import Report

    return bool(getattr(user, "is_authenticated", False)) and Report.objects.filter(reporter=user).exists()


STATE_WORDS = {"received": "received, not yet acknowledged", "valid": "confirmed valid", "invalid": "judged invalid",
               "accepted": "accepted for a fix", "deferred": "deferred", "closed": "closed"}
ADVISORY_WORDS = {"published": "published as {id}", "rejected": "not published ({id} rejected)",
                  "withdrawn": "{id} withdrawn", "duplicate": "a duplicate ({id} points to the original)"}


def _status(report, parts) -> str:
    """The report's standing in words: its advisory once there is one, else the vendors' states."""
    adv = getattr(report, "advisory", None)
    if adv is not None and adv.state in ADVISORY_WORDS:
        return ADVISORY_WORDS[adv.state].format(id=adv.public_id)
    if not parts:
        return "with the coordinators"
    if len(parts) == 1:
        return STATE_WORDS.get(parts[0].state, parts[0].state)
    waiting = sum(1 for p in parts if p.state == "received")
    return f"{len(parts)} vendors" + (f", {waiting} not yet acknowledged" if waiting else "")


def reporter_section(user, now: datetime) -> dict[str, Any]:
    """The user's own reports: status and the next deadline any vendor owes on them."""
    from redline.disclosure.models import Report

    rows = []
    qs = (Report.objects.filter(reporter=user).select_related("case", "advisory")
          .prefetch_related("case__participants__vendor").order_by("-submitted_at")[:100])
    for r in qs:
        parts = list(r.case.participants.all()) if hasattr(r, "case") else []
        deadlines = [d for d in (next_deadline(p, now) for p in parts) if d]
        case = getattr(r, "case", None)
        if case is not None and case.embargo_state in ("active", "revise") and case.embargo_ends_at:
            deadlines.append({"deadline": Deadline.EMBARGO_END.value, "label": DEADLINE_WORDS[Deadline.EMBARGO_END],
                              "vendor": None, **_when(case.embargo_ends_at, now)})
        rows.append({"ref": r.ref, "title": r.title, "kind": r.kind, "severity": r.severity,
                     "submitted": _age(r.submitted_at, now), "status": _status(r, parts),
                     "vendors": [{"vendor": p.vendor.slug, "name": p.vendor.name, "state": p.state,
                                  "state_words": STATE_WORDS.get(p.state, p.state)} for p in parts],
                     "next_deadline": min(deadlines, key=lambda d: d["at"]) if deadlines else None,
                     "url": f"/cases/{r.pk}/"})
    return {"reports": rows, "count": len(rows), "report_url": "/report/"}


# --- triager ---------------------------------------------------------------------------------


def triaged_orgs(user) -> list:
    """Organisations in which ``user`` is a triager or admin (their queue is the dashboard's triage section)."""
    from redline.accounts.models import Membership

    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in Membership.objects.filter(user=user, role__in=(Role.TRIAGER, Role.ADMIN))
            .select_related("organisation").order_by("organisation__name")
            if m.organisation.kind in ("developer", "research")]


def triager_section(user, now: datetime, params: dict[str, str]) -> dict[str, Any]:
    """Participations of the user's organisations, nearest deadline first, with filters.

    Filters: ``state`` (default: the open states), ``severity`` and ``org`` (an organisation slug).
    """
    from redline.disclosure.due import owed_due
    from redline.disclosure.models import Participant

    orgs = triaged_orgs(user)
    state, severity, org = params.get("state", ""), params.get("severity", ""), params.get("org", "")
    qs = (Participant.objects.filter(vendor__in=orgs, case__report__csam_path=False)
          .select_related("vendor", "case__report"))
    qs = qs.filter(state=state) if state in STATES else qs.filter(state__in=OPEN_STATES)
    if severity in SEVERITIES:
        qs = qs.filter(severity=severity)
    if org:
        qs = qs.filter(vendor__slug=org)
    rows = []
    # nearest deadline first, sorted and cut by the database (the SQL twin of next_deadline), so the
    # ones shown are the most pressing of however many there are
    for p in qs.annotate(next_due=owed_due()).order_by("next_due", "case__report_id", "pk")[:QUEUE_LIMIT]:
        report = p.case.report
        rows.append({"ref": report.ref, "title": report.title, "vendor": p.vendor.slug, "state": p.state,
                     "severity": p.severity, "age": _age(p.received_at, now),
                     "next_deadline": next_deadline(p, now), "url": f"/cases/{report.pk}/"})
    return {"queue": rows, "count": len(rows),
            "filters": {"state": state if state in STATES else "", "severity": severity if severity in SEVERITIES
                        else "", "org": org},
            "choices": {"state": STATES, "severity": SEVERITIES, "org": [o.slug for o in orgs]},
            "organisations": [{"slug": o.slug, "name": o.name} for o in orgs]}


# --- coordinator -----------------------------------------------------------------------------


def _last_activity(case, messages: dict[int, datetime]) -> datetime:
    moments = [case.opened_at, messages.get(case.report_id)]
    for p in case.participants.all():
        moments += [p.received_at, p.acknowledged_at, p.triaged_at, p.fix_ready_at, p.fix_deployed_at]
    return max(m for m in moments if m is not None)


def coordinator_section(user, now: datetime) -> dict[str, Any]:
    """Unresolved escalations (oldest due first) and open cases where nothing has happened for STALL_DAYS."""
    from django.db.models import Max

    from redline.disclosure.clocks import open_cases
    from redline.disclosure.models import Escalation, Message

    escalations = [{"ref": e.case.report.ref, "title": e.case.report.title, "url": f"/cases/{e.case.report_id}/",
                    "vendor": e.vendor.slug if e.vendor else None, "deadline": e.deadline,
                    "label": DEADLINE_WORDS.get(e.deadline, e.deadline), "due": _when(e.due, now), "escalated": _age(e.created_at, now)}
                   for e in Escalation.objects.filter(resolved_at__isnull=True)
                   .select_related("case__report", "vendor").order_by("due")[:200]]
    cases = list(open_cases().prefetch_related("participants__vendor"))
    messages = dict(Message.objects.filter(report_id__in=[c.report_id for c in cases]).values("report_id")
                    .annotate(last=Max("created_at")).values_list("report_id", "last"))
    stalled = []
    for case in cases:
        last = _last_activity(case, messages)
        if now - last >= timedelta(days=STALL_DAYS):
            stalled.append({"ref": case.report.ref, "title": case.report.title, "url": f"/cases/{case.report_id}/",
                            "last_activity": _age(last, now), "embargo": case.embargo_state,
                            "vendors": [{"vendor": p.vendor.slug, "state": p.state}
                                        for p in case.participants.all()]})
    stalled.sort(key=lambda r: -r["last_activity"]["days"])
    from redline.accounts.onboarding import pending_requests

    return {"escalations": escalations, "stalled": stalled, "stall_days": STALL_DAYS,
            "coordination_url": "/coordination/", "org_requests": pending_requests().count()}


# --- adjudicator -----------------------------------------------------------------------------


def adjudicator_section(user, now: datetime) -> dict[str, Any]:
    """Disputes still to decide (filed, under review, appealed, under appeal review), oldest first."""
    from redline.core.disclosure.dispute import DISPUTED_STATES
    from redline.disclosure.models import Dispute

    rows = [{"id": d.pk, "ref": d.report.ref, "title": d.report.title, "vendor": d.vendor.slug,
             "state": d.state, "state_words": d.state.replace("_", " "), "filed": _age(d.filed_at, now),
             "url": f"/disputes/{d.pk}/"}
            for d in Dispute.objects.filter(state__in=[s.value for s in DISPUTED_STATES], report__csam_path=False)
            .select_related("report", "vendor").order_by("filed_at")[:200]]
    return {"disputes": rows, "count": len(rows)}
