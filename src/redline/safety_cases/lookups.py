"""Visibility-checked lookups of safety cases (404 for a case the caller may not see)."""

from __future__ import annotations

from django.http import Http404

from redline.accounts.policy import Action, can
from redline.core.gsn.assessment import CaseState
from redline.registry.lookups import visible_model
from redline.safety_cases.models import SafetyCase


def can_view_case(user, case: SafetyCase) -> bool:
    """Whoever may see the model sees its submitted and assessed cases; a draft only the developer."""
    if not can(user, Action.VIEW, case.model):
        return False
    return case.state != CaseState.DRAFT.value or can(user, Action.UPDATE, case.model)


def visible_case(user, org: str, slug: str, case_slug: str, action: Action | str = Action.VIEW) -> SafetyCase:
    """The case ``case_slug`` of ``org/slug``: 404 when it may not be seen, PermissionDenied for a refused action."""
    model = visible_model(user, org, slug)
    case = SafetyCase.objects.select_related("model__organisation", "created_by").filter(
        model=model, slug=case_slug).first()
    if case is None or not can_view_case(user, case):
        raise Http404("no such safety case")
    if action != Action.VIEW:
        from redline.accounts.policy import require

        require(user, action, case, "this safety case")
    return case


def visible_cases(user, model) -> list[SafetyCase]:
    return [c for c in SafetyCase.objects.filter(model=model).order_by("slug") if can_view_case(user, c)]
