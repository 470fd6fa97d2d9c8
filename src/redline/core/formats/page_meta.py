"""What a news page says about itself: title, summary, publisher, date, from its HTML head.

Reads Open Graph (``og:title``, ``og:description``, ``og:site_name``), ``article:published_time``,
the plain ``<meta name=description|author|date>`` and ``<title>``, in that order of preference,
so a submission by URL can start from the page's own words. Only the ``<head>`` is read; a page
without one gives what it has, never an error.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from datetime import date

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class PageMeta:
    """The metadata of one page; empty strings (and None) where the page gives nothing."""

    title: str = ""
    summary: str = ""
    publisher: str = ""
    published: date | None = None
    canonical_url: str = ""


class _Head(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical = ""
        self._in_title = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "")
        elif tag == "body":
            self.done = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.done:
            self.title += data


def _day(value: str) -> date | None:
    match = _DATE_RE.search(value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read_page_meta(text: str) -> PageMeta:
    """The metadata in an HTML document's head (at most the first 1 MB is read)."""
    parser = _Head()
    parser.feed(text[:1_000_000])
    m = parser.meta

    def first(*keys: str) -> str:
        return next((" ".join(m[k].split()) for k in keys if m.get(k)), "")

    published = None
    for key in ("article:published_time", "datepublished", "date", "dc.date", "pubdate"):
        if (published := _day(m.get(key, ""))) is not None:
            break
    return PageMeta(
        title=first("og:title", "twitter:title") or " ".join(parser.title.split()),
        summary=first("og:description", "description", "twitter:description"),
        publisher=first("og:site_name", "publisher", "author"),
        published=published,
        canonical_url=first("og:url") or parser.canonical,
    )
