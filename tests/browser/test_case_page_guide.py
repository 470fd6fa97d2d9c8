"""The case page guides each party in a real browser (issue 10): only the actions legal now, the primary one
apart from destructive ones, the next step with its deadline in the browser's time zone and UTC beside,
successes and refusals in words, a coordinator adding a vendor on a phone-sized screen, the adjudicator's
dispute queue without JavaScript."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def case(make_org, make_user, make_model):
    from redline.disclosure.intake import Submission, ensure_terms, submit_report

    aurora = make_org("developer", name="Aurora Labs", slug="aurora")
    make_org("developer", name="OpenForge", slug="forge")
    centre = make_org("coordinator", name="Coordination Centre", slug="centre")
    panel = make_org("adjudicator", name="Adjudication Panel", slug="panel")
    make_model(aurora, name="Aurora 2", slug="aurora-2")
    make_user(aurora, "triager", email="triager@aurora.test")
    make_user(centre, "triager", email="coord@centre.test")
    make_user(panel, "member", email="judge@panel.test")
    terms = ensure_terms()
    return submit_report(Submission(title="Role-play bypass", description="A framing makes it comply.",
                                    models=["aurora/aurora-2"], accepted_terms=terms.version,
                                    severity="high")).report


def _sign_in(browser, live_server, email, *, width=1280, zone="Europe/Berlin", js=True):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900},
                                  timezone_id=zone, java_script_enabled=js)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    return context, page


def _ops(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        ".action-box button[name=op]", "bs => Object.fromEntries(bs.map(b => [b.value, b.className]))")


def test_triager_sees_the_actions_of_each_state(browser, live_server, case):
    context, page = _sign_in(browser, live_server, "triager@aurora.test")
    page.goto(f"/cases/{case.pk}/")
    ops = _ops(page)
    assert ops["accept"] == "primary" and ops["invalid"] == "destructive"
    assert not set(ops) & {"fix_ready", "fix_deployed", "withdraw", "close", "accept_embargo"}
    # the primary button does not look like the destructive one
    colours = page.eval_on_selector_all(".action-box button.primary, .action-box button.destructive",
                                        "bs => bs.map(b => getComputedStyle(b).backgroundColor)")
    assert len(set(colours)) == 2
    step = page.locator(".next-steps li").first.inner_text()
    assert "acknowledge the report" in step
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d (CET|CEST|GMT\+1|GMT\+2) \(.*UTC\)", step), step
    page.get_by_role("button", name="Accept the report", exact=True).click()
    assert "Aurora Labs accepted the report" in page.locator(".messages").inner_text()
    ops = _ops(page)
    assert ops.get("fix_ready") == "primary" and "accept" not in ops and "fix_deployed" not in ops
    assert "make a fix ready" in page.locator(".next-steps").inner_text()
    page.screenshot(path="/tmp/h10b2-case-triager-1280.png", full_page=True)
    context.close()


def test_a_refusal_reads_as_a_sentence(browser, live_server, case):
    from redline.accounts.models import User
    from redline.disclosure import services

    triager = User.objects.get(email="triager@aurora.test")
    services.triage(triager, case, case.case.participants.get().vendor, "accept")
    context, page = _sign_in(browser, live_server, "triager@aurora.test")
    page.goto(f"/cases/{case.pk}/")
    # a stale page: the fix was marked deployed without being ready (posted by hand, as a second tab would)
    page.evaluate("""() => { const f = document.querySelector('.action-box[data-group=fix] form');
        const b = document.createElement('button'); b.name = 'op'; b.value = 'fix_deployed'; b.id = 'stale';
        f.appendChild(b); }""")
    page.click("#stale")
    text = page.locator(".message.error").inner_text()
    assert text == "Not done for Aurora Labs: A fix can be deployed only after it is ready."
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_coordinator_adds_a_vendor(browser, live_server, case, width):
    context, page = _sign_in(browser, live_server, "coord@centre.test", width=width)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Vendor to add").select_option("forge")
    page.get_by_role("button", name="Add a vendor", exact=True).click()
    assert "OpenForge was added to the case" in page.locator(".messages").inner_text()
    assert page.locator('.action-box[data-vendor="forge"]').count() >= 1
    # nothing is cut off or scrolls sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/h10b2-case-coordinator-{width}.png", full_page=True)
    context.close()


def test_adjudicators_dispute_queue_works_without_javascript(browser, live_server, case):
    from redline.accounts.models import User
    from redline.disclosure import services

    triager = User.objects.get(email="triager@aurora.test")
    services.triage(triager, case, case.case.participants.get().vendor, "invalid")
    services.file_dispute(case, case.case.participants.get().vendor, "It is a real flaw.", token_ok=True)
    context, page = _sign_in(browser, live_server, "judge@panel.test", width=390, js=False)
    page.goto("/disputes/")
    assert page.locator("table.queue tbody tr").count() == 1 and "Aurora Labs" in page.inner_text("table.queue")
    page.get_by_label("State").select_option("withdrawn")
    page.get_by_role("button", name="Show").click()
    assert "state=withdrawn" in page.url and "No disputes in this state" in page.inner_text("table.queue")
    page.goto(f"/cases/{case.pk}/")
    assert page.locator(".action-box button").count() == 0  # an adjudicator acts on the dispute page only
    page.screenshot(path="/tmp/h10b2-case-adjudicator-390.png", full_page=True)
    context.close()
