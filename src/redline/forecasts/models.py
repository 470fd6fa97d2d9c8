"""Questions on future evaluation results, the forecasts made on them, their events and scores.

- :class:`Question`: what is predicted (model or an organisation's next model, task, metric,
  scorer, binary threshold or numeric value), its dates, criteria, author, visibility and state;
- :class:`QuestionEvent`: every move of its lifecycle (open, close, resolve, annul, reverse), kept
  and ledgered, never edited — a resolution is undone only by a new, reasoned ``reverse`` event;
- :class:`Forecast`: one forecast as made, by a user or by an organisation as a body; each is
  ledgered when it is made, and its digest (like every recorded object's, see
  :class:`~redline.ledger.models.Recorded`) mixes in its random ``ledger_salt``, so the digest
  published in the ledger cannot confirm a guess of the probability;
- :class:`ForecasterProfile`: a user's public handle (track records never show an e-mail address);
- :class:`Score`: the scores of one forecaster's standing forecast on a resolved question,
  derived at resolution (deleted and recomputed on reversal; not a ledger record).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.commitments.models import Commitment
from redline.core.forecasts import Forecast as CoreForecast
from redline.core.forecasts import Question as CoreQuestion
from redline.core.forecasts import QuestionKind, QuestionState, Resolution
from redline.core.forecasts.question import aware
from redline.core.verdict import Direction
from redline.evidence.models import Evaluation
from redline.ledger.models import Recorded
from redline.registry.models import AIModel


class QuestionVisibility(models.TextChoices):
    PUBLIC = "public", "Public"
    ORG = "org", "Organisation only (until the public-after date)"


STATE_CHOICES = [(s.value, s.value) for s in QuestionState]


class Question(Recorded):
    """One forecast question: a future evaluation result, matched to evidence as red lines are."""

    title = models.CharField(max_length=200)
    criteria = models.TextField(help_text="Resolution criteria in words")
    kind = models.CharField(max_length=7, choices=[(k.value, k.value) for k in QuestionKind])
    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="questions")
    next_model_of = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="next_model_questions",
                                      help_text="The next model this organisation registers after the question opens")
    pinned_model = models.ForeignKey(AIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     help_text="The model a next-model question turned out to be about")
    task = models.CharField(max_length=200)
    metric = models.CharField(max_length=100)
    scorer = models.CharField(max_length=200, blank=True)
    direction = models.CharField(max_length=2, choices=[(d.value, d.value) for d in Direction],
                                 default=Direction.GE.value)
    threshold = models.FloatField(null=True, blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    resolve_by = models.DateTimeField()
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="questions", help_text="Whose internal question it is")
    visibility = models.CharField(max_length=6, choices=QuestionVisibility.choices,
                                  default=QuestionVisibility.PUBLIC)
    public_after = models.DateTimeField(null=True, blank=True,
                                        help_text="An organisation-only question becomes public then")
    red_line = models.ForeignKey(Commitment, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="questions")
    forecasts_hidden = models.BooleanField(default=True, help_text="Hide others' forecasts until close")
    state = models.CharField(max_length=8, choices=STATE_CHOICES, default=QuestionState.DRAFT.value)
    resolution = models.JSONField(null=True, blank=True, help_text="Resolution.as_dict() while resolved")
    evidence = models.ForeignKey(Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    annul_reason = models.CharField(max_length=20, blank=True)
    naive_value = models.FloatField(null=True, blank=True,
                                    help_text="Numeric: linear extrapolation of the organisation's earlier models")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["state"], name="question_state")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forecasts:question", args=[self.pk])

    @property
    def state_enum(self) -> QuestionState:
        return QuestionState(self.state)

    @property
    def target(self) -> AIModel | None:
        """The model the question is about: the named one, or the pinned next model."""
        return self.model or self.pinned_model

    def subject(self) -> str:
        if self.model_id:
            return self.model.full_slug
        pinned = f" ({self.pinned_model.full_slug})" if self.pinned_model_id else ""
        return f"the next model of {self.next_model_of.name}{pinned}"

    def to_core(self) -> CoreQuestion:
        return CoreQuestion(
            kind=QuestionKind(self.kind), task=self.task, metric=self.metric, opens_at=self.opens_at,
            closes_at=self.closes_at, resolve_by=self.resolve_by,
            model=self.model.full_slug if self.model_id else None,
            next_model_of=None if self.model_id else self.next_model_of.slug, scorer=self.scorer or None,
            direction=Direction(self.direction), threshold=self.threshold)

    def core_resolution(self) -> Resolution | None:
        if self.state != QuestionState.RESOLVED.value or not self.resolution:
            return None
        r = self.resolution

        def when(v):
            return aware(dt.datetime.fromisoformat(v)) if v else None

        return Resolution(outcome=r["outcome"], estimate=r.get("estimate"),
                          interval=tuple(r["interval"]) if r.get("interval") else None, digest=r.get("digest"),
                          run_at=when(r.get("run_at")), close_call=bool(r.get("close_call")),
                          manual=bool(r.get("manual")), resolved_at=when(r.get("resolved_at")),
                          note=r.get("note") or "")


class QuestionEvent(Recorded):
    """One move of a question's lifecycle, as it happened; never edited."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=8)
    from_state = models.CharField(max_length=8)
    to_state = models.CharField(max_length=8)
    note = models.TextField(blank=True)
    annul_reason = models.CharField(max_length=20, blank=True)
    resolution = models.JSONField(null=True, blank=True)
    automatic = models.BooleanField(default=False)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


class ForecasterProfile(Recorded):
    """A user's public handle on track records and in exports."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="forecaster")
    handle = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.handle


#: Prefix of an organisation's handle as a forecaster; a user's handle is a slug, so never collides.
ORG_PREFIX = "org:"


class Forecast(Recorded):
    """One forecast as made: by ``user``, or by ``organisation`` as a body (made by one of its admins)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="forecasts")
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="forecasts")
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    forecaster = models.CharField(max_length=100, db_index=True, help_text="Public handle at the time")
    probability = models.FloatField(null=True, blank=True)
    quantiles = models.JSONField(null=True, blank=True)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]
        indexes = [models.Index(fields=["question", "forecaster"], name="forecast_question_who")]

    def to_core(self) -> CoreForecast:
        quantiles = tuple((float(a), float(b)) for a, b in self.quantiles) if self.quantiles else None
        return CoreForecast(self.forecaster, self.made_at, probability=self.probability, quantiles=quantiles)


class Score(models.Model):
    """The scores of one forecaster's standing forecast on a resolved question (derived, recomputable)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="scores")
    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="+")
    forecaster = models.CharField(max_length=100, db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    brier = models.FloatField(null=True)
    log_score = models.FloatField(null=True)
    baseline_score = models.FloatField(null=True)
    peer_score = models.FloatField(null=True)
    crps = models.FloatField(null=True)
    wis = models.FloatField(null=True)
    covered_50 = models.BooleanField(null=True)
    covered_90 = models.BooleanField(null=True)
    time_baseline = models.FloatField(null=True, help_text="Time-averaged baseline score (binary)")
    time_peer = models.FloatField(null=True, help_text="Time-averaged peer score (binary)")

    class Meta:
        ordering = ["question", "forecaster"]
        constraints = [models.UniqueConstraint(fields=["question", "forecaster"], name="one_score_per_forecaster")]
