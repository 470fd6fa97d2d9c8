"""Disclosure records as stored: reports, per-vendor participations, cases, advisories and what hangs off them.

State lives in plain columns whose values are the core state machines' enum
values; every change goes through :mod:`redline.disclosure.services`, which
rebuilds the pure :class:`redline.core.disclosure.case.Case`, applies the event
there and writes the result back, so the rules live in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from redline.accounts.models import Organisation
from redline.core.disclosure.clocks import Severity
from redline.core.disclosure.dispute import DisputeState
from redline.core.disclosure.embargo import EmbargoState
from redline.core.disclosure.incident import IncidentState
from redline.core.disclosure.publication import PublicationState
from redline.core.disclosure.report import ReportState
from redline.core.formats.neutral import ReportKind
from redline.ledger.models import Recorded


def _choices(enum) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ")) for m in enum]


class Sensitivity(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted (vendors and coordinators)"
    SENSITIVE = "sensitive", "Sensitive (coordinators only)"


#: Report fields a reporter or triager may mark restricted; they are then withheld from the advisory.
WITHHOLDABLE = ("expected_behaviour", "actual_behaviour", "severity", "prevalence", "harm_types",
                "affected_stakeholders", "credits", "references")


class SafeHarborTerms(Recorded):
    """A version of the safe-harbor terms; exactly one is in force (the latest with ``in_force``)."""

    version = models.CharField(max_length=20, unique=True)
    text = models.TextField()
    in_force = models.BooleanField(default=False)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        verbose_name_plural = "safe-harbor terms"

    def __str__(self) -> str:
        return f"safe-harbor terms {self.version}"


class Report(Recorded):
    """One submitted report, with FLARE-AI / Longpre et al. fields; restricted parts never leave the platform."""

    kind = models.CharField(max_length=16, choices=_choices(ReportKind), default=ReportKind.VULNERABILITY)
    title = models.CharField(max_length=200)
    description = models.TextField()
    expected_behaviour = models.TextField(blank=True)
    actual_behaviour = models.TextField(blank=True)
    policy_violated = models.TextField(blank=True)
    reproduction = models.TextField(blank=True, help_text="Shared with affected vendors only; never published")
    affected_systems = models.JSONField(default=list, blank=True,
                                        help_text='[{"vendor": ..., "model": ..., "version": ...}]')
    affected_models = models.ManyToManyField("registry.AIModel", blank=True, related_name="disclosure_reports")
    cue_entries = models.ManyToManyField("enumeration.CueEntry", blank=True, related_name="disclosure_reports")
    severity = models.CharField(max_length=10, choices=_choices(Severity), default=Severity.MEDIUM, blank=True,
                                help_text="Empty when an imported source gives none (shown as 'not given')")
    prevalence = models.CharField(max_length=40, blank=True)
    harm_types = models.JSONField(default=list, blank=True)
    affected_stakeholders = models.JSONField(default=list, blank=True)
    disclosure_intent = models.CharField(max_length=12, blank=True)
    credits = models.JSONField(default=list, blank=True)
    references = models.JSONField(default=list, blank=True)
    classifications = models.JSONField(default=dict, blank=True)
    real_world_harm = models.BooleanField(default=False)
    malicious_use = models.BooleanField(default=False)
    csam_path = models.BooleanField(default=False, help_text="Routed to coordinators only; no reproduction stored; "
                                                             "never published")
    restricted = models.JSONField(default=dict, blank=True, help_text="Restricted fields from imports (never public)")
    field_visibility = models.JSONField(default=dict, blank=True,
                                        help_text="Withholdable field name → 'restricted' to keep it off the advisory")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="disclosure_reports")
    reporter_email = models.EmailField(blank=True)
    followup_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    safe_harbor = models.ForeignKey(SafeHarborTerms, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reports")
    source_format = models.CharField(max_length=20, default="redline")
    source_id = models.CharField(max_length=100, blank=True, db_index=True)
    original = models.JSONField(default=dict, blank=True)
    unknown_fields = models.JSONField(default=dict, blank=True)
    signature = models.BinaryField(null=True, blank=True, help_text="MinHash signature for duplicate suggestions")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    #: The MinHash of the title, description and actual behaviour; verify recomputes it (disclosure.derived).
    LEDGER_DERIVED_FIELDS = frozenset({"signature"})

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk}: {self.title}"

    @property
    def ref(self) -> str:
        return f"R-{self.pk:06d}"

    def withheld_fields(self) -> dict[str, str]:
        return {name: "restricted by the reporter or vendor" for name, vis in self.field_visibility.items()
                if vis == "restricted" and name in WITHHOLDABLE}


class Case(Recorded):
    """The coordination around one report: its embargo and the case-wide flags (public, exploit, attacks)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="case")
    opened_at = models.DateTimeField(default=timezone.now)
    embargo_state = models.CharField(max_length=10, choices=_choices(EmbargoState), default=EmbargoState.NONE)
    embargo_starts_at = models.DateTimeField(null=True, blank=True)
    embargo_ends_at = models.DateTimeField(null=True, blank=True)
    embargo_proposed_end = models.DateTimeField(null=True, blank=True)
    embargo_exit_reason = models.TextField(blank=True, help_text="Why the embargo ended (published with the advisory)")
    embargo_proposed_by = models.CharField(
        max_length=400, blank=True,
        help_text="The parties behind the open proposal or revision (coordinator, vendor:SLUG, reporter); "
                  "none of them may accept it")
    case_flags = models.CharField(max_length=3, blank=True, help_text="Subset of 'PXA' that is set")
    public_at = models.DateTimeField(null=True, blank=True)
    attacks_observed_at = models.DateTimeField(null=True, blank=True)

    @property
    def embargo_proposers(self) -> list[str]:
        """The parties behind the open embargo proposal or revision, from ``embargo_proposed_by``."""
        return [p for p in self.embargo_proposed_by.split(",") if p]

    def __str__(self) -> str:
        return f"case {self.report.ref}"


