"""Markdown-ish text from imported records (AVID's backticked probe names, lists, links) as safe HTML.

markdown-it-py parses CommonMark with raw HTML disabled (``<script>`` in the source stays text); the
result is then cleaned by nh3 to a small allow-list of tags, and links get ``rel="nofollow noopener"``
and only http(s) or mailto targets, so a record cannot smuggle markup into a page.
"""

from __future__ import annotations

import functools
import html

import nh3
from markdown_it import MarkdownIt

BLOCK_TAGS = {"p", "ul", "ol", "li", "code", "pre", "em", "strong", "a", "blockquote", "br", "h3", "h4", "table",
              "thead", "tbody", "tr", "th", "td"}
INLINE_TAGS = {"code", "em", "strong"}


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener").strip()


def render_block(text: str) -> str:
    """Paragraphs, lists, code and links of ``text`` as cleaned HTML."""
    return _clean(_parser().render(text or ""), BLOCK_TAGS)


def render_inline(text: str) -> str:
    """One line (a title): code spans and emphasis only, no paragraph around it."""
    return _clean(_parser().renderInline(text or ""), INLINE_TAGS)


def plain(text: str) -> str:
    """The words of ``text`` without its Markdown marks, for ``<title>`` and feeds."""
    return html.unescape(nh3.clean(_parser().renderInline(text or ""), tags=set()))
