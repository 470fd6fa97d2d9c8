"""Who sees which questions and forecasts, and who may act on them: the app's one set of rules.

- A **question** is seen by everyone once it has left draft, when it is public or its
  public-after date has passed; an organisation-only question (a developer's internal
  pre-development prediction) by that organisation's members until then; a draft by its author
  and the organisation's members. Operators see everything. A question about a model the viewer
  may not see is hidden too, so a question never reveals a private model.
- A **forecast** is seen by whoever sees its question once the question has closed (no herding
  before), or earlier when the question does not hide forecasts; a forecaster always sees their
  own, and an organisation's members see the organisation's.
- **Public surfaces** (feed, export, leaderboard for anonymous visitors) use the anonymous view.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from redline.accounts.models import Role
from redline.accounts.policy import Action, can, is_coordinator, role_in, visible_filter
from redline.core.errors import PermissionDenied
from redline.core.forecasts import REVEALED, QuestionState
from redline.forecasts.models import Forecast, Question, QuestionVisibility
from redline.registry.models import AIModel

_REVEALED = [s.value for s in REVEALED]


def _operator(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def _member_orgs(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.memberships.values_list("organisation_id", flat=True))


def question_filter(user, prefix: str = "", now=None) -> Q:
    """A filter on questions (through ``prefix``) equal to :func:`can_view_question`."""
    if _operator(user):
        return Q()
    now = now or timezone.now()
    p = prefix
    orgs = _member_orgs(user)
    published = ~Q(**{f"{p}state": QuestionState.DRAFT.value}) & (
        Q(**{f"{p}visibility": QuestionVisibility.PUBLIC}) | Q(**{f"{p}public_after__lte": now}))
    own = Q(**{f"{p}organisation_id__in": orgs})
    if getattr(user, "is_authenticated", False):
        own |= Q(**{f"{p}author_id": user.pk})
    models_seen = ((Q(**{f"{p}model__isnull": True}) | visible_filter(user, prefix=f"{p}model__"))
                   & (Q(**{f"{p}pinned_model__isnull": True}) | visible_filter(user, prefix=f"{p}pinned_model__")))
    return (published | own) & models_seen


def visible_questions(user, now=None):
    return (Question.objects.filter(question_filter(user, now=now))
            .select_related("model__organisation", "next_model_of", "pinned_model__organisation", "organisation",
                            "red_line")
            # never the model cards' large columns in a list (issue 11)
            .defer(*(f"{m}__{f}" for m in ("model", "pinned_model") for f in AIModel.LARGE_FIELDS)))


def public_questions(now=None):
    """What anonymous visitors see: the questions on public surfaces (feed, export)."""
    return visible_questions(AnonymousUser(), now=now)


def can_view_question(user, question: Question, now=None) -> bool:
    return Question.objects.filter(question_filter(user, now=now), pk=question.pk).exists()


def visible_question(user, pk: int) -> Question:
    """The question ``pk`` when ``user`` may see it; 404 otherwise (never revealing that it exists)."""
    question = visible_questions(user).filter(pk=pk).first()
    if question is None:
        raise Http404("no such question")
    return question


def forecast_filter(user, prefix: str = "") -> Q:
    """A filter on forecasts equal to :func:`can_view_forecast`."""
    q = question_filter(user, prefix=f"{prefix}question__")
    if _operator(user):
        return q
    shown = Q(**{f"{prefix}question__state__in": _REVEALED}) | Q(**{f"{prefix}question__forecasts_hidden": False})
    if getattr(user, "is_authenticated", False):
        shown |= Q(**{f"{prefix}user_id": user.pk}) | Q(**{f"{prefix}organisation_id__in": _member_orgs(user)})
    return q & shown


def visible_forecasts(user, question: Question):
    return Forecast.objects.filter(forecast_filter(user), question=question).select_related("user", "organisation")


def revealed(question: Question) -> bool:
    """Everyone's forecasts on ``question`` may be shown (closed, or the question does not hide them)."""
    return question.state_enum in REVEALED or not question.forecasts_hidden


def can_manage(user, question: Question) -> bool:
    """Open or close a question: its author, the organisation's admins, coordinators and operators."""
    if is_coordinator(user):
        return True
    if getattr(user, "is_authenticated", False) and question.author_id == user.pk:
        return True
    return question.organisation_id is not None and role_in(user, question.organisation) == Role.ADMIN


def can_resolve(user) -> bool:
    """Resolve, annul or reverse by hand: coordinators (and operators)."""
    return is_coordinator(user)


def require_resolver(user) -> None:
    if not can_resolve(user):
        raise PermissionDenied("only a coordinator may resolve, annul or reverse a question by hand")


def forecasting_orgs(user):
    """The organisations ``user`` may forecast for as a body: those where they are an admin."""
    from redline.accounts.models import Organisation

    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).order_by("name")


def can_link_red_line(user, commitment) -> bool:
    return commitment.kind == "red_line" and can(user, Action.VIEW, commitment.model)
