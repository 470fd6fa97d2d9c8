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


#: The error body every refusal shares; ``field`` names the input at fault when there is one.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "object"}, "description": "django-ninja's validation errors"},
        ]},
        "field": {"title": "Field", "type": "string", "description": "The field, parameter or file at fault."},
    },
    "required": ["detail"],
}

#: Status codes every operation may answer besides its own, and why (docs/api.md#errors).
COMMON_ERRORS = {
    401: "Unknown, revoked or missing token (a write without one)",
    422: "A parameter or field is invalid; `field` names it",
    429: "Rate limited: too many failed token checks, or anonymous reports, from this address",
}
#: ... operations that read a request body (POST, PATCH).
BODY_ERRORS = {
    400: "The body is not valid JSON",
    403: "The token is read-only, or the policy forbids the action",
    404: "No such object, or one you may not see",
    409: "The state machine does not allow this transition now",
    413: "The request body is larger than the configured limit",
}
#: ... operations with a path parameter.
PATH_ERRORS = {404: "No such object, or one you may not see", 403: "The policy forbids the action"}


class RedlineAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI lists, on every operation, the error answers it may give (one shared set)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                errors = dict(COMMON_ERRORS)
                if method in ("post", "put", "patch", "delete"):
                    errors.update(BODY_ERRORS)
                if "{" in path:
                    errors.update(PATH_ERRORS)
                for status, description in sorted(errors.items()):
                    operation["responses"].setdefault(status, {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    })
        return schema


def build_api() -> NinjaAPI:
    """A fresh API object with the project's auth and error mapping (routers are mounted separately)."""
    api = RedlineAPI(
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
