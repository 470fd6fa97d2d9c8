"""Issue 16 in a browser: an admin builds the quarterly report from the organisation page, a triager
releases it after the information-hazard review, and it is read as the public (withheld markers) and
as a regulator (their sections), at desktop and phone widths."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parents[1]
_name, _path = "redline_tests_world_fixtures", _HERE / "commitments" / "world_fixtures.py"
if _name not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_name, _path)
    sys.modules[_name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_name])

from redline_tests_world_fixtures import world  # noqa: E402,F401

from redline.transparency.report import DETAIL_MARKER  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("REDLINE_SCREENSHOTS")


def _signed_in(browser, live_server, email, width=1280):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if email:
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/dashboard/")
    return context, page


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_build_release_and_read_as_public_and_regulator(browser, live_server, world):  # noqa: F811
    context, page = _signed_in(browser, live_server, "admin@acme.test")
    page.goto("/orgs/acme/")
    page.get_by_role("button", name="Build the quarterly report").first.click()
    page.wait_for_url("**/documents/acme/**")
    assert "Transparency report" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Request review").click()
    page.wait_for_load_state()
    document_url = page.url.split("?")[0]
    context.close()

    context, page = _signed_in(browser, live_server, "triager@acme.test")
    page.goto(document_url)
    page.get_by_role("link", name="Review version 1").click()
    radios = page.get_by_role("radio", name="No", exact=True)
    for i in range(radios.count()):  # the four hazard questions: none applies to what becomes public
        radios.nth(i).check()
    page.get_by_label("publish", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    _shot(page, "decided")
    assert not page.url.split("?")[0].endswith("/review/"), page.locator("main").inner_text()[-1500:]
    context.close()

    for width in (1280, 390):
        context, page = _signed_in(browser, live_server, None, width)
        page.goto("/orgs/acme/transparency/")
        _shot(page, f"index-{width}")
        page.get_by_role("link", name="Transparency report").first.click()
        page.wait_for_url("**/transparency/reports/**")
        body = page.locator("main").inner_text()
        assert "[withheld: security of systems" in body and DETAIL_MARKER not in body
        assert page.locator("img[alt^='NIST AI 800-1 practices by status']").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shot(page, f"public-{width}")
        context.close()

        context, page = _signed_in(browser, live_server, "auditor@reg.test", width)
        page.goto("/orgs/acme/transparency/")
        page.get_by_role("link", name="Transparency report").first.click()
        page.wait_for_url("**/transparency/reports/**")
        body = page.locator("main").inner_text()
        assert DETAIL_MARKER in body and "Incidents: root causes and mitigations" in body
        _shot(page, f"regulator-{width}")
        context.close()
