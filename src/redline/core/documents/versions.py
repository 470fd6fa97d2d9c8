"""Append-only document versions and the public diff between two of them.

As with commitments (:mod:`redline.core.commitments`), a change makes a new
version and nothing is edited in place. :func:`diff_versions` lists every change as
a :class:`~redline.core.commitments.FieldChange` with an
:class:`~redline.core.commitments.Effect`, reusing the commitments' reading of
"flagged": a section whose audience narrows, or that disappears, is a possible
loss of transparency and is flagged; widening an audience strengthens it.

Given a reader, the diff is computed between the two *redacted* versions, so a
public diff never shows restricted text; a hidden section whose text changed is
still reported ("withheld text changed"), so nothing changes silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any

from redline.core.commitments import Effect, FieldChange
from redline.core.documents.audiences import Reader, Readership
from redline.core.documents.document import DocumentVersion, Section
from redline.core.documents.redaction import redact
from redline.core.errors import IllegalTransition, InvalidInput


@dataclass(frozen=True)
class History:
    """The versions of one document, oldest first; :meth:`append` is the only way to grow it."""

    versions: tuple[DocumentVersion, ...] = ()

    @property
    def latest(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None

    def append(self, version: DocumentVersion) -> History:
        """A history with ``version`` added; it must be the next number, same kind and owner."""
        last = self.latest
        expected = 1 if last is None else last.number + 1
        if version.number != expected:
            raise IllegalTransition("document", f"version {expected - 1}", f"append version {version.number}")
        if last is not None and (version.kind, version.owner) != (last.kind, last.owner):
            raise InvalidInput("version", "a new version keeps the document's kind and owner")
        return History((*self.versions, version))

    def get(self, number: int) -> DocumentVersion:
        for version in self.versions:
            if version.number == number:
                return version
        raise InvalidInput("version", f"no version {number}")


def revise(previous: DocumentVersion, *, author: str, **changes: Any) -> DocumentVersion:
    """The next version of ``previous`` with ``changes`` (title, sections, recommendation, ...)."""
    forbidden = {"number", "kind", "owner"} & set(changes)
    if forbidden:
        raise InvalidInput("version", f"{', '.join(sorted(forbidden))} cannot change between versions")
    return replace(previous, number=previous.number + 1, author=author, **changes)


def unified(old: str, new: str, *, context: int = 2) -> list[str]:
    """A unified line diff of two Markdown texts, without the file header lines."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context)
    return [line for line in lines if not line.startswith(("---", "+++"))]


def _openness(old: Readership, new: Readership) -> Effect:
    if old == new:
        return Effect.NEUTRAL
    if new.public:
        return Effect.STRENGTHENS
    if old.public:
        return Effect.WEAKENS
    wider = new.audiences >= old.audiences and new.organisations >= old.organisations
    narrower = new.audiences <= old.audiences and new.organisations <= old.organisations
    return Effect.STRENGTHENS if wider else Effect.WEAKENS if narrower else Effect.UNCLEAR


def _section_changes(key: str, a: Section, b: Section, text_changed: bool) -> list[FieldChange]:
    out = []
    if a.title != b.title:
        out.append(FieldChange(f"sections.{key}.title", a.title, b.title, Effect.NEUTRAL))
    if a.readership != b.readership:
        out.append(FieldChange(f"sections.{key}.audiences", a.readership.label(), b.readership.label(),
                               _openness(a.readership, b.readership)))
    if a.restriction != b.restriction:
        out.append(FieldChange(f"sections.{key}.restriction", a.restriction.label() if a.restriction else None,
                               b.restriction.label() if b.restriction else None, Effect.NEUTRAL))
    if a.body != b.body:
        out.append(FieldChange(f"sections.{key}.body", a.body, b.body, Effect.NEUTRAL))
    elif text_changed:  # both versions hidden from this reader: say that it changed, not how
        out.append(FieldChange(f"sections.{key}.body", a.body, b.body, Effect.NEUTRAL, "withheld text changed"))
    return out


def diff_versions(old: DocumentVersion, new: DocumentVersion, reader: Reader | None = None) -> list[FieldChange]:
    """Every change from ``old`` to ``new``; with ``reader``, only what that reader may see."""
    if (old.kind, old.owner) != (new.kind, new.owner):
        raise InvalidInput("diff", "the two versions belong to different documents")
    raw_old, raw_new = old, new
    if reader is not None:
        old, new = redact(old, reader), redact(new, reader)
    changes = []
    if old.title != new.title:
        changes.append(FieldChange("title", old.title, new.title, Effect.NEUTRAL))
    if old.recommendation != new.recommendation:
        changes.append(FieldChange("recommendation", old.recommendation.as_dict(), new.recommendation.as_dict(),
                                   _openness(old.recommendation.readership, new.recommendation.readership)))
    before = {s.key: s for s in old.sections}
    after = {s.key: s for s in new.sections}
    for key, section in before.items():
        if key not in after:
            changes.append(FieldChange(f"sections.{key}", section.title, None, Effect.UNCLEAR, "section removed"))
            continue
        text_changed = raw_old.section(key).body != raw_new.section(key).body
        changes += _section_changes(key, section, after[key], text_changed)
    for key, section in after.items():
        if key not in before:
            changes.append(FieldChange(f"sections.{key}", None, section.title, Effect.NEUTRAL, "section added"))
    return changes


__all__ = ["History", "diff_versions", "revise", "unified"]
