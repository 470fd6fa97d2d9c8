"""Stored JSON back to the core's objects: a version's snapshot, and a review row.

The core writes ``as_dict()``; these read it back, through the core's constructors, so a stored
snapshot is checked by the same rules as a new one (a restricted section without a reason cannot
come back either). ``version_from_dict(v.as_dict()) == v`` for every core version.
"""

from __future__ import annotations

from typing import Any

from redline.core.documents import (
    AudienceRecommendation,
    Claim,
    DocumentVersion,
    HazardChecklist,
    Readership,
    Restriction,
    Review,
    Reviewer,
    ReviewState,
    Section,
    SectionRestriction,
)
from redline.core.documents.review import Decision


def readership_from_dict(data: dict[str, Any]) -> Readership:
    return Readership.of(*data.get("audiences") or ["public"], organisations=data.get("organisations") or ())


def claim_from_dict(data: dict[str, Any]) -> Claim:
    return Claim(data["practice"], data["statement"], data["status"], tuple(data.get("evidence") or ()),
                 data.get("reason", ""))


def section_from_dict(data: dict[str, Any]) -> Section:
    restriction = data.get("restriction")
    return Section(data["key"], data["title"], data.get("body", ""), readership_from_dict(data),
                   Restriction(restriction["reason"], restriction.get("detail", "")) if restriction else None,
                   tuple(claim_from_dict(c) for c in data.get("claims") or ()))


def recommendation_from_dict(data: dict[str, Any]) -> AudienceRecommendation:
    return AudienceRecommendation(readership_from_dict(data), data.get("rationale", ""))


def version_from_dict(data: dict[str, Any]) -> DocumentVersion:
    """The core version a stored snapshot (``DocumentVersion.as_dict()``) describes."""
    return DocumentVersion(
        number=data["number"], kind=data["kind"], title=data["title"], owner=data["owner"], author=data["author"],
        sections=tuple(section_from_dict(s) for s in data["sections"]),
        recommendation=recommendation_from_dict(data["recommendation"]),
        model=data.get("model", ""), period=data.get("period", ""), extra=dict(data.get("extra") or {}))


def restriction_from_dict(data: dict[str, Any]) -> SectionRestriction:
    reason = data["restriction"]
    return SectionRestriction(data["key"], readership_from_dict(data),
                              Restriction(reason["reason"], reason.get("detail", "")))


def review_from_row(row) -> Review:
    """The core review a :class:`~redline.documents.models.DocumentReview` row holds."""
    version = row.version
    reviewer = Reviewer(f"user:{row.reviewer_id}", row.reviewer_role) if row.reviewer_id and row.reviewer_role \
        else None
    checklist = HazardChecklist(**row.checklist) if row.checklist else None
    return Review(
        version=version.number, version_digest=version.digest, author=version.snapshot["author"],
        independent_requested=row.independent, state=ReviewState(row.state), reviewer=reviewer,
        checklist=checklist, decision=Decision(row.decision) if row.decision else None,
        restrictions=tuple(restriction_from_dict(r) for r in row.restrictions or ()),
        rationale=row.rationale, released_digest=row.released_digest)
