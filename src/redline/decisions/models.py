"""Deployment decisions with frozen evidence snapshots, de-deployment protocols and timed drills."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from redline.accounts.models import User
from redline.core.deployment import MODE_LABELS, DeploymentMode
from redline.ledger.models import Recorded
from redline.registry.models import AIModel, Deployment

MODE_CHOICES = [(m.value, MODE_LABELS[m]) for m in DeploymentMode]


class Outcome(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    MODIFY = "modify", "Modify"
    DELAY = "delay", "Delay"
    CANCEL = "cancel", "Cancel"


class DecisionRecord(Recorded):
    """A deployment decision and the gate result and evidence digests it rested on (frozen)."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="decisions")
    mode = models.CharField(max_length=24, choices=MODE_CHOICES)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rationale = models.TextField()
    approvers = models.ManyToManyField(User, related_name="approved_decisions", blank=True)
    snapshot = models.JSONField(help_text="Gate result, verdicts and evidence digests at decision time")
    snapshot_sha256 = models.CharField(max_length=64)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def policy_parent(self):
        return self.model


class DeDeploymentProtocol(Recorded):
    """How to take a deployment back: triggers, and steps with owner roles and target durations."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="protocols")
    name = models.CharField(max_length=200)
    triggers = models.JSONField(default=list, help_text='e.g. ["red line crossed", "severe incident"]')
    steps = models.JSONField(default=list, help_text='[{"title", "owner_role", "target_minutes"}]')
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deployment", "name"]

    def policy_parent(self):
        return self.deployment.model

    @property
    def target_total(self) -> float:
        return sum(float(s["target_minutes"]) for s in self.steps)


class Drill(Recorded):
    """A rehearsal of a protocol, with the recorded minutes each step took."""

    protocol = models.ForeignKey(DeDeploymentProtocol, on_delete=models.CASCADE, related_name="drills")
    held_at = models.DateTimeField(default=timezone.now)
    timings = models.JSONField(default=list, help_text="Minutes per step, in the protocol's step order")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-held_at"]

    def policy_parent(self):
        return self.protocol.deployment.model

    def comparison(self) -> list[dict]:
        """Each step with its target, actual minutes and whether the target was met."""
        rows = []
        for i, step in enumerate(self.protocol.steps):
            actual = self.timings[i] if i < len(self.timings) else None
            target = float(step["target_minutes"])
            rows.append({"step": i + 1, "title": step["title"], "owner_role": step["owner_role"], "target_minutes": target,
                         "actual_minutes": actual, "met": actual is not None and float(actual) <= target})
        return rows

    @property
    def all_met(self) -> bool:
        return all(r["met"] for r in self.comparison())

