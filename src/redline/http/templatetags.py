"""Template tags every template has without ``{% load %}`` (``TEMPLATES`` builtins).

``{% link url label %}`` renders ``<a href="url" rel="nofollow noopener">label</a>`` only for
http(s), mailto and relative URLs; anything else (``javascript:``, ``data:``) is shown as text.
Templates render user-supplied URLs through it, never with a bare ``href="{{ url }}"``.

``{{ moment|when }}`` renders a datetime (or ISO string) in the viewer's time zone with UTC beside,
as a ``<time>`` element (see :mod:`redline.http.timezones`).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from redline.core.humanize import short_count as _short_count
from redline.core.text import is_link_safe
from redline.http import timezones

register = template.Library()


@register.simple_tag
def link(url, label=None, rel: str = "nofollow noopener"):
    text = label or url or ""
    if is_link_safe(url):
        return format_html('<a href="{}" rel="{}">{}</a>', url, rel, text)
    return format_html("{}", text)


register.filter("when", timezones.when)


@register.filter
def short_count(value):
    """``{{ model.parameter_count|short_count }}`` → ``70 B`` (see :func:`redline.core.humanize.short_count`)."""
    return _short_count(value)
