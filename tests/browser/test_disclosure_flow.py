"""Coordinated disclosure in a real browser: an anonymous report naming two vendors → triage → an embargo end
past the policy refused in words → embargo agreed by the reporter → escalation → fix → publishing refused
while the other vendor has neither a fix nor agreed → the other vendor agrees → published, redacted
advisory with each vendor's status and statement; script text stays text; a vendor off the case cannot
open it."""

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
    meridian = make_org("developer", name="Meridian Systems", slug="meridian")
    centre = make_org("coordinator", name="Coordination Centre", slug="centre")
    make_model(aurora, name="Aurora 2", slug="aurora-2")
    make_model(forge, name="Forge 8B", slug="forge-8b")
    make_user(aurora, "triager", email="triager@aurora.test")
    make_user(forge, "triager", email="triager@forge.test")
    make_user(meridian, "triager", email="triager@meridian.test")
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
    page.wait_for_url("**/dashboard/")  # sign-in lands on the dashboard
    return context, page


def _button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def test_disclosure_flow_end_to_end(browser, live_server, anonymous_page, parties):
    from django.utils import timezone

    from redline.disclosure.clocks import check_deadlines
    from redline.disclosure.models import Report

    dialogs: list[str] = []
    anon = anonymous_page
    anon.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1. an anonymous reporter submits a jailbreak that works on two vendors' models
    anon.goto("/report/")
    assert "Safe-harbor terms" in anon.content()
    anon.get_by_label("Title").fill("Role-play bypass <script>alert('x')</script>")
    anon.get_by_label("Description").fill("A chemist role-play yields refused instructions.")
    anon.get_by_label("Affected models").fill("aurora/aurora-2")
    anon.get_by_label("Affected model 2").fill("forge/forge-8b")
    anon.get_by_label("Reproduction").fill("SECRET-REPRO-STEPS")
    anon.get_by_label("I accept the safe-harbor terms shown above").check()
    anon.get_by_role("button", name="Submit report").click()
    link = anon.locator("#follow-up-link").get_attribute("href")
    assert link and "/report/follow/rlf_" in link
    report = Report.objects.get()
    assert report.case.participants.count() == 2

    # 2. Aurora's triager accepts; an embargo end past the policy is refused, in words, not cut short
    vctx, vendor = _sign_in(browser, live_server, "triager@aurora.test")
    vendor.goto("/cases/")
    vendor.get_by_role("link", name=report.ref).click()
    _button(vendor, "Accept the report").click()
    vendor.wait_for_selector("td.state-accepted")
    too_late = (timezone.localdate() + timedelta(days=200)).isoformat()
    vendor.get_by_label(re.compile("Embargo end")).fill(too_late)
    _button(vendor, "Propose an embargo").click()
    refusal = vendor.locator(".message.error").inner_text()
    assert "the longest embargo this site allows" in refusal and f"{too_late} is later" in refusal
    vendor.wait_for_selector("p:has-text('Embargo: none')")
    _button(vendor, "Propose an embargo").click()  # no end: the longest the policy allows
    vendor.wait_for_selector("p:has-text('Embargo: proposed')")

    # 3. the reporter agrees to it from the follow-up link
    anon.goto(link)
    _button(anon, "Agree to the embargo").click()
    anon.wait_for_selector("p:has-text('Embargo: active')")

    # 4. a deadline passes: the coordinator sees the escalation
    assert check_deadlines(now=timezone.now() + timedelta(days=120))
    cctx, coord = _sign_in(browser, live_server, "coord@centre.test")
    coord.goto("/coordination/")
    row = coord.locator("tr.escalation").first
    assert report.ref in row.inner_text()

    # 5. Aurora's fix is ready, but OpenForge has neither a fix nor agreed: publishing is refused, and why
    vendor.reload()
    _button(vendor, "Mark fix ready").click()
    vendor.wait_for_selector("td:text-is('VF')")
    assert _button(vendor, "Publish the advisory").count() == 0
    blocked = vendor.locator("#publish-blocked").inner_text()
    assert "OpenForge has neither a fix ready nor agreed to early publication" in blocked
    vendor.get_by_label(re.compile("Aurora Labs's statement for the advisory")).fill("Fixed in Aurora 2.2.")
    _button(vendor, "Save statement").click()
    vendor.wait_for_selector(".message.success")

    # 6. OpenForge agrees; now Aurora may publish about its own product
    fctx, forge = _sign_in(browser, live_server, "triager@forge.test")
    forge.goto(f"/cases/{report.pk}/")
    _button(forge, "Agree that another vendor may publish early").click()
    forge.wait_for_selector(".message.success")
    vendor.reload()
    _button(vendor, "Publish the advisory").click()
    vendor.wait_for_selector("p:has-text('(published)')")
    public_id = re.search(r"RL-\d{4}-\d{5}", vendor.content()).group(0)

    # 7. the public page: redacted, the script as text, each vendor's status and statement, one agreed date
    anon.goto(f"/advisories/{public_id}/")
    heading = anon.locator("h1").inner_text()
    assert "<script>alert('x')</script>" in heading
    assert "SECRET-REPRO-STEPS" not in anon.content()
    assert "reproduction" in anon.locator("main").inner_text()  # shown as withheld
    rows = [r.inner_text().split("\t") for r in anon.locator("#vendors tr.vendor-status").all()]
    assert [(r[0].strip(), r[1].strip()) for r in rows] == [("Aurora Labs", "fix ready"), ("OpenForge", "no response")]
    assert "Fixed in Aurora 2.2." in rows[0][2]
    release = anon.locator("#release").inner_text()
    assert "the publication date agreed on the case was" in release and "with every other vendor's agreement" in release
    assert dialogs == []

    # 8. a vendor off the case cannot open it
    mctx, other = _sign_in(browser, live_server, "triager@meridian.test")
    response = other.goto(f"/cases/{report.pk}/")
    assert response.status == 404
    for ctx in (vctx, cctx, fctx, mctx):
        ctx.close()
