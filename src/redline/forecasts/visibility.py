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
    from redline.ledger import describe, visibility

    visibility.register("forecasts.question", visibility.by_filter(models.Question, lookups.question_filter))
    visibility.register("forecasts.questionevent", visibility.by_filter(
        models.QuestionEvent, lambda user: lookups.question_filter(user, prefix="question__")))
    visibility.register("forecasts.forecast", visibility.by_filter(models.Forecast, lookups.forecast_filter))
    visibility.register("forecasts.forecasterprofile", visibility.by_filter(
        models.ForecasterProfile,
        lambda user: Q(user_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])))

    # Described only to viewers who read the entry in full (the rules above), so naming is safe.
    describe.register("forecasts.question", noun="forecast question", label=lambda q: q.title,
                      url=lambda q: q.get_absolute_url())
    describe.register("forecasts.questionevent", noun="forecast question event",
                      label=lambda e: f"{e.event} of {e.question.title}", url=lambda e: e.question.get_absolute_url())
    describe.register("forecasts.forecast", noun="forecast", label=lambda f: f"by {f.forecaster} on {f.question.title}",
                      url=lambda f: f.question.get_absolute_url())
    describe.register("forecasts.forecasterprofile", noun="forecaster handle", label=lambda p: p.handle,
                      url=lambda p: f"/forecasts/forecasters/{p.handle}/")
