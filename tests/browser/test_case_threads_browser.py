"""A large case's threads and pages in a real browser (issue 12): the coordinator opens on the case-wide thread's
newest 50, pages back without JavaScript, writes in a vendor's thread; that vendor opens on its own thread, sees
the coordinator's message and no other vendor's thread, and the page fits a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def case(make_org, make_user, make_model):
    from django.utils import timezone

    from redline.disclosure.intake import Submission, ensure_terms, submit_report
    from redline.disclosure.models import Message

    aurora = make_org("developer", name="Aurora Labs", slug="aurora")
    forge = make_org("developer", name="OpenForge", slug="forge")
    centre = make_org("coordinator", name="Coordination Centre", slug="centre")
    make_model(aurora, name="Aurora 2", slug="aurora-2")
    make_model(forge, name="Forge 8B", slug="forge-8b")
    make_user(aurora, "triager", email="triager@aurora.test")
    make_user(centre, "triager", email="coord@centre.test")
    report = submit_report(Submission(title="Shared prefix bypass", description="One prefix, two vendors.",
                                      models=["aurora/aurora-2", "forge/forge-8b"],
                                      accepted_terms=ensure_terms().version)).report
    start = timezone.now() - timedelta(days=1)
    Message.objects.bulk_create(
        [Message(report=report, author_label="Coordinator", body=f"Update {i:03d}", created_at=start + timedelta(minutes=i))
         for i in range(120)]
        + [Message(report=report, author_label="OpenForge", vendor=forge, body="FORGE-ONLY note",
                   created_at=start)])
    return report


def _sign_in(browser, live_server, email, *, width=1280, js=True):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900},
                                  java_script_enabled=js)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")
    return context, page


def _shown(page) -> list[str]:
    return re.findall(r"Update \d{3}", page.locator("#thread").inner_text())


def test_coordinator_pages_back_without_javascript_and_writes_in_a_vendors_thread(browser, live_server, case):
    context, page = _sign_in(browser, live_server, "coord@centre.test", js=False)
    page.goto(f"/cases/{case.pk}/")
    assert _shown(page) == [f"Update {i:03d}" for i in range(70, 120)]  # the newest 50, the newest last
    page.get_by_role("link", name="← Earlier messages").first.click()
    assert _shown(page) == [f"Update {i:03d}" for i in range(20, 70)] and "page=2" in page.url
    page.get_by_role("link", name="Page 1").first.click()
    assert _shown(page) == [f"Update {i:03d}" for i in range(20)]
    page.get_by_role("link", name="Newest").first.click()
    assert _shown(page)[-1] == "Update 119"
    statuses = [r.inner_text() for r in page.locator("tr.vendor-row td[data-label=Status]").all()]
    assert [s.split(" (")[0] for s in statuses] == ["not yet checked", "not yet checked"]
    page.get_by_role("link", name="OpenForge thread").click()
    assert "FORGE-ONLY note" in page.locator("#thread").inner_text()
    page.get_by_role("link", name="Aurora Labs thread").click()
    page.get_by_role("textbox", name="Message").fill("Aurora: please confirm on 2.1.")
    page.get_by_role("button", name="Post to the Aurora Labs thread").click()
    assert "thread=aurora" in page.url and "Aurora: please confirm on 2.1." in page.locator("#thread").inner_text()
    context.close()

    # the vendor opens on its own thread (with JavaScript), sees the coordinator's message and never OpenForge's
    for width in (1280, 390):
        context, page = _sign_in(browser, live_server, "triager@aurora.test", width=width)
        page.goto(f"/cases/{case.pk}/")
        thread = page.locator("#thread").inner_text()
        assert "Aurora: please confirm on 2.1." in thread and "FORGE-ONLY" not in page.content()
        assert "OpenForge (" not in thread
        page.get_by_role("link", name=re.compile(r"Case-wide \(120\)")).click()
        assert _shown(page)[-1] == "Update 119"
        assert page.locator("#thread-read-only").is_visible()  # a vendor does not write to every vendor
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
        context.close()
