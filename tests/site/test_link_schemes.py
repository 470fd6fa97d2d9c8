"""Only http(s), mailto and relative URLs render as links (issue 11: a javascript: reference did)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from redline.core.text import is_link_safe

HOSTILE = ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
           "vbscript:msgbox", "\x01javascript:alert(1)", "file:///etc/passwd"]
SAFE = ["https://example.org/a", "http://example.org", "mailto:security@example.org", "/advisories/", "#top"]


@pytest.mark.parametrize("url", HOSTILE)
def test_other_schemes_are_not_links(url):
    assert not is_link_safe(url)
    html = Template("{% link url %}").render(Context({"url": url}))
    assert "<a " not in html


@pytest.mark.parametrize("url", SAFE)
def test_http_mailto_and_relative_urls_are_links(url):
    assert is_link_safe(url)
    assert Template("{% link url 'label' %}").render(Context({"url": url})).startswith("<a href=")


def test_an_advisory_reference_with_javascript_renders_as_text():
    html = render_to_string("disclosure/advisory_detail.html", {"adv": {"state": "published"}, "a": {
        "id": "RL-2026-0001", "title": "t", "references": [{"url": "javascript:alert(document.cookie)",
                                                            "label": "click"},
                                                           {"url": "https://example.org/ok", "label": "ok"}]}})
    assert 'href="javascript:' not in html and "click" in html
    assert 'href="https://example.org/ok"' in html


@pytest.mark.django_db
def test_a_model_link_with_javascript_renders_as_text(client, developer, make_model):
    model = make_model(developer, name="Linked", links=[{"rel": "repo", "href": "javascript:alert(1)"}])
    html = client.get(model.get_absolute_url()).content.decode()
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html
