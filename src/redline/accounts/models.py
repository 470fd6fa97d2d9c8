"""Users, organisations, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from redline.ledger.models import Recorded


class OrgKind(models.TextChoices):
    DEVELOPER = "developer", "Developer"
    REVIEWER = "reviewer", "Independent reviewer"
    COORDINATOR = "coordinator", "Coordinator"
    ADJUDICATOR = "adjudicator", "Adjudication panel"
    REGULATOR = "regulator", "Regulator or auditor"
    RESEARCH = "research", "Research group"


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    TRIAGER = "triager", "Triager"
    ADMIN = "admin", "Admin"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    ORG = "org", "Organisation only"
    RESTRICTED = "restricted", "Restricted audience"


class RedlineUserManager(UserManager):
    def create_user(self, username=None, email=None, password=None, **extra):
        email = self.normalize_email(email or username)
        return super().create_user(username=email, email=email, password=password, **extra)

    def create_superuser(self, username=None, email=None, password=None, **extra):
        email = self.normalize_email(email or username)
        return super().create_superuser(username=email, email=email, password=password, **extra)


class User(AbstractUser, Recorded):
    """A person; signs in with an e-mail address (kept in ``username`` as well)."""

    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=120, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True,
                                             help_text="When the user opened the link sent to this address")
    time_zone = models.CharField(max_length=64, blank=True,
                                 help_text="IANA zone for times on pages (Europe/Berlin); empty: the browser's")

    objects = RedlineUserManager()

    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    #: Saves of only these fields write no ledger entry: Django stamps last_login at every sign-in.
    LEDGER_UNRECORDED_FIELDS = frozenset({"last_login"})

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Organisation(Recorded):
    """A party that shares the platform: developer, reviewer, coordinator, panel, regulator, research group."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrgKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(Recorded):
    """A user's role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.organisation}"


#: Kinds a new organisation gets at once; the others carry trust and wait for a coordinator's approval.
SELF_SERVICE_KINDS = frozenset({OrgKind.DEVELOPER, OrgKind.RESEARCH})


class RequestState(models.TextChoices):
    PENDING = "pending", "Waiting for a coordinator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class OrganisationRequest(Recorded):
    """A request to create an organisation of a kind that carries trust (reviewer, panel, regulator,
    coordinator); a coordinator approves it (the organisation is created, the requester its admin) or
    rejects it with a reason the requester sees."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=20, choices=OrgKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was rejected (shown to the requester)")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"request for {self.name} ({self.get_kind_display()})"



def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (tokens and invitation codes are 256-bit random)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(Recorded):
    """An org admin's invitation of an e-mail address to a role; the code is stored hashed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    code_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiToken(Recorded):
    """A personal API token: shown once, stored as a SHA-256 hash, scoped and revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    #: Stamped (by a plain UPDATE) each time the token is used.
    LEDGER_UNRECORDED_FIELDS = frozenset({"last_used_at"})

    class Meta:
        ordering = ["-created_at"]

    @property
    def active(self) -> bool:
        return self.revoked_at is None

