"""Documents as data: kinds, Markdown sections with audiences, and one immutable version.

A document is a sequence of :class:`DocumentVersion` snapshots (append-only; see
:mod:`.versions`). Each version holds its :class:`Section` list, the author's
:class:`~.audiences.AudienceRecommendation`, and the owning organisation. A section
is public unless it names other audiences, and a section that is not public must
say why (:class:`~.audiences.Restriction`); both rules are checked here, so no
restricted section without a reason can exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from redline.core.canonical import digest
from redline.core.documents.audiences import PUBLIC, AudienceRecommendation, Readership, Restriction
from redline.core.documents.claims import Claim
from redline.core.errors import InvalidInput


class DocumentKind(StrEnum):
    THREAT_PROFILE = "threat_profile"
    IMPACT_ASSESSMENT = "impact_assessment"
    CAPABILITY_REPORT = "capability_report"
    SAFEGUARDS_REPORT = "safeguards_report"
    TRANSPARENCY_REPORT = "transparency_report"
    GOVERNANCE_CARD = "governance_card"
    SAFETY_CASE_SUMMARY = "safety_case_summary"
    POST_INCIDENT_REPORT = "post_incident_report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    DocumentKind.THREAT_PROFILE: "Threat-profile write-up",
    DocumentKind.IMPACT_ASSESSMENT: "Impact assessment",
    DocumentKind.CAPABILITY_REPORT: "Capability report",
    DocumentKind.SAFEGUARDS_REPORT: "Safeguards report",
    DocumentKind.TRANSPARENCY_REPORT: "Transparency report",
    DocumentKind.GOVERNANCE_CARD: "Governance card",
    DocumentKind.SAFETY_CASE_SUMMARY: "Safety-case summary",
    DocumentKind.POST_INCIDENT_REPORT: "Post-incident report",
    DocumentKind.OTHER: "Other",
}

SECTION_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: Limits on what one version may hold, so a page or PDF stays buildable.
MAX_SECTIONS = 100
MAX_BODY_CHARS = 200_000
MAX_TITLE_CHARS = 300


def _title(value: str, where: str) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise InvalidInput(where, "the title is empty")
    if len(text) > MAX_TITLE_CHARS:
        raise InvalidInput(where, f"the title is longer than {MAX_TITLE_CHARS} characters")
    return text


@dataclass(frozen=True)
class Section:
    """One Markdown section and who it is for. ``key`` is stable across versions (diffs match on it)."""

    key: str
    title: str
    body: str = ""
    readership: Readership = PUBLIC
    restriction: Restriction | None = None
    claims: tuple[Claim, ...] = ()

    def __post_init__(self) -> None:
        if not SECTION_KEY.match(str(self.key)):
            raise InvalidInput(f"section {self.key!r}: the key must be lower-case letters, digits, '-' or '_'")
        where = f"section {self.key!r}"
        object.__setattr__(self, "title", _title(self.title, where))
        if len(self.body) > MAX_BODY_CHARS:
            raise InvalidInput(where, f"the body is longer than {MAX_BODY_CHARS} characters")
        if self.readership.public and self.restriction is not None:
            raise InvalidInput(where, "a public section takes no restriction reason")
        if not self.readership.public and self.restriction is None:
            raise InvalidInput(where, "a restricted section needs a reason "
                               "(capability uplift, exploit detail, personal data, security of systems, legal)")
        object.__setattr__(self, "claims", tuple(self.claims))

    @property
    def restricted(self) -> bool:
        return not self.readership.public

    def restrict(self, readership: Readership, restriction: Restriction) -> Section:
        """This section with a narrower readership and its reason (used by the hazard review)."""
        return replace(self, readership=readership, restriction=restriction)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "body": self.body, **self.readership.as_dict(),
                "restriction": self.restriction.as_dict() if self.restriction else None,
                "claims": [c.as_dict() for c in self.claims]}


@dataclass(frozen=True)
class DocumentVersion:
    """One version of a document, never edited: a change is a new version (:func:`.versions.revise`)."""

    number: int
    kind: DocumentKind
    title: str
    owner: str
    author: str
    sections: tuple[Section, ...]
    recommendation: AudienceRecommendation
    model: str = ""
    period: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or self.number < 1:
            raise InvalidInput("version", "the number must be a whole number from 1")
        try:
            object.__setattr__(self, "kind", DocumentKind(self.kind))
        except ValueError:
            choices = ", ".join(k.value for k in DocumentKind)
            raise InvalidInput("kind", f"unknown document kind {self.kind!r}; choose one of: {choices}") from None
        object.__setattr__(self, "title", _title(self.title, "document"))
        if not str(self.owner).strip():
            raise InvalidInput("owner", "a document belongs to an organisation")
        if not str(self.author).strip():
            raise InvalidInput("author", "a document has an author")
        sections = tuple(self.sections)
        if not sections:
            raise InvalidInput("sections", "a document needs at least one section")
        if len(sections) > MAX_SECTIONS:
            raise InvalidInput("sections", f"at most {MAX_SECTIONS} sections")
        keys = [s.key for s in sections]
        duplicate = next((k for k in keys if keys.count(k) > 1), None)
        if duplicate:
            raise InvalidInput("sections", f"the key {duplicate!r} is used twice")
        object.__setattr__(self, "sections", sections)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise InvalidInput("sections", f"no section {key!r}")

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for section in self.sections for claim in section.claims)

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "kind": self.kind.value, "title": self.title, "owner": self.owner,
                "author": self.author, "model": self.model, "period": self.period,
                "recommendation": self.recommendation.as_dict(),
                "sections": [s.as_dict() for s in self.sections], "extra": self.extra}

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the whole version: what a review approves."""
        return digest(self.as_dict())


__all__ = ["KIND_LABELS", "MAX_BODY_CHARS", "MAX_SECTIONS", "DocumentKind", "DocumentVersion", "Section"]
