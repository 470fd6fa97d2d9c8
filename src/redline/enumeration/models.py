"""CUE entries as stored (the shipped catalogue plus accepted proposals), their versions and proposals."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from redline.accounts.models import User
from redline.ledger.models import Recorded


class EntryStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DEPRECATED = "deprecated", "Deprecated"


class CueEntry(Recorded):
    """One way a model can be misused or cause harm; the current version of its fields."""

    cue_id = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=40, db_index=True)
    description = models.TextField()
    threat_actors = models.JSONField(default=list, blank=True)
    harm_tiers = models.JSONField(default=list, blank=True)
    atlas = models.JSONField(default=list, blank=True, help_text="MITRE ATLAS technique IDs")
    avid = models.JSONField(default=list, blank=True, help_text="AVID SEP codes")
    owasp = models.JSONField(default=list, blank=True, help_text="OWASP Top 10 for LLM Applications (2025) IDs")
    aiid = models.JSONField(default=list, blank=True, help_text="AI Incident Database taxonomy codes, e.g. MIT:4.2")
    catalogue_version = models.CharField(max_length=20, blank=True,
                                         help_text="Release of the shipped catalogue this entry last came from")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.ACTIVE)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cue_id"]
        verbose_name = "CUE entry"
        verbose_name_plural = "CUE entries"

    def __str__(self) -> str:
        return f"{self.cue_id} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("enumeration:entry", args=[self.cue_id])


class CueEntryVersion(models.Model):
    """A full snapshot of an entry at one version. Written once, never edited."""

    entry = models.ForeignKey(CueEntry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["entry", "-version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="cue_version_per_entry")]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"


class ProposalKind(models.TextChoices):
    NEW = "new", "New entry"
    EDIT = "edit", "Edit of an entry"


class ProposalState(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class CueProposal(Recorded):
    """Someone's proposed new entry or edit, waiting for a maintainer's decision."""

    kind = models.CharField(max_length=4, choices=ProposalKind.choices)
    target = models.ForeignKey(CueEntry, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="proposals")
    fields = models.JSONField(default=dict)
    proposer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="cue_proposals")
    rationale = models.TextField(blank=True)
    state = models.CharField(max_length=8, choices=ProposalState.choices, default=ProposalState.OPEN,
                             db_index=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision_reason = models.TextField(blank=True)
    result = models.ForeignKey(CueEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               help_text="The entry created or changed by an accepted proposal")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Proposal {self.pk} ({self.kind}, {self.state})"

    def get_absolute_url(self) -> str:
        return reverse("enumeration:proposal", args=[self.pk])

