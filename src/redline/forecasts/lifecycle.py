"""Moving a question through the core's lifecycle table, with its event row and its scores.

:func:`move` is the one place a question changes state: the core's :func:`advance` decides
(raising :class:`~redline.core.errors.IllegalTransition`), the event is stored beside the
question (both ledgered by the ledger's signals), and a resolution scores the standing forecasts
while a reversal drops the scores.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from redline.core.forecasts import AnnulReason, QuestionEvent, Resolution, advance
from redline.forecasts import scoring
from redline.forecasts.models import Question
from redline.forecasts.models import QuestionEvent as EventRow


def move(question: Question, event: QuestionEvent, *, actor=None, note: str = "", annul_reason: str | None = None,
          resolution: Resolution | None = None, automatic: bool = False, now: dt.datetime | None = None) -> EventRow:
    """Apply ``event`` through the core's table, store the event and the question; both are ledgered."""
    before = question.state_enum
    after = advance(before, event, annul_reason=annul_reason, note=note or None)  # IllegalTransition
    question.state = after.value
    if event is QuestionEvent.RESOLVE:
        question.resolution = resolution.as_dict()
        question.annul_reason = ""
    elif event is QuestionEvent.ANNUL:
        question.annul_reason = AnnulReason(annul_reason).value
        question.resolution = None
    elif event is QuestionEvent.REVERSE:
        question.resolution, question.annul_reason, question.evidence = None, "", None
    question.save()
    row = EventRow.objects.create(
        question=question, event=event.value, from_state=before.value, to_state=after.value, note=note.strip(),
        annul_reason=question.annul_reason if event is QuestionEvent.ANNUL else "",
        resolution=resolution.as_dict() if resolution else None, automatic=automatic,
        actor=actor if getattr(actor, "is_authenticated", False) else None, at=now or timezone.now())
    if event is QuestionEvent.RESOLVE:
        scoring.score_question(question)
    elif event is QuestionEvent.REVERSE:
        question.scores.all().delete()
    return row
