"""JSON shapes of documents, shared by the JSON twins, the API, the exports and other apps' sections.

Nothing here reads a section body itself: bodies come only from a core :class:`Rendering`
(:func:`redline.documents.services.rendered_for`), so what a reader gets in JSON is what the page
shows them.
"""

from __future__ import annotations

from typing import Any

from redline.core.documents import AUDIENCE_LABELS, KIND_LABELS, Audience, DocumentKind, Rendering
from redline.documents.models import Document, DocumentVersion

STATE_LABELS = {"draft": "draft", "in_review": "in review", "released": "released",
                "restricted_release": "released with restrictions", "withheld": "withheld"}


def public_title(document: Document, user=None) -> str:
    """The released title for readers outside the organisation; the latest for its members."""
    from redline.documents.services import is_member

    if document.released_id and not (user is not None and is_member(user, document)):
        return document.released.snapshot["title"]
    return document.title


def recommendation_dict(data: dict[str, Any]) -> dict[str, Any]:
    audiences = data.get("audiences") or ["public"]
    labels = [AUDIENCE_LABELS[Audience(a)] for a in audiences]
    return {"audiences": audiences, "organisations": data.get("organisations") or [], "labels": labels,
            "rationale": data.get("rationale", "")}


def document_summary(document: Document, user=None) -> dict[str, Any]:
    """One row of a document list: no section text."""
    released = document.released
    state = document.state if user is not None and _member(user, document) else (
        "released" if released is not None else document.state)
    return {
        "id": document.ref, "organisation": document.organisation.slug, "slug": document.slug,
        "kind": document.kind, "kind_label": KIND_LABELS[DocumentKind(document.kind)],
        "title": public_title(document, user), "url": document.get_absolute_url(),
        "state": state, "state_label": STATE_LABELS[state],
        "released_version": released.number if released is not None else None,
        "released_at": document.released_at.isoformat() if document.released_at else None,
        "model": document.model.full_slug if document.model_id else None,
        "incident": document.incident_id,
    }


def _member(user, document: Document) -> bool:
    from redline.documents.services import is_member

    return is_member(user, document)


def rendering_dict(rendering: Rendering) -> dict[str, Any]:
    """The core rendering's JSON (withheld bodies are markers), with each section's audiences in words."""
    data = rendering.as_dict()
    for section in data["sections"]:
        section["audience_labels"] = [AUDIENCE_LABELS[Audience(a)] for a in section["audiences"]]
        for claim in section["claims"]:
            claim["status_label"] = claim["status"].replace("_", " ")
    data["kind_label"] = KIND_LABELS[DocumentKind(rendering.kind)]
    return data


def version_summary(version: DocumentVersion, *, released: bool) -> dict[str, Any]:
    """One row of a version history: number, time, note, released or not; no text."""
    return {"number": version.number, "created_at": version.created_at.isoformat(), "note": version.note,
            "released": released, "digest": version.digest,
            "url": version.get_absolute_url()}


def change_dict(change) -> dict[str, Any]:
    """A core FieldChange of a (reader-redacted) diff."""
    return {"field": change.field, "old": change.old, "new": change.new, "effect": change.effect.value,
            "note": change.note, "flagged": change.flagged}
