"""Counters for sign-in and API-token failures and for anonymous reports, kept in Django's cache.

A fixed window per key: after ``limit`` failures (or reports) the key is refused until the
window (``RATE_LIMIT_WINDOW`` seconds, or the caller's own) has passed since the first one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, ident: str) -> str:
    return "rl:" + scope + ":" + hashlib.sha256(ident.encode()).hexdigest()[:32]


def is_blocked(scope: str, ident: str, limit: int) -> bool:
    return int(cache.get(_key(scope, ident), 0)) >= limit


def note_failure(scope: str, ident: str, window: int | None = None) -> int:
    """Count one event for the key (failures, or anything else counted per window); the new count."""
    key = _key(scope, ident)
    timeout = window or settings.RATE_LIMIT_WINDOW
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def clear(scope: str, ident: str) -> None:
    cache.delete(_key(scope, ident))


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy, the address that proxy appended last.

    Only the last ``X-Forwarded-For`` entry is trusted: earlier ones are whatever the
    client chose to send.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "unknown")
