"""Commitment services: threat profiles, versions and their lifecycle, comments, keys and signed approvals.

Each write checks the policy, runs in one transaction and lands in the ledger. The lifecycle
itself is the core's state table (:data:`redline.core.commitments.LIFECYCLE`); these services
add what needs the database: k independent approvals, the comment period, superseding.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Organisation, OrgKind
from redline.accounts.policy import Action, can, require, role_in
from redline.commitments import signals
from redline.commitments.models import (
    Approval,
    Comment,
    Commitment,
    CommitmentKind,
    CommitmentVersion,
    ReviewerKey,
    ThreatProfile,
)
from redline.commitments.specs import build_spec, core_from_input, spec_diff, wants_safety_case
from redline.core import commitments as core_commitments
from redline.core import signing
from redline.core.commitments import CommitmentEvent, CommitmentState, advance, require_editable
from redline.core.errors import InvalidInput, PermissionDenied, VerificationFailed
from redline.ledger.services import record
from redline.registry.models import AIModel

DEFAULT_COMMENT_DAYS = 30
#: The longest public comment period (the form's limit too); far-off dates overflowed the date type.
MAX_COMMENT_DAYS = 365
PROFILE_FIELDS = ("category", "threat_actor", "pathway", "impact_scale", "attempt_frequency", "uplift",
                  "risk_model_yaml")



# --- threat profiles ---------------------------------------------------------------------


@transaction.atomic
def create_threat_profile(user, model: AIModel, *, cue_id: str | None = None, **fields: Any) -> ThreatProfile:
    require(user, Action.UPDATE, model, "this model's threat profiles")
    data = {k: str(fields.get(k) or "").strip() for k in PROFILE_FIELDS}
    cue = None
    if cue_id:
        from redline.enumeration.models import CueEntry

        cue = CueEntry.objects.filter(pk=cue_id.strip().upper()).first()
        if cue is None:
            raise InvalidInput("cue_id", f"no CUE entry {cue_id!r}")
        data["category"] = data["category"] or cue.name
    for required in ("category", "threat_actor", "pathway"):
        if not data[required]:
            raise InvalidInput(required, "required")
    if data["risk_model_yaml"]:
        from redline.risk import loads_model

        loads_model(data["risk_model_yaml"])  # raises ModelError naming the line and field
    return ThreatProfile.objects.create(model=model, cue_entry=cue, created_by=_real(user), **data)


def _real(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


# --- commitments and versions --------------------------------------------------------------


@transaction.atomic
def create_commitment(user, model: AIModel, kind: str, name: str, data: dict[str, Any], *,
                      safeguards: list[str] | tuple[str, ...] = (), threat_profile: ThreatProfile | None = None,
                      required_approvals: int = 2, rationale: str = "") -> CommitmentVersion:
    """A new commitment with its first (draft) version."""
    require(user, Action.UPDATE, model, "this model's commitments")
    if kind not in CommitmentKind.values:
        raise InvalidInput("kind", f"must be one of {', '.join(CommitmentKind.values)}")
    if not 1 <= int(required_approvals) <= 9:
        raise InvalidInput("required_approvals", "must be between 1 and 9")
    if threat_profile is not None and threat_profile.model_id != model.pk:
        raise InvalidInput("threat_profile", "belongs to another model")
    core = core_from_input(kind, name, data)
    commitment = Commitment.objects.create(model=model, kind=kind, name=core.name, threat_profile=threat_profile,
                                           required_approvals=int(required_approvals), created_by=_real(user))
    spec = build_spec(core, number=1, organisation=model.organisation.slug, model=model.full_slug,
                      safeguards=safeguards, requires_safety_case=wants_safety_case(data))
    return CommitmentVersion.objects.create(commitment=commitment, number=1, spec=spec, rationale=rationale,
                                            created_by=_real(user))


@transaction.atomic
def new_version(user, commitment: Commitment, data: dict[str, Any], *, safeguards: list[str] | tuple[str, ...] = (),
                rationale: str = "") -> CommitmentVersion:
    """A change to a commitment: always a new draft version; earlier versions stay as they are."""
    require(user, Action.UPDATE, commitment, "this commitment")
    latest = commitment.latest()
    number = (latest.number if latest else 0) + 1
    core = core_from_input(commitment.kind, data.get("name") or commitment.name, data)
    spec = build_spec(core, number=number, organisation=commitment.model.organisation.slug,
                      model=commitment.model.full_slug, safeguards=safeguards,
                      requires_safety_case=wants_safety_case(data))
    return CommitmentVersion.objects.create(commitment=commitment, number=number, spec=spec, rationale=rationale,
                                            created_by=_real(user))


@transaction.atomic
def edit_draft(user, version: CommitmentVersion, data: dict[str, Any], *,
               safeguards: list[str] | tuple[str, ...] = ()) -> CommitmentVersion:
    """Only a draft may be changed in place; anything later raises IllegalTransition."""
    require(user, Action.UPDATE, version, "this commitment")
    version = CommitmentVersion.objects.select_for_update().get(pk=version.pk)
    require_editable(version.state_enum)
    model = version.commitment.model
    core = core_from_input(version.commitment.kind, data.get("name") or version.commitment.name, data)
    version.spec = build_spec(core, number=version.number, organisation=model.organisation.slug,
                              model=model.full_slug, safeguards=safeguards,
                              requires_safety_case=wants_safety_case(data))
    version.save()
    return version


def _transition(version: CommitmentVersion, event: CommitmentEvent) -> CommitmentVersion:
    new_state = advance(version.state_enum, event)
    version.state = new_state.value
    stamp = {CommitmentState.PROPOSED: "proposed_at", CommitmentState.APPROVED: "approved_at",
             CommitmentState.IN_FORCE: "in_force_at", CommitmentState.SUPERSEDED: "superseded_at"}.get(new_state)
    if stamp:
        setattr(version, stamp, timezone.now())
    version.save()
    record(version, f"state:{new_state.value}")
    return version


def _locked(version: CommitmentVersion) -> CommitmentVersion:
    return CommitmentVersion.objects.select_for_update().select_related("commitment__model__organisation").get(
        pk=version.pk)


@transaction.atomic
def propose(user, version: CommitmentVersion, *, comment_days: int = DEFAULT_COMMENT_DAYS,
            comment_period_ends: dt.date | None = None) -> CommitmentVersion:
    """Open the public comment period (draft → proposed)."""
    require(user, Action.UPDATE, version, "this commitment")
    version = _locked(version)
    if comment_period_ends is None:
        if not 0 <= comment_days <= MAX_COMMENT_DAYS:
            raise InvalidInput("comment_days", f"must be between 0 and {MAX_COMMENT_DAYS} days")
        comment_period_ends = timezone.localdate() + dt.timedelta(days=comment_days)
    version.comment_period_ends = comment_period_ends
    return _transition(version, CommitmentEvent.PROPOSE)


@transaction.atomic
def withdraw(user, version: CommitmentVersion) -> CommitmentVersion:
    require(user, Action.UPDATE, version, "this commitment")
    version = _locked(version)
    version.approvals.all().delete()  # signatures were over a proposal that no longer stands
    return _transition(version, CommitmentEvent.WITHDRAW)


def independent_approvals(version: CommitmentVersion) -> list[Approval]:
    """Approvals with a valid signature from a reviewer organisation independent of the developer."""
    return [a for a, facts in _approval_facts(version) if facts.organisation in _counted([facts], version)]


def independent_organisations(version: CommitmentVersion) -> list[str]:
    """The distinct independent reviewer organisations (slugs) whose approvals count towards k."""
    return _counted([facts for _a, facts in _approval_facts(version)], version)


def _counted(facts: list[core_commitments.ApprovalFacts], version: CommitmentVersion) -> list[str]:
    return core_commitments.independent_organisations(facts, version.commitment.model.organisation.slug)


def _approval_facts(version: CommitmentVersion) -> list[tuple[Approval, core_commitments.ApprovalFacts]]:
    developer = version.commitment.model.organisation_id
    return [(a, core_commitments.ApprovalFacts(
        organisation=a.organisation.slug, reviewer_organisation=a.organisation.kind == OrgKind.REVIEWER,
        reviewer_in_developer=a.reviewer.memberships.filter(organisation_id=developer).exists(),
        signature_valid=signing.is_valid(version.spec, a.signature, a.key.public_key)))
        for a in version.approvals.select_related("key", "organisation", "reviewer")]


def reviewer_org_for(user, model: AIModel) -> Organisation:
    """The independent reviewer organisation ``user`` approves for, or PermissionDenied saying why not."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("sign in as a reviewer to approve")
    if not can(user, Action.VIEW, model):
        raise PermissionDenied("you may not see this model's commitments")
    if role_in(user, model.organisation) is not None:
        raise PermissionDenied("a member of the developer's own organisation cannot approve its commitments")
    orgs = Organisation.objects.filter(memberships__user=user, kind=OrgKind.REVIEWER).exclude(pk=model.organisation_id)
    org = orgs.order_by("name").first()
    if org is None:
        raise PermissionDenied("only members of an independent reviewer organisation may approve")
    return org


