"""Forms that survive a request over the server's size limit.

Django refuses a POST whose fields (files apart) exceed ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or that has
more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields, while parsing it: the CSRF middleware reads the
form first, so the view never runs and the answer is a bare "Bad Request (400)" that loses everything
typed. A view wrapped in :func:`keeps_oversized_posts` is parsed before the CSRF check instead; when
the request is too large the view sees ``request.too_large`` (``"size"`` or ``"fields"``, else
``False``), ``request.POST`` holds the fields read before the limit (files are dropped) and the view
can show its form again with a message. CSRF is then checked on those fields (the token is the first
field of every form), exactly as the middleware would.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def keeps_oversized_posts(view):
    """Let ``view`` answer a too-large POST itself (see the module); CSRF stays enforced."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.too_large = _parse(request) if request.method == "POST" else False
        return protected(request, *args, **kwargs)

    wrapper.keeps_oversized_posts = True  # the input guard leaves the parse to this view
    return csrf_exempt(wrapper)  # the middleware skips it; ``protected`` checks after the parse


def _parse(request) -> str | bool:
    kept: dict[str, QueryDict] = {}

    def parse_file_upload(meta, post_data):
        parser = MultiPartParser(meta, post_data, request.upload_handlers, request.encoding)
        try:
            return parser.parse()
        except (RequestDataTooBig, TooManyFieldsSent):
            kept["post"] = getattr(parser, "_post", None)  # the fields read before the limit
            raise

    request.parse_file_upload = parse_file_upload
    try:
        request.POST  # noqa: B018 - parse now, inside the try
    except (RequestDataTooBig, TooManyFieldsSent) as exc:
        post = kept.get("post")
        # As Django itself does after a parse error: later reads see these instead of parsing again.
        request._post = post.copy() if isinstance(post, QueryDict) else QueryDict()
        request._files = MultiValueDict()
        return "fields" if isinstance(exc, TooManyFieldsSent) else "size"
    return False
