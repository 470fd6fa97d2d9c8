"""Visibility-checked lookups of disclosure objects (see :mod:`redline.registry.lookups`)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from redline.accounts import policy
from redline.disclosure.models import Participant, Report


def visible_case(user, pk: int) -> Report:
    """The report ``pk`` (and its case) when ``user`` may see it; 404 otherwise, never revealing that an
    embargoed case exists."""
    participants = Prefetch("case__participants", queryset=Participant.objects.select_related("vendor"))
    report = Report.objects.select_related("case", "reporter").prefetch_related(participants).filter(pk=pk).first()
    if report is None or not getattr(user, "is_authenticated", False) or not policy.can_view_report(user, report):
        raise Http404("no such case")
    return report
