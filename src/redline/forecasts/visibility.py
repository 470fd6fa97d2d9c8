"""How the public ledger tells who may read the forecasts app's entries in full.

Questions and their events: whoever may see the question. Forecasts: whoever may see the
forecast, so before the close only the forecaster (and their organisation) reads the entry; its
digest is salted, so the chain's public hashes confirm no guess of it. Handles: only their owner
(the entry's actor is the e-mail address the handle stands in for).
"""

from __future__ import annotations

from django.db.models import Q


def register() -> None:
    from redline.forecasts import lookups, models
    from redline.ledger import visibility

    visibility.register("forecasts.question", visibility.by_filter(models.Question, lookups.question_filter))
    visibility.register("forecasts.questionevent", visibility.by_filter(
        models.QuestionEvent, lambda user: lookups.question_filter(user, prefix="question__")))
    visibility.register("forecasts.forecast", visibility.by_filter(models.Forecast, lookups.forecast_filter))
    visibility.register("forecasts.forecasterprofile", visibility.by_filter(
        models.ForecasterProfile,
        lambda user: Q(user_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])))