@transaction.atomic
def register_key(user, public_key: str, *, organisation: Organisation | None = None,
                 server_held_private: signing.Ed25519PrivateKey | None = None) -> ReviewerKey:
    """Publish a reviewer's Ed25519 public key (revoking their earlier ones for that organisation)."""
    key = signing.load_public_key(public_key) if public_key else None
    if server_held_private is not None:
        key = server_held_private.public_key()
    if key is None:
        raise InvalidInput("public_key", "required")
    if organisation is None:
        organisation = Organisation.objects.filter(memberships__user=user, kind=OrgKind.REVIEWER).first()
    if organisation is None or organisation.kind != OrgKind.REVIEWER or role_in(user, organisation) is None:
        raise PermissionDenied("only members of a reviewer organisation register reviewer keys")
    for old in ReviewerKey.objects.filter(user=user, organisation=organisation, revoked_at__isnull=True):
        old.revoked_at = timezone.now()
        old.save()  # recorded, like any change the ledger digest covers
    return ReviewerKey.objects.create(
        user=user, organisation=organisation, public_key=signing.public_key_to_b64(key),
        fingerprint=signing.key_fingerprint(key), server_held=server_held_private is not None,
        private_seed=signing.private_key_to_b64(server_held_private) if server_held_private else "")


@transaction.atomic
def approve(user, version: CommitmentVersion, *, signature: str | None = None) -> Approval:
    """Record a reviewer's signed approval; with k independent approvals the version becomes approved.

    ``signature`` is the base64 Ed25519 signature of ``canonical_json(version.spec)`` made with
    ``redline reviewer sign``; without it the server signs with the reviewer's server-held key (demo).
    """
    version = _locked(version)
    model = version.commitment.model
    org = reviewer_org_for(user, model)
    if version.state_enum is not CommitmentState.PROPOSED:
        raise InvalidInput("state", f"only a proposed version can be approved; this one is {version.state}")
    key = ReviewerKey.objects.filter(user=user, organisation=org, revoked_at__isnull=True).order_by("-created_at").first()
    if key is None:
        raise InvalidInput("signature", "register your public key first (redline reviewer keygen)")
    server_signed = False
    if not (signature or "").strip():
        if not key.server_held:
            raise InvalidInput("signature", "paste the signature made with `redline reviewer sign`")
        signature = signing.sign(version.spec, signing.load_private_key(key.private_seed))
        server_signed = True
    signature = signature.strip()
    try:
        signing.verify(version.spec, signature, key.public_key)
    except VerificationFailed as exc:
        raise InvalidInput("signature", f"{exc}") from None
    if version.approvals.filter(reviewer=user).exists():
        raise InvalidInput("signature", "you have already approved this version")
    approval = Approval.objects.create(version=version, reviewer=user, organisation=org, key=key, signature=signature,
                                       server_signed=server_signed)
    if len(independent_organisations(version)) >= version.commitment.required_approvals:
        _transition(version, CommitmentEvent.APPROVE)
    return approval


