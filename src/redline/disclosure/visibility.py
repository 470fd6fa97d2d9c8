"""How the public ledger tells who may see disclosure records: whoever may see the report they belong to
(a dispute only its parties).

An advisory is public once it leaves the reserved state; an incident when it is public; the
safe-harbor terms always. A webhook is seen by the members of its organisation.
"""

from __future__ import annotations

from django.db.models import Q


def register() -> None:
    from redline.accounts.policy import disputes_visible_filter, reports_visible_filter
    from redline.disclosure import models
    from redline.ledger import visibility

    def reports(user):
        return models.Report.objects.filter(reports_visible_filter(user)).values("pk")

    rules = {
        models.Report: lambda user: Q(pk__in=reports(user)),
        models.Case: lambda user: Q(report__in=reports(user)),
        models.Participant: lambda user: Q(case__report__in=reports(user)),
        models.Escalation: lambda user: Q(case__report__in=reports(user)),
        models.Attachment: lambda user: Q(report__in=reports(user)),
        models.Message: lambda user: Q(report__in=reports(user)),
        # a dispute stays between the reporter, the vendor disputed, coordinators and adjudicators
        models.Dispute: lambda user: disputes_visible_filter(user),
        models.DuplicateLink: lambda user: Q(report__in=reports(user)) & Q(original__in=reports(user)),
        models.Advisory: lambda user: ~Q(state="reserved") | Q(report__in=reports(user)),
        models.Incident: lambda user: Q(public=True) | Q(reports__in=reports(user)),
        models.Webhook: lambda user: Q(organisation__memberships__user_id=getattr(user, "pk", None) or 0),
    }
    for model, rule in rules.items():
        visibility.register(model._meta.label_lower, visibility.by_filter(model, rule))
    visibility.register("disclosure.safeharborterms", visibility.everyone)
