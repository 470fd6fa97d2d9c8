"""The deadline check the background worker runs: missed deadlines become escalations.

:func:`check_deadlines` asks the core clocks (:func:`redline.core.disclosure.clocks.missed_deadlines`)
about every open case at ``now``; each missed deadline not yet escalated is
recorded once, handed to the coordinator organisations, e-mailed to the
reporter and the coordinators, and POSTed to the coordinators' and the
vendor's webhooks.  Tests pass ``now``; nothing here sleeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from redline.accounts.models import Membership, Organisation
from redline.core.disclosure.case import clock_snapshot
from redline.core.disclosure.clocks import missed_deadlines
from redline.disclosure import case_store, notify
from redline.disclosure.models import Case, Escalation, Webhook
from redline.ledger.services import record

OPEN_STATES = ("received", "valid", "accepted")


@dataclass(frozen=True)
class Escalated:
    case_ref: str
    vendor: str | None
    deadline: str
    due: datetime


def open_cases():
    return (Case.objects.filter(Q(participants__state__in=OPEN_STATES) | Q(embargo_state__in=("active", "revise")))
            .distinct().select_related("report"))


def check_deadlines(now: datetime | None = None) -> list[Escalated]:
    """Escalate every newly missed deadline at ``now``; returns what was escalated this time."""
    now = now or timezone.now()
    done: list[Escalated] = []
    for case in open_cases():
        for miss in missed_deadlines(clock_snapshot(case_store.load(case)), now):
            vendor = Organisation.objects.filter(slug=miss.vendor).first() if miss.vendor else None
            if Escalation.objects.filter(case=case, vendor=vendor, deadline=miss.deadline.value).exists():
                continue
            try:
                with transaction.atomic():
                    esc = Escalation.objects.create(case=case, vendor=vendor, deadline=miss.deadline.value,
                                                    due=miss.due, created_at=now)
                    record(esc, f"state:escalated:{miss.deadline.value}")
            except IntegrityError:
                continue  # another worker got there first
            _notify(case, esc)
            done.append(Escalated(case.report.ref, miss.vendor, miss.deadline.value, miss.due))
    return done


def _notify(case: Case, esc: Escalation) -> None:
    report = case.report
    who = esc.vendor.name if esc.vendor else "the case"
    what = esc.deadline.replace("_", " ")
    link = f"{settings.SITE_URL}/cases/{report.pk}/"
    text = (f"{report.ref} \"{report.title}\": {who} missed the {what} deadline (due {esc.due:%Y-%m-%d %H:%M} UTC).\n"
            f"The case has been escalated to the coordinators.\n\n{link}\n\n— redline")
    coordinators = list(Membership.objects.filter(organisation__kind="coordinator")
                        .values_list("user__email", flat=True))
    notify.email(coordinators, f"[redline] escalation: {report.ref} missed {what}", text)
    if report.reporter_email:
        notify.email([report.reporter_email], f"[redline] your report {report.ref}: a deadline was missed",
                     f"A deadline on your report was missed ({what}, {who}). The coordinators now handle it.\n"
                     "Follow the case with your private follow-up link.\n\n— redline")
    payload = {"case": report.ref, "report_id": report.pk, "vendor": esc.vendor.slug if esc.vendor else None,
               "deadline": esc.deadline, "due": esc.due.isoformat(), "escalated_at": esc.created_at.isoformat()}
    hooks = Webhook.objects.filter(active=True).filter(
        Q(organisation__kind="coordinator") | Q(organisation=esc.vendor) if esc.vendor
        else Q(organisation__kind="coordinator"))
    for hook in hooks:
        notify.post_webhook(hook, "deadline.missed", payload)
