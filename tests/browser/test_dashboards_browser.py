"""Each role's dashboard in a real browser, on the demo data: sign-in lands there, the role's section is
shown, and at 390 px the page never scrolls sideways (tables stack into label/value rows)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = "demo.redline.test"
#: role → (sign-in, the section's heading, a text the section shows on the demo data)
ROLES = {
    "reporter": (f"researcher@open-red-team.{D}", "Your reports", "Next deadline"),
    "triager": (f"triager@aurora-labs.{D}", "Triage queue", "nearest deadline first"),
    "coordinator": (f"coordinator@coordination-centre.{D}", "Coordination", "Stalled cases"),
    "adjudicator": (f"adjudicator@adjudication-panel.{D}", "Disputes to decide", "Forge 8B fine-tune"),
    "reviewer": (f"reviewer1@isrb.{D}", "Reviews", "Waiting for your approval"),
    "org_admin": (f"admin@aurora-labs.{D}", "Your organisations", "Gate status per deployment"),
}


@pytest.fixture
def demo(live_server):
    from redline.demo import load_demo

    load_demo()


def _widths(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def _signed_in(browser, live_server, email):
    from redline.registry.demo import DEMO_PASSWORD

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    return context, page


def test_every_role_lands_on_its_dashboard_at_1280_and_390(browser, live_server, demo):
    for role, (email, heading, marker) in ROLES.items():
        context, page = _signed_in(browser, live_server, email)
        section = page.locator(f"section#{role}")
        assert section.get_by_role("heading", name=heading, exact=True).is_visible(), role
        assert marker in section.inner_text(), role
        width, client = _widths(page)
        assert width <= client, f"{role} at 1280 px: page is {width} px wide"

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        width, client = _widths(page)
        assert width <= client, f"{role} at 390 px: page is {width} px wide in a {client} px window"
        assert section.get_by_role("heading", name=heading, exact=True).is_visible(), role
        tables = section.locator("table.stack")
        if tables.count():
            # stacked: the header row is visually hidden, each cell carries its column's name
            assert tables.first.locator("thead").bounding_box()["height"] <= 1
            first = tables.first.locator("tbody td[data-label]").first
            label = first.get_attribute("data-label")
            shown = page.evaluate("(el) => getComputedStyle(el, '::before').content", first.element_handle())
            assert label and label in shown, (role, shown)
        context.close()


def test_the_org_admin_sees_the_refused_active_deployment_flagged(browser, live_server, demo):
    context, page = _signed_in(browser, live_server, f"admin@aurora-labs.{D}")
    alert = page.locator("#org_admin .message.error")
    assert "the gate now refuses" in alert.inner_text()
    assert page.locator("#org_admin tr.flagged").count() >= 1
    page.locator("#org_admin tr.flagged a").first.click()
    page.wait_for_url("**/models/aurora-labs/*/")
    assert "the gate now refuses" in page.locator(".flagged-deployments").inner_text()
    context.close()
