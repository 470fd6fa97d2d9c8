"""The report form in a real browser: a jailbreak that transfers names several models and developers
(boxes with suggestions, commas too), the page after the redirect says who was told, a refresh sends
nothing again, and the form fits a phone's width."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vendors(make_org, make_model):
    from redline.disclosure.intake import ensure_terms

    aurora = make_org("developer", name="Aurora Labs", slug="aurora")
    forge = make_org("developer", name="OpenForge", slug="forge")
    make_org("developer", name="Meridian Systems", slug="meridian")
    make_model(aurora, name="Aurora 2", slug="aurora-2")
    make_model(forge, name="Forge 8B", slug="forge-8b")
    ensure_terms()


def test_a_transferable_jailbreak_names_several_vendors(anonymous_page, vendors):
    from redline.disclosure.models import Report

    page = anonymous_page
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/report/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing widens the page
    first = page.get_by_label("Affected models")
    assert first.get_attribute("list") == "id_models_suggestions"
    options = page.locator("#id_models_suggestions option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["aurora/aurora-2", "forge/forge-8b"]
    page.get_by_label("Title").fill("Grandmother role-play transfers across vendors")
    page.get_by_label("Description").fill("The same role-play framing unlocks refused instructions on every model.")
    first.fill("aurora/aurora-2")
    page.get_by_label("Affected model 2").fill("forge/forge-8b")
    page.locator("#id_vendors_0").fill("meridian")
    page.locator("#id_cue_ids_0").fill("cue-0006, CUE-0001")
    page.locator("#id_references").fill("https://example.org/transfer A write-up")
    page.get_by_label("I accept the safe-harbor terms shown above").check()
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_url("**/report/received/")
    notified = page.locator("#notified").inner_text()
    assert "Aurora Labs, Meridian Systems, OpenForge" in notified
    assert page.locator("#follow-up-link").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    report = Report.objects.get()
    assert sorted(p.vendor.slug for p in report.case.participants.all()) == ["aurora", "forge", "meridian"]
    assert sorted(c.pk for c in report.cue_entries.all()) == ["CUE-0001", "CUE-0006"]
    assert report.references == [{"url": "https://example.org/transfer", "label": "A write-up"}]

    page.reload()  # after the redirect a refresh is a GET: nothing is sent again
    assert Report.objects.count() == 1
    assert page.locator("#follow-up-link").count() == 0 and page.locator("#link-shown").count() == 1
