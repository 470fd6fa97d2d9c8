"""Account services: sign-up, organisations, memberships, invitations and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts import ratelimit
from redline.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    Role,
    TokenScope,
    User,
    hash_secret,
)
from redline.accounts.policy import Action, can
from redline.core.errors import InvalidInput, PermissionDenied, RateLimited, TokenRefused

TOKEN_PREFIX = "rl_"
ROLE_ORDER = [Role.MEMBER, Role.TRIAGER, Role.ADMIN]


@transaction.atomic
def sign_up(email: str, password: str, display_name: str = "") -> User:
    """Create a user and queue the welcome e-mail on the background worker."""
    from redline.accounts.tasks import send_welcome_email

    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput("email", f"an account with {email} already exists")
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    transaction.on_commit(lambda: send_welcome_email.enqueue(user.pk))
    return user


@transaction.atomic
def create_organisation(name: str, kind: str, *, slug: str = "", description: str = "", website: str = "",
                        admin: User | None = None) -> Organisation:
    if kind not in OrgKind.values:
        raise InvalidInput("kind", f"must be one of {', '.join(OrgKind.values)}")
    slug = slug or slugify(name)[:80]
    if not slug:
        raise InvalidInput("name", "must contain letters or digits")
    if Organisation.objects.filter(slug=slug).exists():
        raise InvalidInput("slug", f"an organisation '{slug}' already exists")
    org = Organisation.objects.create(name=name, kind=kind, slug=slug, description=description, website=website)
    if admin is not None:
        Membership.objects.create(user=admin, organisation=org, role=Role.ADMIN)
    return org


@transaction.atomic
def set_membership(org: Organisation, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save()
    return membership


INVITATION_DAYS = 14


@transaction.atomic
def invite(actor: User, org: Organisation, email: str, role: str) -> tuple[Invitation, str]:
    """An org admin invites ``email``; returns the invitation and its one-time code."""
    from redline.accounts.tasks import send_invitation_email

    if not can(actor, Action.MANAGE_MEMBERS, org):
        raise PermissionDenied("only an admin of the organisation can invite members")
    if role not in Role.values:
        raise InvalidInput("role", f"must be one of {', '.join(Role.values)}")
    code = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=org, email=User.objects.normalize_email(email), role=role, code_hash=hash_secret(code),
        invited_by=actor, expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    link = f"{settings.SITE_URL}/accounts/invitations/{code}/"
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.email, org.name, role, link))
    return invitation, code


def find_invitation(code: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(code_hash=hash_secret(code)).first()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < timezone.now():
        raise InvalidInput("invitation", "this link is unknown, already used or expired")
    return invitation


@transaction.atomic
def accept_invitation(code: str, user: User) -> Membership:
    invitation = find_invitation(code)
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied("this invitation was sent to another e-mail address")
    invitation.accepted_at = timezone.now()
    invitation.save()
    if user.email_verified_at is None:  # the code reached this address, so the address is the user's
        mark_verified(user)
    current = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
    if current is not None and ROLE_ORDER.index(current.role) >= ROLE_ORDER.index(invitation.role):
        return current  # an invitation never lowers a role the user already holds
    return set_membership(invitation.organisation, user, invitation.role)


# --- API tokens ---------------------------------------------------------------------


@transaction.atomic
def create_token(user: User, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and only its hash is stored."""
    if scope not in TokenScope.values:
        raise InvalidInput("scope", f"must be one of {', '.join(TokenScope.values)}")
    if not name.strip():
        raise InvalidInput("name", "give the token a name so you can recognise it later")
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip()[:100], prefix=prefix,
                                    token_hash=hash_secret(plain), scope=scope)
    return token, plain


@transaction.atomic
def revoke_token(actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_staff:
        raise PermissionDenied("you can revoke only your own tokens")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()


def authenticate_token(plain: str, ip: str) -> ApiToken:
    """Return the active token for ``plain``; count failures per IP and refuse past the limit."""
    limit = settings.TOKEN_FAILURE_LIMIT
    if ratelimit.is_blocked("token", ip, limit):
        raise RateLimited("too many failed token attempts; try again later")
    token = (ApiToken.objects.select_related("user").filter(token_hash=hash_secret(plain), revoked_at__isnull=True)
             .first() if plain.startswith(TOKEN_PREFIX) else None)
    if token is None or not token.user.is_active:
        ratelimit.note_failure("token", ip)
        raise TokenRefused("invalid or revoked token")
    # last_used_at is not part of the ledger snapshot, so a plain UPDATE is fine here.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def mark_verified(user: User) -> None:
    """Record that the user controls their address: one ``email:verified`` entry."""
    from redline.ledger.services import record

    user.email_verified_at = timezone.now()
    User.objects.filter(pk=user.pk).update(email_verified_at=user.email_verified_at)
    record(user, "email:verified")
