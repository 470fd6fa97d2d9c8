"""Background task: tell a case's owners when its live status changes (the refresh clock is in ``clock.py``)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


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
