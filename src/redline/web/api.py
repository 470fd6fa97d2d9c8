"""The typed JSON API (django-ninja) under ``/api/``; OpenAPI at ``/api/openapi.json``.

Reads are open for public objects; a bearer token (``Authorization: Bearer rl_…``)
identifies the caller, and writes need a token with the ``write`` scope.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security.http import HttpBearer

from redline import __version__
from redline.accounts import ratelimit
from redline.accounts.models import TokenScope
from redline.accounts.services import TokenRefused, authenticate_token
from redline.core.errors import InvalidInput, PermissionDenied
from redline.ledger.services import set_actor


class TokenAuth(HttpBearer):
    """Bearer-token auth that lets anonymous readers through and rate-limits bad tokens."""

    openapi_description = "A personal API token created in account settings or with `redline token create`."

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if not header:
            request.token_scope = None
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        try:
            api_token = authenticate_token(token, ratelimit.client_ip(request))
        except TokenRefused as exc:
            status = 429 if "too many" in str(exc) else 401
            raise HttpError(status, str(exc)) from None
        request.token_scope = api_token.scope
        request.user = api_token.user
        set_actor(api_token.user)
        return api_token.user


def caller(request: HttpRequest):
    return request.auth if request.auth is not None else AnonymousUser()


def require_write(request: HttpRequest):
    """The calling user, when the request carries a write-scoped token; 401/403 otherwise."""
    user = caller(request)
    if not user.is_authenticated or getattr(request, "token_scope", None) is None:
        raise HttpError(401, "writes need an API token with the write scope")
    if request.token_scope != TokenScope.WRITE:
        raise HttpError(403, "this token has the read scope only")
    return user


api = NinjaAPI(
    title="redline API",
    version=__version__,
    description=__doc__,
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(InvalidInput)
def _invalid(request, exc: InvalidInput):
    field, _, message = str(exc).partition(": ")
    body = {"detail": str(exc)}
    if message:
        body["field"] = field
    return api.create_response(request, body, status=422)


@api.exception_handler(PermissionDenied)
def _denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


def _register_routers() -> None:
    """Mount ``router`` from each installed redline app's ``api`` module, and the ledger's."""
    import importlib

    from django.apps import apps

    from redline.web.api_ledger import router as ledger_router

    for config in apps.get_app_configs():
        if not config.name.startswith("redline."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router("/", module.router)
    api.add_router("/", ledger_router)


_register_routers()
