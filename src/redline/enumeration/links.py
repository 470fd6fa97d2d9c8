"""Records in other apps that point at a CUE entry, shown in the entry's "Linked records" section.

Other apps register a provider once, in their ``AppConfig.ready``::

    from redline.enumeration.links import register_links

    def reports_for(entry, user):
        for report in Report.objects.filter(cue_entries=entry).filter(<what user may see>):
            yield (report.title, report.get_absolute_url(), "report")

    register_links("disclosure.reports", reports_for)

A provider receives the :class:`~redline.enumeration.models.CueEntry` and the requesting user
(possibly anonymous) and returns ``(title, url, kind)`` items that user may see; it does its own
permission filtering. Registering the same name again replaces the earlier provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

Provider = Callable[..., Iterable[tuple[str, str, str]]]

_PROVIDERS: dict[str, Provider] = {}


class LinkedRecord(NamedTuple):
    """One record elsewhere that points at the entry."""

    title: str
    url: str
    kind: str  # e.g. "report", "incident", "red line"


def register_links(name: str, provider: Provider) -> Provider:
    """Add (or replace) the provider called ``name``; returns it, so it also works as a decorator's body."""
    if not callable(provider):
        raise TypeError(f"links provider {name!r} is not callable")
    _PROVIDERS[name] = provider
    return provider


def unregister_links(name: str) -> None:
    """Remove a provider (tests use this to clean up)."""
    _PROVIDERS.pop(name, None)


def providers() -> dict[str, Provider]:
    """The registered providers by name (a copy)."""
    return dict(_PROVIDERS)


def linked_records(entry, user) -> list[LinkedRecord]:
    """Every record the providers offer for ``entry`` to ``user``, grouped by kind then title."""
    out = [LinkedRecord(*item) for provider in _PROVIDERS.values() for item in provider(entry, user)]
    return sorted(out, key=lambda r: (r.kind, r.title))