class Participant(Recorded):
    """One vendor organisation's side of a case: its own report-management state, flags and deadlines."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    vendor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosure_participations")
    state = models.CharField(max_length=10, choices=_choices(ReportState), default=ReportState.RECEIVED)
    duplicate_of = models.CharField(max_length=20, blank=True)
    ever_accepted = models.BooleanField(default=False)
    flags = models.CharField(max_length=3, blank=True, help_text="Subset of 'VFD' that is set")
    severity = models.CharField(max_length=10, choices=_choices(Severity), default=Severity.MEDIUM)
    open_weights = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    fix_ready_at = models.DateTimeField(null=True, blank=True)
    fix_deployed_at = models.DateTimeField(null=True, blank=True)
    publish_agreed_at = models.DateTimeField(null=True, blank=True,
                                             help_text="When this vendor agreed that another vendor may publish "
                                                       "before the embargo's end")
    statement = models.TextField(blank=True, help_text="The vendor's statement, published with the advisory")

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "vendor"], name="one_participation_per_vendor")]

    def __str__(self) -> str:
        return f"{self.vendor.slug} on {self.case}"


class Escalation(Recorded):
    """A missed deadline handed to the coordinators; made once per (case, vendor, deadline)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    vendor = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deadline = models.CharField(max_length=16)
    due = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "vendor", "deadline"], name="one_escalation_each")]


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/{timezone.now():%Y/%m}/{filename}"


