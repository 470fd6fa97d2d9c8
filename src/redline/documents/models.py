"""Documents, their append-only versions, the review of each version, and the claims inside sections.

- :class:`Document`: one document of an organisation — its kind, permanent slug, the title of its
  latest version, the author's audience recommendation, optional links to a model and an incident,
  the state of its latest version's review and the version now released;
- :class:`DocumentVersion`: one version as written, never updated or deleted: the snapshot is the
  core version's ``as_dict()`` and ``digest`` its SHA-256, what a review approves;
- :class:`DocumentReview`: the information-hazard review of one version (reviewer, checklist
  answers, decision, restrictions, state); the version it released may be a restricted copy;
- :class:`DocumentClaim`: each claim of a version's sections (done / partial / planned / not yet
  feasible, with evidence links), one row per claim so practice maps can query them.

Every save lands in the ledger (all four subclass :class:`~redline.ledger.models.Recorded`): the
digest published there covers the whole snapshot, restricted text included, mixed with the
object's random salt, so the published digest confirms no guess of a withheld section.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.core.documents import KIND_LABELS, ClaimStatus, DocumentKind, ReviewState
from redline.core.errors import AppendOnlyError
from redline.disclosure.models import Incident
from redline.ledger.models import Recorded
from redline.registry.models import AIModel

KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in DocumentKind]
STATE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ReviewState]
CLAIM_CHOICES = [(s.value, s.label) for s in ClaimStatus]
RELEASED = (ReviewState.RELEASED.value, ReviewState.RESTRICTED_RELEASE.value)


class Document(Recorded):
    """One document of an organisation; what it says lives in its versions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=24, choices=KIND_CHOICES)
    slug = models.SlugField(max_length=80, help_text="Permanent: it never changes, whatever the title becomes")
    title = models.CharField(max_length=300, help_text="The latest version's title")
    recommendation = models.JSONField(default=dict, help_text="The author's audience recommendation: "
                                      '{"audiences": [...], "organisations": [...], "rationale": "..."}')
    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=ReviewState.DRAFT.value,
                             help_text="The review state of the latest version")
    released = models.ForeignKey("DocumentVersion", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", help_text="The version shown to readers (None: nothing released)")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "slug"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="document_slug_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation.slug}/{self.slug}: {self.title}"

    @property
    def ref(self) -> str:
        """The permanent citation form: ``aurora-labs/governance-card``."""
        return f"{self.organisation.slug}/{self.slug}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[DocumentKind(self.kind)]

    def policy_parent(self):
        return self.organisation

    def get_absolute_url(self) -> str:
        return f"/documents/{self.organisation.slug}/{self.slug}/"


class DocumentVersion(Recorded):
    """One version as written (the core's ``DocumentVersion.as_dict()``); append-only."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField(help_text="redline.core.documents.DocumentVersion.as_dict()")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the snapshot's canonical JSON")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in the author's words")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number")]

    def __str__(self) -> str:
        return f"{self.document.ref} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("document versions are never updated; revise the document instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("document versions are never deleted")

    def policy_parent(self):
        return self.document

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}versions/{self.number}/"


class DocumentReview(Recorded):
    """The information-hazard review of one version (the core's ``Review.as_dict()`` as columns)."""

    version = models.OneToOneField(DocumentVersion, on_delete=models.PROTECT, related_name="review")
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=ReviewState.DRAFT.value)
    independent = models.BooleanField(default=False, help_text="The author asked for an independent reviewer")
    reviewer_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     help_text="Independent review: the reviewer organisation asked")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewer_role = models.CharField(max_length=12, blank=True)
    checklist = models.JSONField(null=True, blank=True, help_text="HazardChecklist.as_dict()")
    decision = models.CharField(max_length=10, blank=True)
    restrictions = models.JSONField(default=list, blank=True)
    rationale = models.TextField(blank=True)
    released_digest = models.CharField(max_length=64, blank=True)
    released_version = models.OneToOneField(DocumentVersion, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="released_by",
                                            help_text="The version this review released (a restricted copy, or itself)")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"review of {self.version}"

    def policy_parent(self):
        return self.version.document

    def get_absolute_url(self) -> str:
        return f"{self.version.document.get_absolute_url()}versions/{self.version.number}/review/"


class DocumentClaim(Recorded):
    """One claim of one version's section, as written; append-only with its version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="claims")
    section = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    practice = models.CharField(max_length=64)
    statement = models.TextField()
    status = models.CharField(max_length=20, choices=CLAIM_CHOICES)
    evidence = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("claims are never updated; revise the document instead")
        super().save(*args, **kwargs)

    def policy_parent(self):
        return self.version.document
