"""Who may see safety cases: whoever may see the model, except drafts, which only the developer sees."""

from __future__ import annotations

from django.db.models import Q


def cases_filter(user, prefix: str = "") -> Q:
    """A queryset filter equal to :func:`redline.safety_cases.lookups.can_view_case` (``prefix`` reaches the case)."""
    from redline.accounts.policy import visible_filter

    q = visible_filter(user, prefix=f"{prefix}model__")
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return q
    mine = Q(**{f"{prefix}model__organisation_id__in": list(user.memberships.values_list("organisation_id", flat=True))}) \
        if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return q & (~Q(**{f"{prefix}state": "draft"}) | mine)


def register() -> None:
    from redline.ledger import visibility
    from redline.safety_cases import models

    prefixes = {models.SafetyCase: "", models.SolutionBinding: "case__", models.Assessment: "case__",
                models.AssessmentCondition: "assessment__case__"}
    for model, prefix in prefixes.items():
        visibility.register(model._meta.label_lower,
                            visibility.by_filter(model, lambda user, prefix=prefix: cases_filter(user, prefix)))
