"""Visibility-checked lookups of documents and versions (404 for what the caller may not see)."""

from __future__ import annotations

from django.http import Http404

from redline.documents.models import Document, DocumentVersion
from redline.documents.services import may_see_version, visible_documents


def visible_document(user, org: str, slug: str) -> Document:
    """The document ``org/slug``: 404 unless released, the caller's own organisation's, or sent them for review."""
    document = visible_documents(user).filter(organisation__slug=org, slug=slug).first()
    if document is None:
        raise Http404("no such document")
    return document


def visible_version(user, document: Document, number: int) -> DocumentVersion:
    """Version ``number`` of ``document``: 404 unless released, or the caller is a member or its reviewer."""
    version = document.versions.filter(number=number).select_related("document__organisation").first()
    if version is None or not may_see_version(user, version):
        raise Http404("no such version")
    return version
