"""What only the organisation can say: imported FMTI reports, its own practice claims, EU-form entries.

Everything else the transparency outputs read is computed from other apps' records
(:mod:`redline.transparency.facts`). Each table is ledgered; a practice claim or a form entry is
changed in place (the ledger keeps every version), an FMTI import is never edited: a new import of
the same organisation supersedes it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.core.documents.claims import ClaimStatus
from redline.ledger.models import Recorded
from redline.registry.models import AIModel

CLAIM_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ClaimStatus]


class FmtiReport(Recorded):
    """A developer report in FMTI's Dec 2025 CSV shape, imported as the organisation's manual disclosures."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fmti_reports")
    source_name = models.CharField(max_length=255, help_text="The file's name as imported")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes")
    rows = models.JSONField(default=list, help_text="[[Indicator, Definition, Notes, Disclosure, Justification, "
                                                    "References, Score], …] as read, one per indicator")
    score = models.PositiveIntegerField(help_text="The sum of the rows' 0/1 scores")
    imported_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-imported_at", "-pk"]
        verbose_name = "FMTI report"

    def __str__(self) -> str:
        return f"FMTI report of {self.organisation.slug} ({self.source_name})"

    def policy_parent(self):
        return self.organisation

    def get_absolute_url(self) -> str:
        return f"/orgs/{self.organisation.slug}/transparency/fmti/"


class PracticeClaim(Recorded):
    """The organisation's own statement about one NIST AI 800-1 practice, shown beside the computed status."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="practice_claims")
    practice = models.CharField(max_length=10, help_text="Practice id in practices.yaml, e.g. 4.1")
    status = models.CharField(max_length=20, choices=CLAIM_CHOICES)
    statement = models.TextField()
    evidence = models.JSONField(default=list, blank=True, help_text="Addresses of the records that support it")
    reason = models.TextField(blank=True, help_text="Why it is planned or not yet feasible")
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "practice"]
        constraints = [models.UniqueConstraint(fields=["organisation", "practice"], name="one_claim_per_practice")]

    def __str__(self) -> str:
        return f"{self.organisation.slug} claims {self.status} for practice {self.practice}"

    def policy_parent(self):
        return self.organisation

    def get_absolute_url(self) -> str:
        return f"/orgs/{self.organisation.slug}/transparency/nist/"


class EuFormEntry(Recorded):
    """An item of the EU Model Documentation Form typed by hand for one model (its words win over records)."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="eu_form_entries")
    item = models.CharField(max_length=40, help_text="Item id in the form's data file")
    text = models.TextField()
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "item"]
        constraints = [models.UniqueConstraint(fields=["model", "item"], name="one_entry_per_form_item")]
        verbose_name = "EU form entry"
        verbose_name_plural = "EU form entries"

    def __str__(self) -> str:
        return f"{self.model.full_slug}: EU form item {self.item}"

    def policy_parent(self):
        return self.model

    def get_absolute_url(self) -> str:
        return f"/orgs/{self.model.organisation.slug}/transparency/eu-form/?model={self.model.slug}"
