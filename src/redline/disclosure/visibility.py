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

    from redline.ledger import describe

    describe.register("disclosure.report", noun="report", label=lambda r: f"{r.ref} “{r.title}”",
                      url=lambda r: f"/cases/{r.pk}/")
    describe.register("disclosure.case", noun="case", label=lambda c: c.report.ref,
                      url=lambda c: f"/cases/{c.report_id}/", related=("report",))
    describe.register("disclosure.participant", noun="case", label=lambda p: f"{p.case.report.ref} ({p.vendor.name})",
                      url=lambda p: f"/cases/{p.case.report_id}/", related=("case__report", "vendor"))
    describe.register("disclosure.escalation", noun="escalation", label=lambda e: f"on {e.case.report.ref}",
                      url=lambda e: f"/cases/{e.case.report_id}/", related=("case__report",))
    describe.register("disclosure.message", noun="message", label=lambda m: f"on {m.report.ref}",
                      url=lambda m: f"/cases/{m.report_id}/", related=("report",))
    describe.register("disclosure.attachment", noun="attachment", label=lambda a: f"“{a.name}” on {a.report.ref}",
                      url=lambda a: f"/cases/{a.report_id}/", related=("report",))
    describe.register("disclosure.dispute", noun="dispute", label=lambda d: f"{d.pk} on {d.report.ref}",
                      url=lambda d: f"/disputes/{d.pk}/", related=("report",))
    describe.register("disclosure.duplicatelink", noun="duplicate link",
                      label=lambda d: f"{d.report.ref} → {d.original.ref}", url=lambda d: f"/cases/{d.report_id}/",
                      related=("report", "original"))
    describe.register("disclosure.advisory", noun="advisory", label=lambda a: a.public_id,
                      url=lambda a: f"/advisories/{a.public_id}/" if a.state != "reserved" else f"/cases/{a.report_id}/")
    describe.register("disclosure.incident", noun="incident", label=lambda i: f"“{i.title}”")
    describe.register("disclosure.safeharborterms", noun="safe-harbor terms", label=lambda t: f"version {t.version}",
                      url=lambda t: "/report/")
    describe.register("disclosure.webhook", noun="webhook", label=lambda w: f"of {w.organisation.name}",
                      url=lambda w: f"/orgs/{w.organisation.slug}/webhooks/", related=("organisation",))
