"""The site in a real browser: sign in, create a model, import a card, and what anonymous visitors see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARDS = Path(__file__).resolve().parents[1] / "fixtures" / "hf-cards"


@pytest.fixture
def member(developer, make_user):
    return make_user(developer, role="admin", email="member@example.org")


def test_sign_in_create_a_model_and_see_it_publicly(page, anonymous_page, sign_in, member):
    sign_in("member@example.org")
    page.goto("/models/new/")
    page.get_by_label("Organisation").select_option(label="Acme AI")
    page.get_by_label("Name").fill("Browser Model")
    page.get_by_label("Parameter count").fill("-3")
    page.get_by_role("button", name="Save").click()
    errors = page.locator("#id_parameter_count_errors")  # refused, the message beside the field
    assert errors.is_visible()
    assert "greater than or equal to 0" in errors.inner_text()
    assert page.get_by_label("Name").input_value() == "Browser Model"  # what was typed is kept
    page.get_by_label("Version").fill("1.0")
    page.get_by_label("Modality").select_option("text")
    page.get_by_label("Parameter count").fill("1000")
    page.get_by_label("Summary").fill("Made in a browser.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/models/acme/browser-model/")
    assert page.locator("h1").inner_text().startswith("Browser Model")
    assert "Model acme/browser-model created." in page.locator(".messages").inner_text()

    anonymous_page.goto("/models/acme/browser-model/")
    assert anonymous_page.locator("h1").inner_text().startswith("Browser Model")
    assert "Made in a browser." in anonymous_page.content()
    anonymous_page.goto("/models/")
    assert anonymous_page.get_by_role("link", name="Browser Model").is_visible()


def test_import_a_model_card_through_the_upload_form(page, anonymous_page, sign_in, member):
    from redline.registry.models import AIModel

    sign_in("member@example.org")
    page.goto("/models/import-card/")
    page.get_by_label("Organisation").select_option(label="Acme AI")
    page.get_by_label("Model card (README.md)").set_input_files(str(CARDS / "sample_invalid_card_data.md"))
    page.get_by_role("button", name="Import card").click()
    assert "must be a mapping" in page.locator("#id_card_errors").inner_text()
    assert not AIModel.objects.exists()

    page.get_by_label("Organisation").select_option(label="Acme AI")
    page.get_by_label("Model card (README.md)").set_input_files(str(CARDS / "sample_simple_model_index.md"))
    page.get_by_label("Slug").fill("cool-model")
    page.get_by_role("button", name="Import card").click()
    page.wait_for_url("**/models/acme/cool-model/")
    assert "imported into acme/cool-model" in page.locator(".messages").inner_text()

    anonymous_page.goto("/models/acme/cool-model/")
    body = anonymous_page.locator("main").inner_text()
    assert "mit" in body and "Image" in body
    assert "accuracy" in body and "0.9" in body  # results stated in the card
    anonymous_page.get_by_role("link", name="raw card").click()
    assert "model-index" in anonymous_page.content()


def test_anonymous_visitor_cannot_reach_org_only_pages(anonymous_page, developer, make_model):
    make_model(developer, name="Secret Sauce", slug="secret", visibility="org")
    response = anonymous_page.goto("/models/acme/secret/")
    assert response.status == 404
    assert "Secret Sauce" not in anonymous_page.content()
    response = anonymous_page.goto("/models/acme/secret.json")
    assert response.status == 404
    anonymous_page.goto("/models/new/")
    assert "/accounts/login/?next=/models/new/" in anonymous_page.url
    assert anonymous_page.locator("h1").inner_text() == "Sign in"


def test_model_list_reads_without_javascript(browser, live_server, developer, make_model):
    make_model(developer, name="Plain Reader", modality="image")
    make_model(developer, name="Other Thing", modality="text")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/models/")
        rows = page.locator("#model-results tbody tr")
        assert rows.count() == 2
        assert "Plain Reader" in rows.all_inner_texts()[1] or "Plain Reader" in " ".join(rows.all_inner_texts())
        # the filter form works as a plain GET form without htmx
        page.get_by_label("Modality").select_option("image")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/models/?*modality=image*")
        assert page.locator("#model-results tbody tr").all_inner_texts()[0].startswith("Plain Reader")
        assert page.locator("#model-results tbody tr").count() == 1
    finally:
        context.close()


A11Y = """() => {
  const controls = [...document.querySelectorAll('input, select, textarea')].filter(
    el => !['hidden', 'submit', 'button'].includes(el.type));
  const unlabelled = controls.filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map(el => el.outerHTML.slice(0, 100));
  return {h1: document.querySelectorAll('h1').length, main: document.querySelectorAll('main').length,
          nav: document.querySelectorAll('nav').length, unlabelled,
          csp: [...document.querySelectorAll('script:not([src])')].length};
}"""


def test_pages_have_landmarks_and_labels(page, sign_in, member, make_model, developer):
    make_model(developer, name="Labelled", slug="labelled")
    paths = ["/", "/models/", "/orgs/", "/orgs/acme/", "/models/acme/labelled/", "/ledger/"]
    for path in paths:
        page.goto(path)
        result = page.evaluate(A11Y)
        assert (result["h1"], result["main"]) == (1, 1), path
        assert result["nav"] >= 1, path
        assert result["unlabelled"] == [], path
    sign_in("member@example.org")
    for path in ["/accounts/settings/", "/models/new/", "/models/import-card/", "/models/acme/labelled/edit/"]:
        page.goto(path)
        result = page.evaluate(A11Y)
        assert (result["h1"], result["main"]) == (1, 1), path
        assert result["unlabelled"] == [], path


def test_live_search_with_htmx_and_no_csp_violations(page, member, developer, make_model):
    from playwright.sync_api import expect

    make_model(developer, name="Scripted")
    make_model(developer, name="Unrelated")
    messages = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto("/models/")
    expect(page.locator("#model-results tbody tr")).to_have_count(2)
    page.get_by_label("Search").fill("Scri")
    expect(page.locator("#model-results tbody tr")).to_have_count(1)  # swapped in by htmx, no reload
    expect(page).to_have_url(re.compile(r"q=Scri"))
    assert page.locator("#model-results tbody tr").inner_text().startswith("Scripted")
    assert not [m for m in messages if "Content Security Policy" in m], messages
