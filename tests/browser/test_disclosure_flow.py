"""Coordinated disclosure in a real browser: anonymous report → triage → embargo → escalation → fix →
published, redacted advisory; script text stays text; another vendor cannot open the case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def parties(make_org, make_user, make_model):
    from redline.disclosure.intake import ensure_terms

    aurora = make_org("developer", name="Aurora Labs", slug="aurora")
    forge = make_org("developer", name="OpenForge", slug="forge")
    centre = make_org("coordinator", name="Coordination Centre", slug="centre")
    make_model(aurora, name="Aurora 2", slug="aurora-2")
    make_user(aurora, "triager", email="triager@aurora.test")
    make_user(forge, "triager", email="triager@forge.test")
    make_user(centre, "triager", email="coord@centre.test")
    ensure_terms()


def _sign_in(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/settings/")
    return context, page


def test_disclosure_flow_end_to_end(browser, live_server, anonymous_page, parties):
    from django.utils import timezone

    from redline.disclosure.clocks import check_deadlines
    from redline.disclosure.models import Report

    dialogs: list[str] = []
    anon = anonymous_page
    anon.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1. an anonymous reporter submits
    anon.goto("/report/")
    assert "Safe-harbor terms" in anon.content()
    anon.get_by_label("Title").fill("Role-play bypass <script>alert('x')</script>")
    anon.get_by_label("Description").fill("A chemist role-play yields refused instructions.")
    anon.get_by_label("Affected models").fill("aurora/aurora-2")
    anon.get_by_label("Reproduction").fill("SECRET-REPRO-STEPS")
    anon.get_by_label("I accept the safe-harbor terms shown above").check()
    anon.get_by_role("button", name="Submit report").click()
    link = anon.locator("#follow-up-link").get_attribute("href")
    assert link and "/report/follow/rlf_" in link
    report = Report.objects.get()

    # 2. the vendor's triager accepts and proposes an embargo (HTMX swaps the case section in place)
    vctx, vendor = _sign_in(browser, live_server, "triager@aurora.test")
    vendor.goto("/cases/")
    vendor.get_by_role("link", name=report.ref).click()
    vendor.get_by_role("button", name="Accept", exact=True).click()
    vendor.wait_for_selector("td.state-accepted")
    vendor.get_by_role("button", name="Propose embargo").click()
    vendor.wait_for_selector("p:has-text('Embargo: proposed')")

    # 3. a deadline passes: the coordinator sees the escalation
    assert check_deadlines(now=timezone.now() + timedelta(days=120))
    cctx, coord = _sign_in(browser, live_server, "coord@centre.test")
    coord.goto("/coordination/")
    row = coord.locator("tr.escalation").first
    assert report.ref in row.inner_text() and "fix" in row.inner_text()

    # 4. the vendor marks the fix ready and publishes
    vendor.reload()
    vendor.get_by_role("button", name="Mark fix ready").click()
    vendor.wait_for_selector("td:text-is('VF')")
    vendor.get_by_role("button", name="Publish advisory").click()
    vendor.wait_for_selector("p:has-text('(published)')")
    public_id = re.search(r"RL-\d{4}-\d{5}", vendor.content()).group(0)

    # 5. the public page shows the redacted advisory, with the script as text
    anon.goto(f"/advisories/{public_id}/")
    heading = anon.locator("h1").inner_text()
    assert "<script>alert('x')</script>" in heading
    assert "SECRET-REPRO-STEPS" not in anon.content()
    assert "reproduction" in anon.locator("main").inner_text()  # shown as withheld
    assert dialogs == []

    # 6. another vendor cannot open the case
    fctx, other = _sign_in(browser, live_server, "triager@forge.test")
    response = other.goto(f"/cases/{report.pk}/")
    assert response.status == 404
    for ctx in (vctx, cctx, fctx):
        ctx.close()
