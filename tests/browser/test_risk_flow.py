"""In a real browser: a developer runs the risk model of a threat profile, sees the verdict with its
interval, the F-N plot loads, the stored record reads without JavaScript, and bad input is named."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def profile(risk_profile):
    return risk_profile


def test_run_a_two_level_estimate_and_read_it(page, browser, live_server, sign_in, profile):
    sign_in("admin@acme.example")
    page.goto(f"/threat-profiles/{profile.pk}/")
    assert "has not been run yet" in page.content()

    page.get_by_role("button", name="Run and store").click()  # no threshold: the field is named
    assert "choose a risk threshold or give N" in page.content()

    page.get_by_label("Harm level N").fill("100000")
    page.get_by_label("Limit p").fill("0.001")
    page.get_by_label("Samples").fill("20000")
    page.get_by_label("Outer (epistemic) draws").fill("100")
    page.get_by_label("Inner (aleatory) draws").fill("2000")
    page.get_by_role("button", name="Run and store").click()
    page.wait_for_url("**/risk-runs/*/")
    verdict = page.locator("p.verdict").inner_text()
    assert "95% interval" in verdict and "Monte Carlo error" in verdict and "90% epistemic interval" in verdict
    status = page.locator("p.verdict .badge").inner_text().lower()
    assert status in ("within", "exceeds", "uncertain")
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")
    # far in the tail: the aleatory harm is integrated out in closed form, and the run says so
    assert "two-level-conditional" in page.content() and "integrated out in closed form" in page.content()

    page.goto(f"/threat-profiles/{profile.pk}/")
    assert page.locator("p.verdict .badge").inner_text().lower() == status
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")

    # the public reads the same page without JavaScript
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        anonymous = context.new_page()
        anonymous.goto(f"/threat-profiles/{profile.pk}/")
        assert anonymous.locator("p.verdict .badge").inner_text().lower() == status
        assert "Run and store" not in anonymous.content()
    finally:
        context.close()
