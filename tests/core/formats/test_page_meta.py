"""Reading a news page's own metadata: Open Graph first, then plain meta tags, then <title>."""

from __future__ import annotations

from datetime import date

from redline.core.formats.page_meta import read_page_meta


def test_open_graph_wins_over_plain_tags():
    meta = read_page_meta('<html><head><title>Site | Story</title><meta name="description" content="plain">'
                          '<meta property="og:description" content="  The   og summary ">'
                          '<meta property="og:site_name" content="Gazette"><link rel="canonical" href="https://g/x">'
                          '<meta name="date" content="2025-11-30"></head><body><meta property="og:title" '
                          'content="in the body: ignored"></body></html>')
    assert meta.title == "Site | Story" and meta.summary == "The og summary" and meta.publisher == "Gazette"
    assert meta.published == date(2025, 11, 30) and meta.canonical_url == "https://g/x"


def test_a_page_without_a_head_gives_what_it_has():
    assert read_page_meta("just text").title == ""
    assert read_page_meta("<title>Only &amp; this</title>").title == "Only & this"
    assert read_page_meta('<meta property="article:published_time" content="2025-02-30">').published is None
