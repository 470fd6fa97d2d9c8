"""The typed JSON API (django-ninja) under ``/api/``; OpenAPI at ``/api/openapi.json``.

Each app's ``api.py`` defines a ``router``; :func:`mount_routers` finds them with Django's
``autodiscover_modules`` when the URLconf loads, so importing an app's ``api`` module never
needs this one. The project's errors map to status codes here, once.
"""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI

from redline import __version__
from redline.accounts.api_auth import TokenAuth
from redline.core.errors import (
    IllegalTransition,
    InvalidInput,
    PermissionDenied,
    RateLimited,
    RedlineError,
    TokenRefused,
)
from redline.site.discover import app_modules

DESCRIPTION = """The typed JSON API (django-ninja) under ``/api/``; OpenAPI at ``/api/openapi.json``.

Reads are open for public objects; a bearer token (``Authorization: Bearer rl_…``)
identifies the caller, and writes need a token with the ``write`` scope.
"""

#: How each of the project's errors answers over HTTP (the most specific class wins).
STATUS_FOR: dict[type[RedlineError], int] = {
    InvalidInput: 422,
    IllegalTransition: 409,
    PermissionDenied: 403,
    TokenRefused: 401,
    RateLimited: 429,
}


def status_for(exc: RedlineError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_FOR:
            return STATUS_FOR[cls]
    return 500


def build_api() -> NinjaAPI:
    """A fresh API object with the project's auth and error mapping (routers are mounted separately)."""
    api = NinjaAPI(
        title="redline API",
        version=__version__,
        description=DESCRIPTION,
        auth=TokenAuth(),
        urls_namespace="api",
        docs_url="/docs",
    )

    @api.exception_handler(RedlineError)
    def _redline_error(request, exc: RedlineError):
        body = {"detail": str(exc)}
        if isinstance(exc, InvalidInput) and exc.field:
            body["field"] = exc.field
        return api.create_response(request, body, status=status_for(exc))

    @api.exception_handler(Http404)
    def _not_found(request, exc: Http404):
        return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)

    return api


def mount_routers(api: NinjaAPI) -> NinjaAPI:
    """Mount ``router`` from the ``api`` module of every installed redline app, in INSTALLED_APPS order."""
    for module in app_modules("api"):
        if hasattr(module, "router"):
            api.add_router("/", module.router)
    return api
