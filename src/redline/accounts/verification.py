"""Signed, expiring links that confirm a user's e-mail address (no state: the signature is the proof)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from redline.accounts.models import User
from redline.core.errors import InvalidInput

VERIFY_SALT = "redline.accounts.verify-email"
#: A verification link works this long (seconds).
VERIFY_MAX_AGE = 7 * 24 * 3600


def verification_token(user: User) -> str:
    """A signed, expiring token naming the user and the address it confirms (a changed address voids it)."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT, compress=True)


def verification_link(user: User) -> str:
    return f"{settings.SITE_URL}/accounts/verify/{verification_token(user)}/"


def user_for_token(token: str) -> User:
    """The user a verification token names, or InvalidInput saying the link is bad or expired."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput("token", "this confirmation link has expired; ask for a new one from your "
                                    "account settings") from None
    except signing.BadSignature:
        raise InvalidInput("token", "this confirmation link is not valid") from None
    user = User.objects.filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        raise InvalidInput("token", "this confirmation link is for an address no account holds now")
    return user
