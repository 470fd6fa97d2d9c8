"""The model page and the organisation page, composed from sections that higher apps register.

The registry owns both pages but knows nothing of commitments, evidence or decisions: each of
those apps registers, in its ``AppConfig.ready``, the sections it adds (the same pattern as
:mod:`redline.enumeration.links`)::

    from redline.registry.pages import register_model_section

    register_model_section("evidence", order=30, template="evidence/_model_section.html",
                           build=lambda model, user, shared: {"evaluations": [...]})

``build(obj, user, shared)`` returns JSON-ready data that ``user`` may see (it does its own
filtering), or ``None`` to leave the section out; ``shared`` is one dict per page render, so
sections can share an expensive computation (the gate's evidence, say) instead of repeating it.
The page renders each section's template with ``s`` (its data), ``model`` or ``org``, ``user``
and ``can_edit``; the JSON twin merges every section's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Build = Callable[[Any, Any, dict], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    build: Build


_MODEL: dict[str, Section] = {}
_ORG: dict[str, Section] = {}


def register_model_section(name: str, *, order: int, template: str, build: Build) -> None:
    """Add (or replace) a section of the model page."""
    _MODEL[name] = Section(name, order, template, build)


def register_org_section(name: str, *, order: int, template: str, build: Build) -> None:
    """Add (or replace) a section of the organisation page."""
    _ORG[name] = Section(name, order, template, build)


def render_sections(registry: dict[str, Section], obj, user) -> list[tuple[Section, dict[str, Any]]]:
    """Build every section of ``registry`` for ``obj`` and ``user``, in order, leaving out those that return
    ``None``; the registry of any page composed this way (model, organisation, commitment, incident)."""
    shared: dict = {}
    out = []
    for section in sorted(registry.values(), key=lambda s: (s.order, s.name)):
        data = section.build(obj, user, shared)
        if data is not None:
            out.append((section, data))
    return out


def model_sections(model, user) -> list[tuple[Section, dict[str, Any]]]:
    """The model page's sections for ``user``, in order, each with its data."""
    return render_sections(_MODEL, model, user)


def org_sections(org, user) -> list[tuple[Section, dict[str, Any]]]:
    return render_sections(_ORG, org, user)


def merged(sections: list[tuple[Section, dict[str, Any]]]) -> dict[str, Any]:
    """Every section's data in one dict (the JSON twin of the sections)."""
    out: dict[str, Any] = {}
    for _, data in sections:
        out.update(data)
    return out
