"""Imported evaluations, safeguard red-team campaigns, and stored verdicts of red lines against them."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import models
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.commitments.models import CommitmentVersion
from redline.core.evidence import EvidenceRecord, ModelCheck, SourceFormat, check_model, parse_aliases
from redline.core.verdict import RedLineTest, Verdict, red_line_verdict
from redline.ledger.models import Recorded
from redline.registry.models import AIModel


def pack_scores(scores: tuple[float | None, ...] | None) -> bytes | None:
    """Per-sample scores as little-endian float64 bytes, NaN standing for an unscored sample."""
    if scores is None:
        return None
    return np.array([np.nan if s is None else s for s in scores], dtype="<f8").tobytes()


def unpack_scores(blob: bytes | memoryview | None) -> tuple[float | None, ...] | None:
    if blob is None:
        return None
    arr = np.frombuffer(bytes(blob), dtype="<f8")
    return tuple(None if v != v else float(v) for v in arr.tolist())


class Evaluation(Recorded):
    """One (task, metric, scorer) measurement of a model, imported from an evaluation file."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="evaluations")
    task = models.CharField(max_length=200, db_index=True)
    metric = models.CharField(max_length=100)
    scorer = models.CharField(max_length=200, blank=True)
    source_format = models.CharField(max_length=10, choices=[(f.value, f.value) for f in SourceFormat])
    source_model = models.CharField(max_length=300, blank=True, help_text="The model name the file itself gives")
    model_alias = models.CharField(max_length=700, blank=True,
                                   help_text="SOURCE=ORG/NAME: the importer declared the file's model to be this one")
    n = models.PositiveIntegerField(null=True, blank=True, help_text="Scored samples")
    successes = models.PositiveIntegerField(null=True, blank=True)
    unscored = models.PositiveIntegerField(default=0)
    errored = models.PositiveIntegerField(default=0)
    epochs = models.PositiveIntegerField(null=True, blank=True)
    estimate = models.FloatField(null=True, blank=True)
    stderr = models.FloatField(null=True, blank=True)
    scores = models.BinaryField(null=True, blank=True, help_text="float64 per sample, NaN when unscored")
    elicitation = models.JSONField(default=dict, blank=True)
    elicitation_level = models.CharField(max_length=10, blank=True)
    run_status = models.CharField(max_length=20, blank=True)
    run_error = models.TextField(blank=True)
    run_at = models.DateTimeField(null=True, blank=True)
    run_metadata = models.JSONField(default=dict, blank=True)
    ran_by_org = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["model", "task", "-imported_at"]
        indexes = [models.Index(fields=["model", "task"], name="evaluation_model_task")]

    def __str__(self) -> str:
        return f"{self.task} / {self.metric} ({self.filename})"

    def policy_parent(self):
        return self.model

    @property
    def failed(self) -> bool:
        return self.run_status in {"error", "cancelled"} or bool(self.run_error)

    def model_aliases(self) -> dict[str, str]:
        return parse_aliases(self.model_alias)

    def model_check(self) -> ModelCheck:
        """How the file's own model relates to the model it is filed under (see core.evidence.model_names)."""
        return check_model(self.source_model, self.model.full_slug, self.model_aliases(),
                           (self.model.slug, self.model.name))

    def verdict(self, test: RedLineTest, now: dt.datetime | None = None) -> Verdict:
        """The red-line verdict on this evaluation, checking its model and its own validity window."""
        return red_line_verdict(test, self.to_record(), now=now, model=self.model.full_slug,
                                model_aliases=self.model_aliases(), model_names=(self.model.slug, self.model.name),
                                valid_until=self.valid_until)

    @property
    def scored_estimate(self) -> float | None:
        """The estimate verdicts use (scored samples only); ``estimate`` is the file's own figure."""
        return self.to_record().scored_estimate

    def to_record(self) -> EvidenceRecord:
        """The core record the verdict code reads."""
        return EvidenceRecord(
            source_format=SourceFormat(self.source_format), task=self.task, metric=self.metric,
            model=self.source_model or None, scorer=self.scorer or None, scores=unpack_scores(self.scores),
            n=self.n, successes=self.successes, unscored=self.unscored, errored=self.errored, epochs=self.epochs,
            estimate=self.estimate, stderr=self.stderr, elicitation=self.elicitation or {},
            run_status=self.run_status or None, run_error=self.run_error or None, run_at=self.run_at,
            sha256=self.sha256, filename=self.filename)

    def is_current(self, now: dt.datetime | None = None) -> bool:
        return self.valid_until is None or self.valid_until >= (now or timezone.now())


class SafeguardCampaign(Recorded):
    """A red-team campaign against one safeguard, with its adequacy result against a tolerance."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="safeguard_campaigns")
    safeguard = models.CharField(max_length=200, db_index=True)
    tolerance = models.FloatField(help_text="Largest acceptable undetected success rate (upper bound)")
    attempts = models.PositiveIntegerField()
    judged = models.PositiveIntegerField()
    unscored = models.PositiveIntegerField(default=0)
    attack_succeeded = models.PositiveIntegerField()
    monitor_flagged = models.PositiveIntegerField(help_text="Successful attacks the monitor flagged")
    source_model = models.CharField(max_length=300, blank=True, help_text="The model(s) the file's rows name")
    model_alias = models.CharField(max_length=700, blank=True,
                                   help_text="SOURCE=ORG/NAME: the importer declared the file's model to be this one")
    passed = models.BooleanField()
    result = models.JSONField(default=dict)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    ran_by_org = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "safeguard", "-imported_at"]

    def policy_parent(self):
        return self.model


class StoredVerdict(Recorded):
    """The verdict of one red-line version against one evaluation, as computed at ``computed_at``."""

    version = models.ForeignKey(CommitmentVersion, on_delete=models.CASCADE, related_name="verdicts")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="verdicts")
    status = models.CharField(max_length=14)
    estimate = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-computed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "evaluation"], name="one_verdict_per_pair")]

    def policy_parent(self):
        return self.evaluation.model
