"""The first check on every request: its size, and no NUL or NaN in what it sends.

:class:`InputGuardMiddleware` runs before sessions, CSRF and views, so no part of the site
ever sees a body above the caps or text that a database cannot store:

- a body above ``MAX_UPLOAD_BYTES`` (``REDLINE_MAX_UPLOAD_BYTES``; uploads included), or a body
  that is not a form upload above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``REDLINE_MAX_BODY_BYTES``),
  answers 413 before it is read;
- a NUL character in a query parameter, a form field, an uploaded file's name or anywhere in a
  JSON body, or NaN or infinity in a JSON body, answers 422 on the API and JSON twins
  (``{"detail": "title: must not contain NUL characters", "field": "title"}``) and 400 on pages.

Services check the same again (:mod:`redline.core.text`), for the CLI and importers.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from redline.core.text import NON_FINITE_MESSAGE, NUL_MESSAGE, find_non_finite, find_nul

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def wants_json(request: HttpRequest) -> bool:
    """API calls and JSON twins get JSON errors; pages get HTML."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def refusal(request: HttpRequest, status: int, detail: str, field: str | None = None) -> HttpResponse:
    """One refused request: JSON ``{"detail", "field"}`` for the API and twins, a short page otherwise."""
    if wants_json(request):
        body = {"detail": detail}
        if field:
            body["field"] = field
        return JsonResponse(body, status=status)
    html = render_to_string("400.html", {"status": status, "message": detail}, request=None)
    return HttpResponse(html, status=status)


def _length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.check(request) or self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        """Form fields are parsed here, once the view is known: a view wrapped in
        :func:`redline.http.oversize.keeps_oversized_posts` parses them itself, so it can show its
        form again when they are too large (its service checks NUL characters)."""
        if getattr(view_func, "keeps_oversized_posts", False) or request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if _length(request) and (request.content_type or "").lower() in FORM_TYPES:
            return self._check_form(request)
        return None

    def check(self, request: HttpRequest) -> HttpResponse | None:
        length = _length(request)
        content_type = (request.content_type or "").lower()
        upload_cap = settings.MAX_UPLOAD_BYTES
        body_cap = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > upload_cap:
            return refusal(request, 413, f"request body: {length} bytes, more than the {upload_cap} allowed",
                           "body")
        is_form = content_type in FORM_TYPES
        if length > body_cap and content_type != "multipart/form-data":
            return refusal(request, 413, f"request body: {length} bytes, more than the {body_cap} allowed "
                           "(files go in a multipart upload)", "body")
        for key, values in request.GET.lists():
            where = find_nul([key, *values])
            if where is not None:
                return refusal(request, 422 if wants_json(request) else 400, f"{key}: {NUL_MESSAGE}", key)
        if request.method in ("GET", "HEAD", "OPTIONS") or not length:
            return None
        if is_form:
            return None  # parsed in process_view, where the view is known
        if content_type == "application/json" or request.path.startswith("/api/"):
            return self._check_json(request)
        return None

    def _check_form(self, request: HttpRequest) -> HttpResponse | None:
        status = 422 if wants_json(request) else 400
        try:
            fields, files = request.POST, request.FILES
        except RequestDataTooBig:
            cap = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return refusal(request, 413, f"request body: the form fields are more than the {cap} bytes allowed",
                           "body")
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            return refusal(request, 413, f"request body: {exc}", "body")
        for key, values in fields.lists():
            if find_nul([key, *values]) is not None:
                return refusal(request, status, f"{key}: {NUL_MESSAGE}", key)
        for key, uploads in files.lists():
            if any("\x00" in (f.name or "") for f in uploads) or "\x00" in key:
                return refusal(request, status, f"{key}: {NUL_MESSAGE} (file name)", key)
        return None

    def _check_json(self, request: HttpRequest) -> HttpResponse | None:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # not JSON: the API's own parser answers that
        status = 422 if wants_json(request) else 400
        where = find_nul(data)
        if where is not None:
            return refusal(request, status, f"{where or 'body'}: {NUL_MESSAGE}", where or "body")
        where = find_non_finite(data)
        if where is not None:
            return refusal(request, status, f"{where or 'body'}: {NON_FINITE_MESSAGE}", where or "body")
        return None
