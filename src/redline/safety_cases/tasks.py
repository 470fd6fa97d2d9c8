"""Background tasks: tell a case's owners when its status changes, and refresh cases as evidence expires.

:func:`refresh_cases_task` refreshes every case (evidence passes its valid-until date with
no event to announce it) and enqueues itself again ``REDLINE_CLOCK_INTERVAL`` seconds later,
like the disclosure clock; importing a case starts the chain when none is pending, and
``redline safety-case refresh`` runs one pass by hand.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

TASK_PATH = "redline.safety_cases.tasks.refresh_cases_task"


def owners(case) -> list[str]:
    """Who is told: the case's author and the admins of the developer organisation."""
    from redline.accounts.models import Membership, Role

    emails = {m.user.email for m in Membership.objects.filter(organisation=case.model.organisation, role=Role.ADMIN)
              .select_related("user")}
    if case.created_by is not None:
        emails.add(case.created_by.email)
    return sorted(e for e in emails if e)


@task()
def notify_status_change(case_id: int, old: str, new: str) -> int:
    """E-mail the case's owners that its live status changed; returns how many were told."""
    from redline.safety_cases.models import SafetyCase

    case = SafetyCase.objects.select_related("model__organisation", "created_by").filter(pk=case_id).first()
    if case is None:
        return 0
    recipients = owners(case)
    if not recipients:
        return 0
    gaps = case.status_summary.get("gaps") or []
    lines = [f"The safety case '{case.title}' of {case.model.full_slug} is now {new} (was {old}).", ""]
    lines += [f"- {g['element']}: {g['reason']}" for g in gaps[:20]]
    lines += ["", f"The case's page: {case.get_absolute_url()}"]
    send_mail(subject=f"[redline] safety case {case.slug}: {new}", message="\n".join(lines), from_email=None,
              recipient_list=recipients)
    return len(recipients)


@task()
def refresh_cases_task() -> int:
    """Refresh every case's recorded status, then schedule the next pass; returns how many changed."""
    from redline.disclosure.tasks import interval
    from redline.ledger.services import acting_as
    from redline.safety_cases.services import refresh_all

    try:
        with acting_as("system"):
            return refresh_all()
    finally:
        refresh_cases_task.using(run_after=timezone.now() + interval()).enqueue()


def ensure_refresh_scheduled() -> bool:
    """Start the refresh chain when no pass is pending; True when one was enqueued."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    from django.conf import settings

    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if "django_tasks_db" not in backend:
        return False  # the immediate backend would run the chain for ever
    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return False
    from redline.disclosure.tasks import interval

    refresh_cases_task.using(run_after=timezone.now() + interval()).enqueue()
    return True
