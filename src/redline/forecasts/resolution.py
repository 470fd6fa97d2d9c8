"""Automatic resolution from imported evidence, and the clock that closes and annuls questions.

When an importer stores evidence the evidence app sends ``evaluations_stored``; the handler
(:func:`resolve_for_model`) pins "next model of X" questions to the model X registered, then
resolves every open or closed question on that model from the first valid matching run by run
time (:func:`redline.core.forecasts.resolve_from_evidence`), exactly as red lines match evidence.
The clock (:func:`run_clock`, on the background worker) closes questions past their close date
and annuls those whose resolve-by date passed with no evidence (``nothing_imported``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redline.core.forecasts import (
    RESOLVABLE,
    AnnulReason,
    QuestionEvent,
    QuestionState,
    first_match,
    is_overdue,
    next_model,
    resolve_from_evidence,
)
from redline.forecasts.candidates import candidates_for
from redline.forecasts.lifecycle import move
from redline.forecasts.models import Question
from redline.registry.models import AIModel

_RESOLVABLE = [s.value for s in RESOLVABLE]


def pin_next_model(question: Question) -> AIModel | None:
    """Pin a "next model of X" question to the first model X registered after it opened."""
    if question.model_id or question.pinned_model_id or question.state == QuestionState.DRAFT.value:
        return question.pinned_model
    registrations = {m.full_slug: m.created_at for m in question.next_model_of.models.all()}
    chosen = next_model(registrations, question.opens_at)
    if chosen is None:
        return None
    org, slug = chosen.split("/", 1)
    question.pinned_model = AIModel.objects.get(organisation__slug=org, slug=slug)
    question.save()
    return question.pinned_model


def try_resolve(question: Question, *, candidates=None) -> bool:
    """Resolve ``question`` from the stored evidence when a valid matching run exists; True when it did."""
    if question.state not in _RESOLVABLE:
        return False
    target = question.model or pin_next_model(question)
    if target is None:
        return False
    pairs = candidates if candidates is not None else candidates_for(target)
    core = question.to_core()
    resolution = resolve_from_evidence(core, [c for c, _ in pairs], model=target.full_slug)
    if resolution is None:
        return False
    chosen = first_match(core, [c for c, _ in pairs], model=target.full_slug)
    question.evidence = next((row for c, row in pairs if c is chosen), None)
    move(question, QuestionEvent.RESOLVE, resolution=resolution, automatic=True)
    return True


@transaction.atomic
def resolve_for_model(model: AIModel) -> list[Question]:
    """Resolve every open or closed question that evidence of ``model`` may answer."""
    questions = list(Question.objects.filter(state__in=_RESOLVABLE, model=model)
                     .select_related("model__organisation", "next_model_of"))
    questions += list(Question.objects.filter(state__in=_RESOLVABLE, model__isnull=True,
                                              next_model_of=model.organisation)
                      .select_related("next_model_of", "pinned_model__organisation"))
    if not questions:
        return []  # most imports answer no question: read no evidence back
    candidates = candidates_for(model)
    resolved = []
    for question in questions:
        if question.model_id is None and (pin_next_model(question) or None) != model:
            continue
        if try_resolve(question, candidates=candidates):
            resolved.append(question)
    return resolved


@transaction.atomic
def run_clock(now: dt.datetime | None = None) -> dict[str, int]:
    """Close questions past their close date; annul those past resolve-by with nothing imported.

    The clock's moves need no one's permission, so it moves questions through the lifecycle directly.
    """
    now = now or timezone.now()
    closed = annulled = resolved = 0
    for question in Question.objects.filter(state=QuestionState.OPEN.value, closes_at__lte=now):
        if try_resolve(question):
            resolved += 1
            continue
        move(question, QuestionEvent.CLOSE, automatic=True, now=now)
        closed += 1
    for question in Question.objects.filter(state__in=_RESOLVABLE):
        if question.state == QuestionState.CLOSED.value and try_resolve(question):
            resolved += 1
        elif is_overdue(question.to_core(), now):
            move(question, QuestionEvent.ANNUL, annul_reason=AnnulReason.NOTHING_IMPORTED.value, automatic=True,
                 note="the resolve-by date passed with no matching evaluation imported", now=now)
            annulled += 1
    return {"closed": closed, "annulled": annulled, "resolved": resolved}
