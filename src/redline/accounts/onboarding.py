"""Joining and growing: password change, e-mail verification, and organisation creation.

Developer and research organisations are created at once, their creator becoming admin. Kinds
that carry trust — independent reviewers, adjudication panels, regulators, coordinators — change
what members may see and do (reviewers sign approvals, adjudicators decide disputes, coordinators
run every case), so a request for one waits for a coordinator's approval. Every change lands in
the ledger: ``password:changed`` and ``email:verified`` on the user, and the request's own entries.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts.models import (
    SELF_SERVICE_KINDS,
    Organisation,
    OrganisationRequest,
    OrgKind,
    RequestState,
    User,
)
from redline.accounts.policy import is_coordinator
from redline.accounts.services import create_organisation, mark_verified
from redline.accounts.verification import user_for_token, verification_link, verification_token
from redline.core.errors import InvalidInput, PermissionDenied
from redline.ledger.services import record

__all__ = ["change_password", "create_or_request", "decide_request", "mark_verified", "pending_requests",
           "send_verification", "user_for_token", "verification_link", "verification_token", "verify_email"]


# --- password ------------------------------------------------------------------------------


@transaction.atomic
def change_password(user: User, current: str, new: str) -> None:
    """Check the current password and the new one's strength, store it, record ``password:changed``."""
    if not user.check_password(current):
        raise InvalidInput("old_password", "this is not your current password")
    try:
        password_validation.validate_password(new, user)
    except ValidationError as exc:  # one message per failed rule
        raise InvalidInput("new_password1", " ".join(exc.messages)) from None
    user.set_password(new)
    # One named entry (its digest covers the new hash), not a bare "update" from the save signal.
    User.objects.filter(pk=user.pk).update(password=user.password)
    record(user, "password:changed")


# --- e-mail verification -------------------------------------------------------------------


@transaction.atomic
def verify_email(token: str) -> User:
    """Mark the address the token names as confirmed (once; opening the link again changes nothing)."""
    user = user_for_token(token)
    if user.email_verified_at is None:
        mark_verified(user)
    return user


def send_verification(user: User) -> None:
    """Queue a fresh confirmation e-mail (the worker sends it; the console backend prints it)."""
    from redline.accounts.tasks import send_verification_email

    if user.email_verified_at is not None:
        raise InvalidInput("email", "your address is already confirmed")
    transaction.on_commit(lambda: send_verification_email.enqueue(user.pk))


# --- organisations -------------------------------------------------------------------------


def _check_new(name: str, kind: str, slug: str) -> str:
    if kind not in OrgKind.values:
        raise InvalidInput("kind", f"must be one of {', '.join(OrgKind.values)}")
    if not name.strip():
        raise InvalidInput("name", "give the organisation a name")
    slug = slugify(slug or name)[:80]
    if not slug:
        raise InvalidInput("name", "must contain letters or digits")
    taken = (Organisation.objects.filter(slug=slug).exists()
             or OrganisationRequest.objects.filter(slug=slug, state=RequestState.PENDING).exists())
    if taken:
        raise InvalidInput("slug", f"the address /orgs/{slug}/ is taken; choose another short name")
    return slug


def _may_create(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("sign in to create an organisation")
    if not user.is_staff and user.email_verified_at is None:
        raise PermissionDenied("confirm your e-mail address first: open the link we sent you (you can ask for "
                               "a new one in your account settings)")


@transaction.atomic
def create_or_request(user: User, name: str, kind: str, *, slug: str = "", description: str = "",
                      website: str = "") -> Organisation | OrganisationRequest:
    """A developer or research organisation at once (``user`` its admin); any other kind as a request."""
    _may_create(user)
    slug = _check_new(name, kind, slug)
    if kind in SELF_SERVICE_KINDS:
        return create_organisation(name.strip(), kind, slug=slug, description=description, website=website,
                                   admin=user)
    return OrganisationRequest.objects.create(name=name.strip(), slug=slug, kind=kind, description=description,
                                              website=website, requested_by=user)


def pending_requests():
    return OrganisationRequest.objects.filter(state=RequestState.PENDING).select_related("requested_by")


@transaction.atomic
def decide_request(user, request: OrganisationRequest, approve: bool, reason: str = "") -> OrganisationRequest:
    """A coordinator approves (the organisation is created, its requester admin) or rejects with a reason."""
    if not is_coordinator(user):
        raise PermissionDenied("only coordinators decide organisation requests")
    request = OrganisationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.PENDING:
        raise InvalidInput("state", f"this request was already {request.state}")
    if request.requested_by_id == getattr(user, "pk", None):
        raise PermissionDenied("another coordinator must decide your own request")
    if not approve and not reason.strip():
        raise InvalidInput("reason", "say why, so the requester knows what to change")
    if approve:
        if Organisation.objects.filter(slug=request.slug).exists():
            raise InvalidInput("slug", f"an organisation '{request.slug}' exists now; reject and ask for another name")
        request.organisation = create_organisation(request.name, request.kind, slug=request.slug,
                                                   description=request.description, website=request.website,
                                                   admin=request.requested_by)
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.reason = reason.strip()
    request.decided_by = user if isinstance(user, User) else None
    request.decided_at = timezone.now()
    request.save()
    return request
