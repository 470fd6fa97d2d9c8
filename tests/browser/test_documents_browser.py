"""In a real browser: an author writes a document with a section restricted to regulators and asks for its
review; the organisation's triager answers the checklist and publishes it; the public reads the withheld
marker in its place, and a regulator reads the section. At 1280 and 390 pixels wide."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "Elicitation used a private scaffold BROWSER-MARKER-31d7"
MARKER = "[withheld: exploit detail: working jailbreak — available to: regulators and auditors]"


@pytest.fixture
def people(make_org, make_user):
    dev = make_org("developer", name="Acme AI", slug="acme")
    reg = make_org("regulator", name="Safety Office", slug="office")
    return {"author": make_user(dev, "member", email="author@acme.test"),
            "triager": make_user(dev, "triager", email="triager@acme.test"),
            "auditor": make_user(reg, "member", email="auditor@office.test")}


def _sign_out(page):
    page.context.clear_cookies()  # the sign-out button sits in the collapsed menu at 390 px


@pytest.mark.parametrize("width", [1280, 390])
def test_write_review_release_and_read_by_audience(page, sign_in, anonymous_page, people, width):
    page.set_viewport_size({"width": width, "height": 900})
    anonymous_page.set_viewport_size({"width": width, "height": 900})

    # The author writes a report with a public section and one for regulators; a missing reason keeps the text.
    sign_in("author@acme.test")
    page.goto("/documents/new/?organisation=acme")
    page.locator("#id_kind").select_option("capability_report")
    page.locator("#id_title").fill("Acme 7B capability report")
    page.locator("#id_sections-0-title").fill("Summary")
    page.locator("#id_sections-0-body").fill("Both red lines stay not crossed.")
    page.locator("#id_sections-1-title").fill("Elicitation")
    page.locator("#id_sections-1-body").fill(SECRET)
    page.locator("#section-2").get_by_label("regulators and auditors").check()
    page.get_by_role("button", name="Save the draft").click()
    assert "needs a reason" in page.locator("#section-2").inner_text()
    assert page.locator("#id_sections-1-body").input_value() == SECRET  # nothing lost
    page.locator("#id_sections-1-reason").select_option("exploit_detail")
    page.locator("#id_sections-1-detail").fill("working jailbreak")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url("**/documents/acme/acme-7b-capability-report/")
    assert "not released" in page.locator("main").inner_text()
    page.get_by_role("button", name="Request review").click()
    assert "Sent for its information-hazard review" in page.locator(".messages").inner_text()
    assert anonymous_page.goto("/documents/acme/acme-7b-capability-report/").status == 404
    _sign_out(page)

    # The triager reads the whole text, answers the checklist and publishes.
    sign_in("triager@acme.test")
    page.goto("/documents/acme/acme-7b-capability-report/")
    page.get_by_role("link", name="Review version 1").click()
    assert SECRET in page.locator("main").inner_text()
    for question in page.locator("fieldset, .field").filter(has=page.get_by_role("radio", name="No")).all():
        question.get_by_role("radio", name="No").check()
    page.get_by_role("radio", name="publish").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/documents/acme/acme-7b-capability-report/")
    assert "Released as it is" in page.locator(".messages").inner_text()
    page.screenshot(path=f"/tmp/documents-browser-triager-{width}.png", full_page=True)
    _sign_out(page)

    # The public sees the marker, never the text; the page fits the screen.
    anonymous_page.goto("/documents/acme/acme-7b-capability-report/")
    text = anonymous_page.locator("main").inner_text()
    assert MARKER in text and SECRET not in text and "Both red lines stay not crossed." in text
    assert anonymous_page.evaluate("document.documentElement.scrollWidth") <= width
    anonymous_page.screenshot(path=f"/tmp/documents-browser-public-{width}.png", full_page=True)

    # A regulator reads the section.
    sign_in("auditor@office.test")
    page.goto("/documents/acme/acme-7b-capability-report/")
    text = page.locator("main").inner_text()
    assert SECRET in text and MARKER not in text
    page.screenshot(path=f"/tmp/documents-browser-regulator-{width}.png", full_page=True)
