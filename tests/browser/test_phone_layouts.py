"""At 390 px (a phone) every page listed in issue 12 is usable: the page itself never scrolls sideways.

Wide tables may scroll inside themselves; the navigation wraps. Measured on the demo data, so the
pages hold realistic content (long model names, hashes, many columns).
"""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> int:
    """How far the page is wider than the viewport, in CSS pixels (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _first(queryset, what: str):
    obj = queryset.first()
    assert obj is not None, f"the demo has no {what}"
    return obj


@pytest.mark.django_db(transaction=True)
def test_listed_pages_fit_a_phone_without_sideways_scrolling(browser, live_server):
    from redline.commitments.models import Commitment
    from redline.demo import DEMO_PASSWORD, load_demo
    from redline.disclosure.models import Advisory, Incident
    from redline.enumeration.models import CueEntry
    from redline.registry.demo import DEMO_DOMAIN
    from redline.registry.models import AIModel

    load_demo()
    advisory = _first(Advisory.objects.filter(state="published").order_by("pk"), "published advisory")
    public = [
        "/", "/advisories/", advisory.get_absolute_url(), "/report/",
        _first(AIModel.objects.order_by("pk"), "model").get_absolute_url(),
        f"/commitments/{_first(Commitment.objects.order_by('pk'), 'commitment').pk}/",
        "/cue/", _first(CueEntry.objects.order_by("pk"), "CUE entry").get_absolute_url(),
        f"/incidents/{_first(Incident.objects.order_by('pk'), 'incident').pk}/",
        "/models/", "/orgs/", "/ledger/", "/commitments/", "/incidents/",
    ]

    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    wide = []
    for path in public:
        response = page.goto(path)
        assert response.status == 200, path
        if _overflow(page) > 0:
            wide.append((path, _overflow(page)))

    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(f"triager@openforge.{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    for path in ["/cases/", None]:
        if path is None:  # the first case in the triager's own queue
            path = page.evaluate("[...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))"
                                 ".find(h => /^\\/cases\\/\\d+\\/$/.test(h || ''))")
            assert path, "the triager's queue lists no case"
        response = page.goto(path)
        assert response.status == 200, path
        if _overflow(page) > 0:
            wide.append((path, _overflow(page)))
    context.close()
    assert wide == [], f"pages wider than a 390 px phone (path, extra px): {wide}"


@pytest.mark.django_db(transaction=True)
def test_navigation_folds_behind_a_menu_button_on_a_phone_only(browser, live_server):
    for width, folded in ((390, True), (1280, False)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto("/advisories/")
        models = page.get_by_role("navigation", name="Main").get_by_role("link", name="Models")
        menu = page.get_by_text("Menu", exact=True)
        assert menu.is_visible() is folded, width
        assert models.is_visible() is not folded, width
        if folded:
            menu.click()
            assert models.is_visible()
            assert _overflow(page) == 0
        context.close()

    # Without JavaScript the menu stays open: every link is reachable on a phone too.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/advisories/")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Models").is_visible()
    context.close()
