"""The incident page's extra sections, registered by higher apps (the pattern of :mod:`redline.registry.pages`).

Disclosure is low in the layers and knows nothing of the apps above it; an app that adds to the
incident page (the documents app's post-incident reports) registers a section in its
``AppConfig.ready``::

    from redline.disclosure.incident_pages import register_incident_section

    register_incident_section("documents", order=10, template="documents/_incident_section.html",
                              build=lambda incident, user, shared: {"post_incident_reports": [...]})

``build(incident, user, shared)`` returns JSON-ready data that ``user`` may see (it does its own
filtering), or ``None`` to leave the section out. The page renders each section's template with
``s`` (its data), ``incident`` and ``user``; the JSON twin merges every section's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Build = Callable[[Any, Any, dict], "dict[str, Any] | None"]


@dataclass(frozen=True)
class IncidentSection:
    name: str
    order: int
    template: str
    build: Build


_SECTIONS: dict[str, IncidentSection] = {}


def register_incident_section(name: str, *, order: int, template: str, build: Build) -> None:
    """Add (or replace) a section of the incident page."""
    _SECTIONS[name] = IncidentSection(name, order, template, build)


def incident_sections(incident, user) -> list[tuple[IncidentSection, dict[str, Any]]]:
    """The incident page's registered sections for ``user``, in order, each with its data."""
    shared: dict = {}
    out = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        data = section.build(incident, user, shared)
        if data is not None:
            out.append((section, data))
    return out