@transaction.atomic
def reject(user, version: CommitmentVersion) -> CommitmentVersion:
    version = _locked(version)
    reviewer_org_for(user, version.commitment.model)
    version.approvals.all().delete()
    return _transition(version, CommitmentEvent.REJECT)


@transaction.atomic
def enter_into_force(user, version: CommitmentVersion, *, today: dt.date | None = None) -> CommitmentVersion:
    """approved → in force, superseding the version in force before it; sends ``signals.version_in_force``."""
    require(user, Action.UPDATE, version, "this commitment")
    version = _locked(version)
    k = version.commitment.required_approvals
    have = len(independent_organisations(version))
    if have < k:
        raise InvalidInput("approvals", f"signed approvals from {have} independent reviewer organisation"
                                        f"{'' if have == 1 else 's'}; {k} required (two members of one "
                                        "organisation count once)")
    today = today or timezone.localdate()
    if version.comment_period_ends and version.comment_period_ends > today:
        raise InvalidInput("comment_period_ends", f"the comment period runs until {version.comment_period_ends}")
    for older in version.commitment.versions.select_for_update().filter(
            state__in=[CommitmentState.IN_FORCE.value, CommitmentState.APPROVED.value]).exclude(pk=version.pk):
        _transition(older, CommitmentEvent.SUPERSEDE)
    _transition(version, CommitmentEvent.ENTER_INTO_FORCE)
    signals.version_in_force.send(sender=CommitmentVersion, version=version)
    return version


