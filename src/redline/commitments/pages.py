"""Sections that higher apps add to a commitment's page (a red line's questions from ``forecasts``).

The same pattern as :mod:`redline.registry.pages`: an app registers, in its ``AppConfig.ready``,
``register_commitment_section(name, order=…, template=…, build=…)``; ``build(commitment, user,
shared)`` returns JSON-ready data ``user`` may see, or ``None`` to leave the section out. The page
renders each section's template with ``s`` (its data) and ``c`` (the commitment); the JSON twin
merges every section's data.
"""

from __future__ import annotations

from typing import Any

from redline.registry.pages import Build, Section, merged, render_sections

_SECTIONS: dict[str, Section] = {}


def register_commitment_section(name: str, *, order: int, template: str, build: Build) -> None:
    """Add (or replace) a section of the commitment page."""
    _SECTIONS[name] = Section(name, order, template, build)


def commitment_sections(commitment, user) -> list[tuple[Section, dict[str, Any]]]:
    """The commitment page's sections for ``user``, in order, each with its data."""
    return render_sections(_SECTIONS, commitment, user)


__all__ = ["commitment_sections", "merged", "register_commitment_section"]
