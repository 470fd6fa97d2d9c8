"""API authentication: bearer tokens for django-ninja, and who the caller is.

Reads are open for public objects; a bearer token (``Authorization: Bearer rl_…``)
identifies the caller, and writes need a token with the ``write`` scope. The API never
writes on a session cookie alone.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security.http import HttpBearer

from redline.accounts import ratelimit
from redline.accounts.models import TokenScope
from redline.accounts.services import authenticate_token
from redline.ledger.services import set_actor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """Bearer-token auth that lets anonymous readers through; bad tokens are counted per client."""

    openapi_description = "A personal API token created in account settings or with `redline token create`."

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if not header:
            request.token_scope = None
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            if signed_in and request.method not in SAFE_METHODS:
                # A cookie rides along on a cross-site form post (text/plain needs no preflight), and the
                # API checks no CSRF token: a write must carry a bearer token, never only a session.
                raise HttpError(401, "the API never writes on a session cookie; send Authorization: Bearer "
                                     "with a write-scoped token")
            return user if signed_in else AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        api_token = authenticate_token(token, ratelimit.client_ip(request))  # TokenRefused → 401, RateLimited → 429
        request.token_scope = api_token.scope
        request.user = api_token.user
        set_actor(api_token.user)
        return api_token.user


def caller(request: HttpRequest):
    """The user the request speaks for (anonymous without a token or session)."""
    return request.auth if request.auth is not None else AnonymousUser()


def require_write(request: HttpRequest):
    """The calling user, when the request carries a write-scoped token; 401/403 otherwise."""
    user = caller(request)
    if not user.is_authenticated or getattr(request, "token_scope", None) is None:
        raise HttpError(401, "writes need an API token with the write scope")
    if request.token_scope != TokenScope.WRITE:
        raise HttpError(403, "this token has the read scope only")
    return user
