"""Safety cases (gsn2x YAML kept as written), Solutions bound to records, and signed assessments.

A :class:`SafetyCase` stores its modules' YAML exactly as imported or pasted, so export gives
the same files back; everything else (elements, checks, status) is computed from that text by
:mod:`redline.core.gsn`. A :class:`SolutionBinding` ties one Solution to a record on redline,
whose status is read live. An :class:`Assessment` is an independent reviewer's signed verdict
over one revision of the case and the evidence digests it rested on.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.commitments.models import Commitment, ReviewerKey
from redline.core.gsn import EvidenceKind
from redline.core.gsn.assessment import AssessmentVerdict, CaseState
from redline.decisions.models import DecisionRecord, DeDeploymentProtocol
from redline.ledger.models import Recorded
from redline.registry.models import AIModel

STATE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in CaseState]
KIND_CHOICES = [(k.value, k.value.replace("_", " ")) for k in EvidenceKind]
VERDICT_CHOICES = [(v.value, v.value.replace("_", " ")) for v in AssessmentVerdict]


class SafetyCase(Recorded):
    """One GSN argument about a model, made of one or more gsn2x modules."""

    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="safety_cases")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    modes = models.JSONField(default=list, help_text="Deployment modes the case argues for (mode values)")
    files = models.JSONField(default=list, help_text='[{"source": "case.gsn.yaml", "text": "…"}], as written')
    sha256 = models.CharField(max_length=64, help_text="case_digest of the argument (canonical JSON)")
    revision = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=24, choices=STATE_CHOICES, default=CaseState.DRAFT.value)
    template = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=12, default="gap", help_text="Last recorded live status")
    status_summary = models.JSONField(default=dict, help_text="Last recorded summary (gaps named)")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "slug"]
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="safety_case_slug_per_model")]

    def __str__(self) -> str:
        return f"{self.model.full_slug}: {self.title}"

    def policy_parent(self):
        return self.model

    def get_absolute_url(self) -> str:
        return reverse("safety_cases:detail", args=[self.model.organisation.slug, self.model.slug, self.slug])

    @property
    def state_enum(self) -> CaseState:
        return CaseState(self.state)


class SolutionBinding(Recorded):
    """A Solution of a case bound to a record on redline; its status is computed from the record."""

    case = models.ForeignKey(SafetyCase, on_delete=models.CASCADE, related_name="bindings")
    element = models.CharField(max_length=120, help_text="The Solution's ID")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   help_text="red_line_verdict: a red line; risk_run: a risk threshold")
    safeguard = models.CharField(max_length=200, blank=True, help_text="safeguard_test: the safeguard's name")
    decision = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    protocol = models.ForeignKey(DeDeploymentProtocol, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", help_text="drill: the protocol whose latest drill counts")
    modification = models.TextField(blank=True, help_text="decision to modify: the modification made")
    bound_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    bound_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "element"]
        constraints = [models.UniqueConstraint(fields=["case", "element"], name="one_binding_per_solution")]

    def policy_parent(self):
        return self.case.model


class Assessment(Recorded):
    """An independent reviewer's verdict on one revision of a case, signed with Ed25519."""

    case = models.ForeignKey(SafetyCase, on_delete=models.CASCADE, related_name="assessments")
    revision = models.PositiveIntegerField()
    verdict = models.CharField(max_length=24, choices=VERDICT_CHOICES)
    reasons = models.TextField()
    element_reasons = models.JSONField(default=dict, help_text="{element ID: where and why the assessor disagrees}")
    document = models.JSONField(help_text="What was signed: canonical_json(document)")
    document_sha256 = models.CharField(max_length=64)
    evidence_digests = models.JSONField(default=list, help_text="[{element, kind, record, digest, status}]")
    assessor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(ReviewerKey, on_delete=models.PROTECT, related_name="+")
    signature = models.CharField(max_length=100)
    server_signed = models.BooleanField(default=False, help_text="Signed by the server with a server-held key")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-created_at"]

    def policy_parent(self):
        return self.case.model


class AssessmentCondition(Recorded):
    """A condition of an acceptance; it counts for the gate only once recorded as met."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    met_note = models.TextField(blank=True, help_text="How the condition was met")

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "position"], name="condition_position")]

    def policy_parent(self):
        return self.assessment.case.model