class Attachment(Recorded):
    """Evidence attached to a report; its sensitivity decides who may read it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    sensitivity = models.CharField(max_length=10, choices=Sensitivity.choices, default=Sensitivity.RESTRICTED)
    uploaded_at = models.DateTimeField(default=timezone.now)


class Audience(models.TextChoices):
    CASE = "case", "Reporter, vendor and coordinators"
    INTERNAL = "internal", "Internal (vendors and coordinators)"


class Message(Recorded):
    """A message on a report's thread."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_label = models.CharField(max_length=200)
    vendor = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="Set when a vendor writes; other vendors do not see it")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.CASE)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Dispute(Recorded):
    """A reporter's dispute of a vendor's decision; the adjudicator's decision and rationale are public."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="disputes")
    vendor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=14, choices=_choices(DisputeState), default=DisputeState.FILED)
    grounds = models.TextField()
    filed_by = models.CharField(max_length=200)
    filed_at = models.DateTimeField(default=timezone.now)
    vendor_answer = models.TextField(blank=True)
    vendor_answered_at = models.DateTimeField(null=True, blank=True)
    appeal_grounds = models.TextField(blank=True)
    decisions = models.JSONField(default=list, blank=True,
                                 help_text='[{"outcome", "rationale", "adjudicator", "decided_at"}]')

    class Meta:
        ordering = ["-filed_at"]

    @property
    def disputed(self) -> bool:
        from redline.core.disclosure.dispute import DISPUTED_STATES

        return self.state in DISPUTED_STATES


class Advisory(Recorded):
    """A permanent public ID and, once published, the redacted public record (the only thing pages show)."""

    public_id = models.CharField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="advisory")
    state = models.CharField(max_length=10, choices=_choices(PublicationState), default=PublicationState.RESERVED,
                             db_index=True)
    reserved_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reason = models.TextField(blank=True, help_text="Tombstone text of a rejected or withdrawn ID")
    redirect_to = models.CharField(max_length=20, blank=True)
    public = models.JSONField(default=dict, blank=True, help_text="The redacted advisory (PublishedAdvisory)")
    # Denormalised public facets for search and feeds (copied from ``public`` at publication).
    kind = models.CharField(max_length=16, blank=True, db_index=True)
    severity = models.CharField(max_length=10, blank=True, db_index=True)
    title = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(blank=True)
    # PostgreSQL only: to_tsvector('english', search_text), kept by the service layer (SQLite uses FTS5).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    ai_models = models.ManyToManyField("registry.AIModel", blank=True, related_name="advisories")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="advisories")
    cue_entries = models.ManyToManyField("enumeration.CueEntry", blank=True, related_name="advisories")

    #: Made from ``public`` at publication; verify recomputes them and checks the search index
    #: (disclosure.derived).
    LEDGER_DERIVED_FIELDS = frozenset({"search_text", "search_vector"})

    class Meta:
        ordering = ["-published_at", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="one_advisory_per_sequence")]
        # The public list's order: the first page of a search reads this index instead of sorting every match.
        indexes = [models.Index(fields=["state", "-published_at", "-sequence"], name="advisory_public_order")]

    def __str__(self) -> str:
        return self.public_id

    def get_absolute_url(self) -> str:
        return f"/advisories/{self.public_id}/"


class Incident(Recorded):
    """An event in which an AI system caused or nearly caused harm (as in the AI Incident Database), or an
    imported AVID grouping. Its number (``pk``) is permanent: a merged incident stays and redirects."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    grouping = models.BooleanField(default=False, help_text="An imported grouping (e.g. an AVID vulnerability)")
    source_id = models.CharField(max_length=100, blank=True, db_index=True)
    original = models.JSONField(default=dict, blank=True)
    unknown_fields = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=_choices(IncidentState), default=IncidentState.PUBLISHED.value,
                             db_index=True)
    reports = models.ManyToManyField(Report, blank=True, related_name="incidents",
                                     help_text="Reports describing this incident; one report may describe several")
    related = models.ManyToManyField("self", blank=True, symmetrical=True,
                                     help_text="Recurrences of the same harm, or incidents that are otherwise linked")
    occurred_on = models.DateField(null=True, blank=True)
    severity = models.CharField(max_length=10, blank=True, help_text="Empty when the sources give none")
    harm_types = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    atlas_techniques = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="submitted_incidents")
    rejection_code = models.CharField(max_length=30, blank=True)
    rejection_note = models.TextField(blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    decided_at = models.DateTimeField(null=True, blank=True)
    timeline = models.JSONField(default=list, blank=True, help_text='[{"at": ISO date, "text": ...}]')
    impact = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    mitigations = models.TextField(blank=True)
    lessons_learned = models.TextField(blank=True)
    cue_entries = models.ManyToManyField("enumeration.CueEntry", blank=True, related_name="disclosure_incidents")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        """The permanent citation form, e.g. ``Incident 12``."""
        return f"Incident {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/incidents/{self.pk}/"


class DuplicateLink(Recorded):
    """A suggested or confirmed duplicate pair; ``confirmed_by`` is set when a triager confirms."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="duplicate_links")
    original = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    confirmed = models.BooleanField(default=False)
    confirmed_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "original"], name="one_link_per_pair")]



class DuplicateBand(models.Model):
    """One LSH band key of a report's MinHash signature: reports sharing a key are duplicate candidates.

    Derived from ``Report.signature`` (rebuilt with ``duplicates.rebuild()``), so not ledgered; written in
    the report's own transaction, so every process suggests a report as soon as it commits.
    """

    # Keyed by (band, report) itself, the lookup's order: a surrogate key cost every band row a sequence
    # value and a second index entry, for nothing that reads it.
    pk = models.CompositePrimaryKey("band", "report")
    band = models.BigIntegerField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")


class Webhook(Recorded):
    """An organisation's endpoint for signed notifications (``X-Redline-Signature: sha256=<hex>``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="disclosure_webhooks")
    url = models.URLField()
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    last_status = models.CharField(max_length=100, blank=True)

    #: The answer of the latest delivery, stamped after each one.
    LEDGER_UNRECORDED_FIELDS = frozenset({"last_status"})


from redline.disclosure.incident_models import (  # noqa: E402,F401
    Entity,
    IncidentEntity,
    IncidentFacet,
    IncidentSource,
)
