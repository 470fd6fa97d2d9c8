"""Rendering a document for a reader: each section whole, or a withheld marker (DESIGN §3.9).

Every surface that shows a document — page, JSON twin, API, feed, search index,
export, PDF — must go through :func:`render` (or :func:`redact`, which returns a
:class:`~.document.DocumentVersion` whose hidden bodies are already replaced), so a
restricted body never reaches a reader outside its audience. A withheld section
keeps its key and title and reads::

    [withheld: capability uplift — available to: regulators and auditors]

Section titles are always shown; the information-hazard review covers them.
:attr:`Rendering.withheld` lists the hidden sections so the caller can log them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from redline.core.documents.audiences import Reader, may_read
from redline.core.documents.document import DocumentVersion, Section


def withheld_marker(section: Section) -> str:
    """The text shown in place of a hidden section."""
    reason = section.restriction.label() if section.restriction else "restricted"
    return f"[withheld: {reason} — available to: {section.readership.label()}]"


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    body: str
    withheld: bool
    audiences: tuple[str, ...]
    claims: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "body": self.body, "withheld": self.withheld,
                "audiences": list(self.audiences), "claims": list(self.claims)}


@dataclass(frozen=True)
class Rendering:
    """What one reader sees of one version."""

    number: int
    kind: str
    title: str
    owner: str
    sections: tuple[RenderedSection, ...]

    @property
    def withheld(self) -> tuple[str, ...]:
        """Keys of the sections shown as withheld."""
        return tuple(s.key for s in self.sections if s.withheld)

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "kind": self.kind, "title": self.title, "owner": self.owner,
                "sections": [s.as_dict() for s in self.sections], "withheld": list(self.withheld)}

    def markdown(self) -> str:
        """The rendering as one Markdown text (for PDF and plain exports)."""
        parts = [f"# {self.title}"]
        for section in self.sections:
            parts.append(f"## {section.title}\n\n{section.body}".rstrip())
        return "\n\n".join(parts) + "\n"


def render(version: DocumentVersion, reader: Reader) -> Rendering:
    """``version`` as ``reader`` may see it."""
    shown = []
    for section in version.sections:
        if may_read(section.readership, reader):
            shown.append(RenderedSection(section.key, section.title, section.body, False,
                                         tuple(section.readership.as_dict()["audiences"]),
                                         tuple(c.as_dict() for c in section.claims)))
        else:
            shown.append(RenderedSection(section.key, section.title, withheld_marker(section), True,
                                         tuple(section.readership.as_dict()["audiences"])))
    return Rendering(version.number, version.kind.value, version.title, version.owner, tuple(shown))


def redact(version: DocumentVersion, reader: Reader) -> DocumentVersion:
    """A copy of ``version`` whose hidden sections carry the marker as body and no claims (for diffs)."""
    sections = tuple(
        section if may_read(section.readership, reader)
        else replace(section, body=withheld_marker(section), claims=())
        for section in version.sections
    )
    return replace(version, sections=sections)


__all__ = ["RenderedSection", "Rendering", "redact", "render", "withheld_marker"]
