"""One visibility-checked lookup per registry concept, for views and the API alike.

NetBox's ``restrict(user, action)`` is the model: the lookup applies the policy, so no caller can
forget it. A model the user may not see answers 404 (never revealing that it exists); one they may
see but not act on raises :class:`~redline.core.errors.PermissionDenied` (403).
"""

from __future__ import annotations

from django.http import Http404

from redline.accounts.policy import Action, can
from redline.core.errors import PermissionDenied
from redline.registry.models import AIModel


def visible_model(user, org: str, slug: str, action: Action = Action.VIEW) -> AIModel:
    """The model ``org/slug`` when ``user`` may see it and do ``action`` on it."""
    model = AIModel.objects.select_related("organisation").filter(organisation__slug=org, slug=slug).first()
    if model is None or not can(user, Action.VIEW, model):
        raise Http404("no such model")
    if action is not Action.VIEW and not can(user, action, model):
        raise PermissionDenied(f"you may not {action.value} {model.full_slug}")
    return model
