"""Every write of the forecasts app: questions, their lifecycle, forecasts and handles.

Each function checks who may act (:mod:`redline.forecasts.lookups`), validates through the core
(:mod:`redline.core.forecasts`), and writes in one transaction; saves are ledgered by the ledger's
signals, so a forecast is in the ledger the moment it exists. ``now`` exists for tests and the
demo's history; pages, the API and the CLI never pass it, so nobody can back-date a forecast.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts.models import Organisation, Role
from redline.accounts.policy import Action, can, role_in
from redline.commitments.models import Commitment
from redline.core.errors import InvalidInput, PermissionDenied
from redline.core.forecasts import Forecast as CoreForecast
from redline.core.forecasts import Question as CoreQuestion
from redline.core.forecasts import (
    QuestionEvent,
    QuestionKind,
    QuestionState,
    advance,
    check_forecast,
    manual_resolution,
)
from redline.core.forecasts.question import aware
from redline.core.verdict import Direction
from redline.forecasts import lookups
from redline.forecasts.lifecycle import move
from redline.forecasts.models import (
    ORG_PREFIX,
    Forecast,
    ForecasterProfile,
    Question,
    QuestionVisibility,
)
from redline.registry.models import AIModel

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


def _signed_in(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("sign in to do this")


# --- handles --------------------------------------------------------------------------------


def handle_for(user) -> str:
    """``user``'s public handle, made on first use from the display name (never the e-mail address)."""
    profile = ForecasterProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile.handle
    base = slugify(user.display_name or "")[:40].strip("-") or "forecaster"
    handle, n = base if len(base) >= 3 else f"{base}-{user.pk}", 1
    while ForecasterProfile.objects.filter(handle=handle).exists():
        n += 1
        handle = f"{base}-{n}"
    return ForecasterProfile.objects.create(user=user, handle=handle).handle


@transaction.atomic
def set_handle(user, handle: str) -> ForecasterProfile:
    """Choose a public handle: 3–60 lower-case letters, digits and hyphens; unique."""
    _signed_in(user)
    handle = (handle or "").strip().lower()
    if not _HANDLE.match(handle):
        raise InvalidInput("handle", "use 3 to 60 lower-case letters, digits and hyphens (not at either end)")
    if ForecasterProfile.objects.filter(handle=handle).exclude(user=user).exists():
        raise InvalidInput("handle", f"{handle!r} is taken")
    profile, _ = ForecasterProfile.objects.get_or_create(user=user, defaults={"handle": handle})
    if profile.handle != handle:
        profile.handle = handle
        profile.save()
    return profile


def org_handle(org: Organisation) -> str:
    return f"{ORG_PREFIX}{org.slug}"


# --- questions ------------------------------------------------------------------------------


