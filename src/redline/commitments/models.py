"""Threat profiles and append-only commitments (risk thresholds and red lines) with signed approvals.

A :class:`Commitment` is an identity; each change is a new :class:`CommitmentVersion` holding
the full canonical spec that reviewers sign. Versions are never edited once proposed.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.core.commitments import CommitmentState
from redline.ledger.models import Recorded
from redline.registry.models import AIModel


class ThreatProfile(Recorded):
    """Who could misuse a model, how, and how bad it could be (NIST AI 800-1 practice 1.2)."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="threat_profiles")
    cue_entry = models.ForeignKey("enumeration.CueEntry", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="threat_profiles")
    category = models.CharField(max_length=120, help_text="Free category, kept when no CUE entry is linked")
    threat_actor = models.CharField(max_length=200)
    pathway = models.TextField(help_text="How misuse would lead to harm")
    impact_scale = models.TextField(help_text="Scale of the harm if it happens")
    attempt_frequency = models.CharField(max_length=200, help_text="Frequency or probability of attempts")
    uplift = models.TextField(help_text="Uplift over alternatives already available to the actor")
    risk_model_yaml = models.TextField(blank=True, help_text="Optional redline.risk model (YAML)")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "category"]

    def __str__(self) -> str:
        return f"{self.category} — {self.threat_actor}"

    def policy_parent(self):
        return self.model


class CommitmentKind(models.TextChoices):
    RED_LINE = "red_line", "Red line"
    RISK_THRESHOLD = "risk_threshold", "Risk threshold"


class Commitment(Recorded):
    """The identity of a red line or risk threshold; its content lives in versions."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=16, choices=CommitmentKind.choices)
    name = models.CharField(max_length=200)
    threat_profile = models.ForeignKey(ThreatProfile, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="commitments")
    required_approvals = models.PositiveSmallIntegerField(default=2)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    def policy_parent(self):
        return self.model

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])

    def in_force(self) -> CommitmentVersion | None:
        return self.versions.filter(state=CommitmentState.IN_FORCE.value).order_by("-number").first()

    def latest(self) -> CommitmentVersion | None:
        return self.versions.order_by("-number").first()


STATE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in CommitmentState]


class CommitmentVersion(Recorded):
    """One version of a commitment: the full canonical spec (what reviewers sign) and its state."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    spec = models.JSONField(help_text="Canonical spec; reviewers sign canonical_json(spec)")
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=CommitmentState.DRAFT.value)
    rationale = models.TextField(blank=True, help_text="Why this version (shown with the diff)")
    comment_period_ends = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    in_force_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["commitment", "-number"]
        constraints = [models.UniqueConstraint(fields=["commitment", "number"], name="commitment_version_number")]

    def __str__(self) -> str:
        return f"{self.commitment.name} v{self.number} ({self.state})"

    def policy_parent(self):
        return self.commitment.model

    @property
    def state_enum(self) -> CommitmentState:
        return CommitmentState(self.state)


class Comment(Recorded):
    """A public comment on a proposed version; moderators hide (never delete) with a reason."""

    version = models.ForeignKey(CommitmentVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author_name = models.CharField(max_length=120, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def policy_parent(self):
        return self.version.commitment.model


class ReviewerKey(Recorded):
    """A reviewer's Ed25519 public key, published on their organisation's page.

    ``server_held`` keys (demo convenience) keep their private seed here so the server can
    sign on the reviewer's behalf; real reviewers keep the private key on their own machine.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reviewer_keys")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reviewer_keys")
    public_key = models.CharField(max_length=64, help_text="Raw 32-byte Ed25519 public key, base64")
    fingerprint = models.CharField(max_length=16)
    server_held = models.BooleanField(default=False)
    private_seed = models.CharField(max_length=64, blank=True, help_text="Only for server-held demo keys")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "user", "-created_at"]


class Approval(Recorded):
    """A reviewer's Ed25519 signature over a version's canonical spec."""

    version = models.ForeignKey(CommitmentVersion, on_delete=models.CASCADE, related_name="approvals")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="approvals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="approvals")
    key = models.ForeignKey(ReviewerKey, on_delete=models.PROTECT, related_name="approvals")
    signature = models.CharField(max_length=100)
    server_signed = models.BooleanField(default=False, help_text="Signed by the server with a server-held key")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "reviewer"], name="one_approval_per_reviewer")]

    def policy_parent(self):
        return self.version.commitment.model