# --- comments -----------------------------------------------------------------------------


@transaction.atomic
def add_comment(user, version: CommitmentVersion, body: str, *, author_name: str = "") -> Comment:
    """A public comment, accepted while the version is proposed and its period runs."""
    body = (body or "").strip()
    if not body:
        raise InvalidInput("body", "must not be empty")
    if len(body) > 5000:
        raise InvalidInput("body", "at most 5000 characters")
    if not can(user, Action.VIEW, version):
        raise PermissionDenied("you may not comment on this commitment")
    if version.state_enum is not CommitmentState.PROPOSED:
        raise InvalidInput("body", "comments are open only while a version is proposed")
    if version.comment_period_ends and version.comment_period_ends < timezone.localdate():
        raise InvalidInput("body", f"the comment period ended on {version.comment_period_ends}")
    author = _real(user)
    # Never publish an e-mail address: a display name, the name given, or a neutral label.
    name = author_name.strip()[:120] or (author.display_name if author and author.display_name else
                                         "registered user" if author else "anonymous")
    return Comment.objects.create(version=version, author=author, author_name=name, body=body)


@transaction.atomic
def hide_comment(user, comment: Comment, reason: str) -> Comment:
    """Moderation: the developer's triager or admin hides a comment, with a public reason."""
    require(user, Action.TRIAGE, comment, "comments on this commitment")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "say why the comment is hidden")
    comment.hidden = True
    comment.hidden_reason = reason[:300]
    comment.hidden_by = _real(user)
    comment.save()
    return comment


# --- reading ------------------------------------------------------------------------------


def version_changes(version: CommitmentVersion) -> list[dict[str, Any]]:
    """The diff from the previous version (empty for version 1), with weakening flags."""
    previous = version.commitment.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return []
    return spec_diff(previous.spec, version.spec)


def verify_approval(approval: Approval) -> str | None:
    """None when the approval's signature verifies over the stored spec, else the problem."""
    try:
        signing.verify(approval.version.spec, approval.signature, approval.key.public_key)
    except (VerificationFailed, InvalidInput) as exc:
        return str(exc)
    return None
