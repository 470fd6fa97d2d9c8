"""Exports of one document as its viewer may read it: JSON, Markdown and PDF, and the Atom feed.

Each is built from the core :class:`~redline.core.documents.Rendering` that
:func:`redline.documents.services.rendered_for` gives, so withheld sections carry their marker in
every format. The PDF is WeasyPrint's rendering of :func:`pdf_html`, whose text is exactly the
rendering's (tests read that HTML, since a PDF's text is stored as font glyphs).
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from redline.core import documents as core
from redline.documents import services
from redline.documents.lookups import visible_document, visible_version
from redline.documents.models import Document
from redline.documents.serializers import document_summary, recommendation_dict, rendering_dict


def _version(request, document):
    number = request.GET.get("version", "").strip()
    if number:
        if not number.isdigit() or len(number) > 9:
            from redline.core.errors import InvalidInput

            raise InvalidInput("version", f"{number!r} is not a version number")
        return visible_version(request.user, document, int(number))
    version = services.released_version(document)
    return version if version is not None else services.latest_version(document)


def export_data(who, document: Document, version) -> dict[str, Any]:
    """The JSON export: the document's facts and the rendering for ``who``."""
    rendering = services.rendered_for(who, document, version=version)
    recommendation = version.snapshot["recommendation"]
    return {"document": document_summary(document, getattr(who, "user", who)), "version": version.number,
            "digest": version.digest, "released": services.is_released(version),
            "recommendation": recommendation_dict(recommendation), "rendering": rendering_dict(rendering)}


def markdown_text(rendering: core.Rendering, document: Document, version) -> str:
    """The Markdown export: the core's Markdown with a line saying what this is and which version."""
    state = "released" if services.is_released(version) else "not released (draft)"
    head = (f"<!-- {document.ref} version {version.number}, {state}; withheld sections show why and to whom "
            f"they are available -->\n")
    return head + rendering.markdown()


def pdf_html(rendering: core.Rendering, document: Document, version) -> str:
    """The HTML WeasyPrint turns into the PDF (no external resources, so it builds offline)."""
    return render_to_string("documents/pdf.html", {"rendering": rendering, "document": document,
                                                   "version": version,
                                                   "released": services.is_released(version)})


@require_GET
def export_json(request, org: str, slug: str):
    document = visible_document(request.user, org, slug)
    response = JsonResponse(export_data(request, document, _version(request, document)),
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{document.organisation.slug}-{document.slug}.json"'
    return response


@require_GET
def export_markdown(request, org: str, slug: str):
    document = visible_document(request.user, org, slug)
    version = _version(request, document)
    text = markdown_text(services.rendered_for(request, document, version=version), document, version)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.organisation.slug}-{document.slug}.md"'
    return response


@require_GET
def export_pdf(request, org: str, slug: str):
    from weasyprint import HTML

    document = visible_document(request.user, org, slug)
    version = _version(request, document)
    html = pdf_html(services.rendered_for(request, document, version=version), document, version)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.organisation.slug}-{document.slug}.pdf"'
    return response


class ReleasedDocumentsFeed(Feed):
    """Atom feed of released documents as the public reads them (withheld sections as markers)."""

    feed_type = Atom1Feed
    title = "redline: released documents"
    link = "/documents/"
    subtitle = "Documents released after their information-hazard review; withheld sections say why."

    def items(self):
        rows = (Document.objects.filter(released__isnull=False).select_related("organisation", "released")
                .order_by("-released_at", "-pk")[:50])
        return [d for d in rows if services.released_version(d) is not None]

    def _rendering(self, item):
        return services.rendered_for(core.ANONYMOUS, item)

    def item_title(self, item):
        rendering = self._rendering(item)
        return f"{item.organisation.name}: {rendering.title} (version {rendering.number})"

    def item_description(self, item):
        rendering = self._rendering(item)
        return render_to_string("documents/_feed_item.html", {"rendering": rendering, "document": item})

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{item.get_absolute_url()}versions/{item.released.number}/"

    def item_pubdate(self, item):
        return item.released_at

    def item_updateddate(self, item):
        return item.released_at
