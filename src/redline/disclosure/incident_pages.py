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

from typing import Any

from redline.registry.pages import Build, Section, render_sections

_SECTIONS: dict[str, Section] = {}


def register_incident_section(name: str, *, order: int, template: str, build: Build) -> None:
    """Add (or replace) a section of the incident page."""
    _SECTIONS[name] = Section(name, order, template, build)


def incident_sections(incident, user) -> list[tuple[Section, dict[str, Any]]]:
    """The incident page's registered sections for ``user``, in order, each with its data."""
    return render_sections(_SECTIONS, incident, user)