def _datetime(value: Any, field: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return aware(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    if isinstance(value, str) and value.strip():
        try:
            return aware(dt.datetime.fromisoformat(value.strip()))
        except ValueError:
            raise InvalidInput(field, f"not a date or time: {value!r}") from None
    raise InvalidInput(field, "required")


@transaction.atomic
def create_question(user, *, title: str, criteria: str, kind: str, task: str, metric: str,
                    opens_at: Any, closes_at: Any, resolve_by: Any, model: AIModel | None = None,
                    next_model_of: Organisation | None = None, scorer: str = "", direction: str = "ge",
                    threshold: float | None = None, organisation: Organisation | None = None,
                    visibility: str = QuestionVisibility.PUBLIC, public_after: Any = None,
                    red_line: Commitment | None = None, forecasts_hidden: bool = True,
                    open_now: bool = False, now: dt.datetime | None = None) -> Question:
    """A draft question (opened at once with ``open_now``); InvalidInput names the bad field."""
    _signed_in(user)
    now = now or timezone.now()
    title, criteria = (title or "").strip(), (criteria or "").strip()
    if not title:
        raise InvalidInput("title", "a question needs a title")
    if not criteria:
        raise InvalidInput("criteria", "say in words how the question resolves")
    if model is not None and not can(user, Action.VIEW, model):
        raise InvalidInput("model", "no such model")
    try:
        direction_value = Direction(direction or "ge")
    except ValueError:
        raise InvalidInput("direction", "must be ge (at least) or le (at most)") from None
    core = CoreQuestion(kind=kind, task=(task or "").strip(), metric=(metric or "").strip(),
                        opens_at=_datetime(opens_at, "opens_at"), closes_at=_datetime(closes_at, "closes_at"),
                        resolve_by=_datetime(resolve_by, "resolve_by"),
                        model=model.full_slug if model else None,
                        next_model_of=next_model_of.slug if next_model_of else None,
                        scorer=(scorer or "").strip() or None, direction=direction_value,
                        threshold=None if kind == QuestionKind.NUMERIC.value else threshold)
    if visibility not in QuestionVisibility.values:
        raise InvalidInput("visibility", "must be public or org")
    if organisation is not None and role_in(user, organisation) is None and not user.is_staff:
        raise InvalidInput("organisation", "you are not a member of this organisation")
    after = None
    if visibility == QuestionVisibility.ORG:
        if organisation is None:
            raise InvalidInput("organisation", "an organisation-only question needs its organisation")
        after = _datetime(public_after, "public_after")
        if after < core.closes_at:
            raise InvalidInput("public_after", "an internal question becomes public no earlier than its close")
    if red_line is not None:
        if not lookups.can_link_red_line(user, red_line):
            raise InvalidInput("red_line", "no such red line")
        if model is not None and red_line.model_id != model.pk:
            raise InvalidInput("red_line", "the red line binds another model")
    question = Question.objects.create(
        title=title[:200], criteria=criteria, kind=core.kind.value, model=model, next_model_of=next_model_of,
        task=core.task[:200], metric=core.metric[:100], scorer=(core.scorer or "")[:200],
        direction=core.direction.value, threshold=core.threshold, opens_at=core.opens_at,
        closes_at=core.closes_at, resolve_by=core.resolve_by, author=user, organisation=organisation,
        visibility=visibility, public_after=after, red_line=red_line, forecasts_hidden=forecasts_hidden,
        created_at=now)
    if open_now:
        open_question(user, question, now=now)
    return question


@transaction.atomic
def open_question(user, question: Question, *, now: dt.datetime | None = None) -> Question:
    """Open a draft for forecasting; a window that began in the past starts now (no hindsight)."""
    if not lookups.can_manage(user, question):
        raise PermissionDenied("only the question's author, its organisation's admins or a coordinator may open it")
    now = now or timezone.now()
    advance(question.state_enum, QuestionEvent.OPEN)  # refuse before touching the dates
    if question.opens_at < now:
        question.opens_at = now
        if question.closes_at <= now:
            raise InvalidInput("closes_at", "the close date has passed; set a later one")
    move(question, QuestionEvent.OPEN, actor=user, now=now)
    from redline.forecasts.tasks import ensure_clock_scheduled_soon

    transaction.on_commit(ensure_clock_scheduled_soon)  # the clock closes and annuls it on time
    return question


@transaction.atomic
def close_question(user, question: Question, *, now: dt.datetime | None = None, automatic: bool = False) -> Question:
    """Close forecasting (the clock does it at the close date; the author may do it earlier)."""
    if not automatic and not lookups.can_manage(user, question):
        raise PermissionDenied("only the question's author, its organisation's admins or a coordinator may close it")
    now = now or timezone.now()
    if question.state_enum is QuestionState.OPEN and question.closes_at > now:
        question.closes_at = now  # forecasting ends now; the standing forecasts are those made before
    move(question, QuestionEvent.CLOSE, actor=user, automatic=automatic, now=now)
    return question


@transaction.atomic
def resolve_manually(user, question: Question, outcome: Any, note: str, *,
                     now: dt.datetime | None = None) -> Question:
    """A coordinator's resolution with a written reason."""
    lookups.require_resolver(user)
    now = now or timezone.now()
    resolution = manual_resolution(question.to_core(), _outcome(question, outcome), note, at=now)
    move(question, QuestionEvent.RESOLVE, actor=user, note=note, resolution=resolution, now=now)
    return question


def _outcome(question: Question, value: Any) -> Any:
    """A form's or the API's outcome as the core wants it: yes/no for binary, a number for numeric."""
    if question.kind == QuestionKind.BINARY.value and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("yes", "true"):
            return True
        if lowered in ("no", "false"):
            return False
        raise InvalidInput("outcome", "a binary question resolves yes or no")
    if question.kind == QuestionKind.NUMERIC.value and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise InvalidInput("outcome", "a numeric question resolves to a number") from None
    return value


@transaction.atomic
def annul(user, question: Question, reason: str, note: str = "", *, now: dt.datetime | None = None,
          automatic: bool = False) -> Question:
    """Annul: nobody's forecast is scored. By a coordinator, or by the clock (``nothing_imported``)."""
    if not automatic:
        lookups.require_resolver(user)
        if not (note or "").strip():
            raise InvalidInput("note", "annulling by hand needs a written reason")
    move(question, QuestionEvent.ANNUL, actor=user, note=note or "", annul_reason=reason or None,
          automatic=automatic, now=now)
    return question


@transaction.atomic
def reverse(user, question: Question, note: str, *, now: dt.datetime | None = None) -> Question:
    """Undo a resolution or annulment by a new, reasoned event (back to closed); nothing is edited."""
    lookups.require_resolver(user)
    move(question, QuestionEvent.REVERSE, actor=user, note=note or "", now=now)
    return question


# --- forecasts ------------------------------------------------------------------------------


def _quantiles(value: Any) -> Any:
    """Quantiles from the API (pairs) or a form ("0.05: 0.1, 0.5: 0.3, 0.95: 0.6")."""
    if not isinstance(value, str):
        return value
    pairs = []
    for i, part in enumerate(p for p in re.split(r"[,;\n]+", value) if p.strip()):
        bits = re.split(r"\s*[:=]\s*|\s+", part.strip())
        if len(bits) != 2:
            raise InvalidInput("quantiles", f"entry {i + 1} must be 'level: value', got {part.strip()!r}")
        try:
            level = float(bits[0].rstrip("%")) / (100.0 if bits[0].endswith("%") else 1.0)
            pairs.append([level, float(bits[1])])
        except ValueError:
            raise InvalidInput("quantiles", f"entry {i + 1} must be two numbers, got {part.strip()!r}") from None
    return pairs


@transaction.atomic
def make_forecast(user, question: Question, *, probability: Any = None, quantiles: Any = None,
                  as_org: Organisation | None = None, now: dt.datetime | None = None) -> Forecast:
    """Record a forecast (a new one each time: updates never overwrite); ledgered at once."""
    _signed_in(user)
    if not lookups.can_view_question(user, question, now=now):
        raise PermissionDenied("you may not forecast on this question")
    if as_org is not None and role_in(user, as_org) != Role.ADMIN:
        raise PermissionDenied(f"only admins of {as_org.name} forecast on its behalf")
    now = now or timezone.now()
    if question.state_enum is not QuestionState.OPEN:
        raise InvalidInput("probability" if question.kind == "binary" else "quantiles",
                           f"the question is {question.state}; forecasts are accepted only while it is open")
    if isinstance(probability, str):
        text = probability.strip().rstrip("%")
        try:
            probability = float(text) / (100.0 if probability.strip().endswith("%") else 1.0)
        except ValueError:
            raise InvalidInput("probability", f"must be a number, got {probability!r}") from None
    forecaster = org_handle(as_org) if as_org else handle_for(user)
    core = CoreForecast(forecaster, now, probability=probability, quantiles=_quantiles(quantiles))
    check_forecast(question.to_core(), core)
    return Forecast.objects.create(
        question=question, user=None if as_org else user, organisation=as_org, made_by=user, forecaster=forecaster,
        probability=core.probability, quantiles=[list(q) for q in core.quantiles] if core.quantiles else None,
        made_at=now)
