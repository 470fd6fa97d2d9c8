"""A stored run of a threat profile's risk model: the engine's full record, curve and verdict."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from redline.accounts.models import User
from redline.ledger.models import Recorded


class RiskRun(Recorded):
    """One Monte Carlo run, kept with everything needed to reproduce it (seed, sizes, model digest)."""

    profile = models.ForeignKey("commitments.ThreatProfile", on_delete=models.CASCADE, related_name="risk_runs")
    threshold_version = models.ForeignKey("commitments.CommitmentVersion", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="risk_runs",
                                          help_text="The risk threshold this run was judged against")
    model_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the risk model's YAML text")
    threshold = models.FloatField(help_text="Harm level N in P(outcome ≥ N)")
    probability = models.FloatField(null=True, blank=True, help_text="The limit p, when judged")
    samples = models.PositiveIntegerField()
    seed = models.PositiveBigIntegerField(default=0)
    outer = models.PositiveIntegerField(null=True, blank=True)
    inner = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(help_text="redline.risk RunResult.to_dict()")
    verdict = models.JSONField(null=True, blank=True, help_text="redline.risk Verdict.to_dict()")
    curve = models.JSONField(help_text="Exceedance curve: grid, mean, median and the 5–95% band")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} of profile {self.profile_id}"

    def policy_parent(self):
        return self.profile.model

    @property
    def status(self) -> str | None:
        return (self.verdict or {}).get("status")

