"""In a real browser at a desktop and a phone width: submitting an incident by URL (the page is a local
server, read through the SSRF guard with the local network allowed) and an AVID record shown whole."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
AVID_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "avid" / "reports"
ARTICLE = b"""<!doctype html><html><head><meta charset="utf-8"><title>x</title>
<meta property="og:title" content="Delivery robot blocked an ambulance for ten minutes">
<meta property="og:description" content="A sidewalk robot froze in front of an ambulance bay.">
<meta property="og:site_name" content="Metro Example"><meta property="article:published_time" content="2026-05-02">
</head><body></body></html>"""


@pytest.fixture
def news_site(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(ARTICLE)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()
    server.server_close()
    thread.join()


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_an_incident_submitted_by_url_starts_from_the_page(page, sign_in, make_user, news_site, width):
    from redline.disclosure.models import Incident

    make_user(email="reader@example.org")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("reader@example.org")
    page.goto("/incidents/submit/")
    _no_sideways_scroll(page, width)
    page.get_by_label("Address of a report on the incident").fill(news_site)
    page.get_by_role("button", name="Read the page").click()
    page.get_by_text("Filled in from the page").wait_for()
    assert page.get_by_label("Title (what happened, to whom)").input_value() == \
        "Delivery robot blocked an ambulance for ten minutes"
    assert page.get_by_label("Publisher of the report").input_value() == "Metro Example"
    assert page.get_by_label("Report published on").input_value() == "2026-05-02"
    _no_sideways_scroll(page, width)
    page.get_by_label("Deployer(s), one per line").fill("City Couriers")
    page.get_by_label("physical").check()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/incidents/*/")
    assert "awaiting review" in page.locator("main").inner_text()
    _no_sideways_scroll(page, width)
    inc = Incident.objects.get(title__startswith="Delivery robot")
    assert inc.state == "submitted" and inc.harm_types == ["physical"]
    assert inc.entity_links.get().entity.name == "City Couriers"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_avid_record_is_shown_whole(anonymous_page, db, width):
    from redline.disclosure.importers import import_avid

    [result] = import_avid([AVID_FIXTURES / "AVID-2026-R0551.json"])
    assert result.status == "imported"
    page = anonymous_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/advisories/AVID-2026-R0551/")  # the AVID ID redirects to the record
    assert "/advisories/RL-" in page.url
    heading = page.locator("h1")
    assert "`" not in heading.inner_text() and heading.locator("code").inner_text() == "dra.DRA"
    main = page.locator("main").inner_text()
    assert "severity not given" in main and "Withheld" not in main
    assert "S0403: Adversarial Example" in main and "L05: Evaluation" in main
    assert page.get_by_role("table").first.get_by_text("0/60 passed").count() >= 1
    for label in ("JSON", "JSON-LD", "STIX 2.1", "CVE JSON 5", "AVID"):
        assert page.get_by_role("link", name=label, exact=True).count() == 1
    _no_sideways_scroll(page, width)
