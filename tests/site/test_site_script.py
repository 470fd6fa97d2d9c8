"""The site's own JavaScript is one external file: no inline script (CSP), and pages read without it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/incidents/", "/accounts/login/"])
def test_pages_load_one_site_script_and_no_inline_script(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    scripts = soup.find_all("script")
    assert scripts and all(s.get("src") and not (s.string or "").strip() for s in scripts), scripts
    ours = [s["src"] for s in scripts if "/redline/" in s["src"]]
    assert len(ours) == 1 and ours[0].split("?")[0].endswith("/redline/redline.js"), ours
    assert soup.find("details", class_="site-menu").has_attr("open")  # the menu is open until the script folds it
    assert not soup.select('script[src*="time.js"]')


def test_the_one_script_folds_the_menu_and_localises_times():
    from django.contrib.staticfiles import finders

    assert finders.find("redline/time.js") is None
    with open(finders.find("redline/redline.js"), encoding="utf-8") as f:
        text = f.read()
    assert "details.site-menu" in text and 'time[data-zone="auto"]' in text and "htmx:afterSwap" in text
