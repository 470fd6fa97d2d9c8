"""Times in the viewer's time zone, with UTC beside: the ``when`` filter and the middleware behind it.

The zone is the signed-in viewer's profile setting (``User.time_zone``, set on the account page).
Without one, pages are rendered in UTC and each ``<time data-zone="auto">`` is rewritten by
``redline/redline.js`` to the browser's own zone (read with ``Intl``, so no cookie is set and nothing
is sent back); without JavaScript the UTC time stays.
"""

from __future__ import annotations

import zoneinfo
from contextvars import ContextVar
from datetime import UTC, date, datetime

from django.utils import timezone
from django.utils.html import format_html

#: True while the current request renders in a zone the viewer chose.
_chosen: ContextVar[bool] = ContextVar("redline_zone_chosen", default=False)


def valid_zone(name: str) -> bool:
    """True for an IANA zone name this server knows (``Europe/Berlin``)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


def zone_names() -> list[str]:
    """Every IANA zone name, sorted, for the account page's choice."""
    return sorted(zoneinfo.available_timezones())


class ViewerTimeZoneMiddleware:
    """Activate the signed-in viewer's chosen zone for the request (UTC when none is chosen)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = getattr(getattr(request, "user", None), "time_zone", "") or ""
        if name and valid_zone(name):
            timezone.activate(zoneinfo.ZoneInfo(name))
            token = _chosen.set(True)
        else:
            timezone.activate(UTC)
            token = _chosen.set(False)
        try:
            return self.get_response(request)
        finally:
            _chosen.reset(token)
            timezone.deactivate()


def _parse(value) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def when_text(value: datetime, zone) -> str:
    """``2026-12-01 20:19 CET (19:19 UTC)``; in UTC just ``2026-12-01 19:19 UTC``."""
    utc = value.astimezone(UTC)
    local = value.astimezone(zone)
    if local.utcoffset() == utc.utcoffset() and getattr(zone, "key", "UTC") in ("UTC", "Etc/UTC"):
        return f"{utc:%Y-%m-%d %H:%M} UTC"
    beside = f"{utc:%H:%M} UTC" if local.date() == utc.date() else f"{utc:%Y-%m-%d %H:%M} UTC"
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({beside})"


def when(value):
    """A ``<time>`` element for a datetime (or ISO string): the viewer's zone with UTC beside."""
    moment = _parse(value)
    if moment is None:
        return value or ""
    zone = timezone.get_current_timezone()
    auto = "" if _chosen.get() else "auto"
    return format_html('<time datetime="{}" data-zone="{}">{}</time>', moment.astimezone(UTC).isoformat(),
                       auto, when_text(moment, zone))
