"""What this app takes from the ``documents`` app: released documents as facts, and storing a report.

Kept in one module so the rest of the app reads plain data. The documents app is the layer below
(``create_document``, ``released_version``, ``rendered_for``); every section shown here goes
through its rendering, so a withheld section arrives as its marker, never as its text.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from redline.core.documents import Audience, Reader


def available() -> bool:
    return apps.is_installed("redline.documents")


def reader_for_audiences(audiences) -> Reader:
    """The core reader of a build for ``audiences`` (internal reads everything of its own documents)."""
    return Reader.of(*sorted(a.value if isinstance(a, Audience) else str(a) for a in audiences))


def released_documents(org, audiences) -> list[dict[str, Any]]:
    """The organisation's released documents as the facts' ``documents`` entries, sections as ``audiences`` read."""
    if not available():
        return []
    from redline.documents import services
    from redline.documents.models import Document

    reader = reader_for_audiences(audiences)
    out = []
    for document in Document.objects.filter(organisation=org, released__isnull=False).order_by("pk"):
        version = services.released_version(document)
        if version is None:
            continue
        rendering = services.rendered_for(reader, document)
        core = services.core_version(version)
        practices = sorted({c.practice for c in core.claims})
        recommended = core.recommendation.readership.as_dict()["audiences"]
        sections = [{"key": s.key, "title": s.title, "public": (not s.withheld) and "public" in s.audiences,
                     "withheld": s.withheld, "body": s.body} for s in rendering.sections]
        out.append({"kind": document.kind, "title": document.title, "released": True,
                    "released_at": document.released_at.isoformat() if document.released_at else None,
                    "audiences": recommended, "practices": practices, "url": document.get_absolute_url(),
                    "sections": sections})
    return out


def store_report(actor, org, report):
    """Store ``report`` as a draft ``transparency_report`` document (version 1), to be reviewed and released."""
    if not available():
        from redline.core.errors import InvalidInput

        raise InvalidInput("documents", "the documents app is not installed, so a report cannot be stored")
    from redline.documents import services

    version = report.version()
    return services.create_document(
        org, actor, "transparency_report", report.title, version.sections, recommendation=version.recommendation,
        period=report.period, extra={"generator": "redline.transparency", "generated_at":
                                     report.generated_at.isoformat(), "public_data": report.public_data()})


def released_report(org, slug: str, who):
    """(document, rendering, public data) of ``org``'s released report ``slug`` as ``who`` reads it; None when
    there is no such released report."""
    if not available():
        return None
    from redline.documents import services
    from redline.documents.models import Document

    document = Document.objects.filter(organisation=org, slug=slug, kind="transparency_report").first()
    if document is None or services.released_version(document) is None:
        return None
    version = services.released_version(document)
    rendering = services.rendered_for(who, document)
    extra = services.core_version(version).extra or {}
    return document, rendering, extra.get("public_data") or {}, version


def reports_of(org, who) -> list[dict[str, Any]]:
    """The organisation's transparency-report documents ``who`` may see: released ones, and drafts for members."""
    if not available():
        return []
    from redline.documents import services

    out = []
    visible = services.visible_documents(getattr(who, "user", who)).filter(organisation=org,
                                                                           kind="transparency_report")
    for document in visible.order_by("-created_at", "-pk"):
        released = services.released_version(document) is not None
        out.append({"slug": document.slug, "title": document.title, "state": document.state, "released": released,
                    "released_at": document.released_at.isoformat() if document.released_at else None,
                    "document_url": document.get_absolute_url(),
                    "url": f"/orgs/{org.slug}/transparency/reports/{document.slug}/" if released else None})
    return out


def core_version(version):
    """The core :class:`~redline.core.documents.DocumentVersion` of a stored version."""
    from redline.documents.services import core_version as convert

    return convert(version)
