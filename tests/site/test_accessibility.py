"""Every page has one <h1>, a <main> and a <nav>, and every form control has a label."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/models/", "/orgs/", "/orgs/acme/", "/models/acme/a11y/", "/ledger/", "/accounts/login/",
          "/accounts/signup/", "/accounts/password-reset/", "/models/acme/no-such-model/"]
SIGNED_IN = ["/accounts/settings/", "/models/new/", "/models/import-card/", "/models/acme/a11y/edit/",
             "/models/acme/a11y/scope/", "/models/acme/a11y/deployments/", "/orgs/acme/invite/", "/models/",
             "/orgs/acme/"]


def unlabelled_controls(soup: BeautifulSoup) -> list[str]:
    """Form controls a screen reader could not name."""
    missing = []
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type") in ("hidden", "submit", "button"):
            continue
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.find_parent("label") is not None:
            continue
        cid = control.get("id")
        if cid and soup.find("label", attrs={"for": cid}):
            continue
        missing.append(str(control)[:120])
    return missing


def check_page(html: str, path: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") == "en", path
    assert soup.title and soup.title.get_text(strip=True), path
    assert len(soup.find_all("h1")) == 1, path
    assert len(soup.find_all("main")) == 1, path
    assert soup.find("nav") is not None, path
    assert unlabelled_controls(soup) == [], path
    for img in soup.find_all("img"):
        assert img.has_attr("alt"), (path, str(img))


@pytest.fixture
def site(developer, make_model, make_user):
    make_model(developer, name="A11y", slug="a11y")
    return make_user(developer, role="admin")


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages(client, site, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    check_page(response.content.decode(), path)


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_pages(client, site, path):
    client.force_login(site)
    response = client.get(path)
    assert response.status_code == 200, path
    check_page(response.content.decode(), path)


def test_form_errors_are_announced_and_linked(client, site):
    client.force_login(site)
    response = client.post("/models/new/", {"name": "", "modality": "text", "visibility": "public"})
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(id="id_name_errors")
    assert errors is not None and errors.get("role") == "alert"
    check_page(response.content.decode(), "/models/new/ (with errors)")


def test_checker_catches_an_unlabelled_input():
    soup = BeautifulSoup('<form><input name="x"><label for="y">Y</label><input id="y"></form>', "html.parser")
    assert len(unlabelled_controls(soup)) == 1
