"""Pages answer the project's errors once, here: a refused action is the 403 page, a rate limit 429.

Views still turn :class:`~redline.core.errors.InvalidInput` into form errors (they know the form);
anything a view does not catch reaches this middleware.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.template.loader import render_to_string
from django.views.defaults import permission_denied

from redline.core.errors import PermissionDenied, RateLimited


class RedlineErrorMiddleware:
    """Map :class:`PermissionDenied` to Django's 403 page and :class:`RateLimited` to a 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, DjangoPermissionDenied(str(exception)))
        if isinstance(exception, RateLimited):
            from django.http import HttpResponse

            body = render_to_string("429.html", {"message": str(exception)}, request=request)
            return HttpResponse(body, status=429)
        return None
