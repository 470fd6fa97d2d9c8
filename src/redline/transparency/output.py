"""The report as a file: standalone HTML with the plots embedded, PDF through WeasyPrint, or JSON.

All three take a report already rendered for its reader (:meth:`redline.transparency.report.Report.rendered`
or a released document's rendering), so what is withheld there is withheld in every format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from redline.http.markdown import render_block

FORMATS = ("html", "pdf", "json")


def html_context(rendered: Mapping[str, Any]) -> dict[str, Any]:
    """The template's view of a rendered report: each section's HTML and its plots as data URIs."""
    from redline.transparency.plots import data_uri

    sections = []
    for key, s in rendered["sections"].items():
        sections.append({"key": key, "title": s["title"], "withheld": s["withheld"], "html": render_block(s["text"]),
                         "text": s["text"], "audiences": s.get("audiences", []),
                         "plots": [{"src": data_uri(p), "alt": p["alt"], "title": p["title"]}
                                   for p in s.get("plots") or []]})
    return {"report": rendered, "sections": sections}


def html(rendered: Mapping[str, Any], *, pdf: bool = False) -> str:
    from django.template.loader import render_to_string

    return render_to_string("transparency/report_file.html", {**html_context(rendered), "pdf": pdf})


def pdf(rendered: Mapping[str, Any]) -> bytes:
    """The standalone HTML printed by WeasyPrint (no network: every image is a data URI)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URIs (the plots): a report never reaches the network or the file system.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html(rendered, pdf=True), url_fetcher=fetcher).write_pdf()


def as_json(rendered: Mapping[str, Any]) -> str:
    return json.dumps(rendered, ensure_ascii=False, indent=2, default=str) + "\n"


def write(rendered: Mapping[str, Any], fmt: str) -> bytes:
    if fmt == "html":
        return html(rendered).encode("utf-8")
    if fmt == "pdf":
        return pdf(rendered)
    if fmt == "json":
        return as_json(rendered).encode("utf-8")
    from redline.core.errors import InvalidInput

    raise InvalidInput("--format", f"choose one of {', '.join(FORMATS)}")
