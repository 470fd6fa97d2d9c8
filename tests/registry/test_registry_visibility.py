"""Org-only and restricted models never reach people outside their audience: HTML, JSON twin and API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(developer, make_org, make_user, make_model, make_token):
    regulator_org = make_org("regulator", slug="regulator")
    rival = make_org("developer", slug="rival")
    make_model(developer, name="Open", slug="open")
    make_model(developer, name="Private Thing", slug="private", visibility="org")
    make_model(developer, name="Restricted Thing", slug="restricted", visibility="restricted",
               audiences=["regulator"])
    people = {
        "member": make_user(developer, role="member"),
        "regulator": make_user(regulator_org),
        "rival": make_user(rival, role="admin"),
        "nobody": make_user(),
    }
    tokens = {name: make_token(user, scope="read") for name, user in people.items()}
    return people, tokens


def _urls(slug):
    return [f"/models/acme/{slug}/", f"/models/acme/{slug}.json", f"/api/models/acme/{slug}"]


# who -> which of the hidden models they may see
EXPECTED = {
    "anonymous": set(),
    "nobody": set(),
    "rival": set(),
    "regulator": {"restricted"},
    "member": {"private", "restricted"},
}


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("slug", ["private", "restricted"])
def test_hidden_models_are_404_outside_their_audience(client, api_client, world, who, slug):
    people, tokens = world
    if who != "anonymous":
        client.force_login(people[who])
    allowed = slug in EXPECTED[who]
    for url in _urls(slug):
        if url.startswith("/api/"):
            response = api_client("get", url, tokens.get(who))
        else:
            response = client.get(url)
        assert response.status_code == (200 if allowed else 404), (who, url)
        body = response.content.decode()
        assert ("Thing" in body) is allowed, (who, url)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_lists_show_only_what_the_caller_may_see(client, api_client, world, who):
    people, tokens = world
    if who != "anonymous":
        client.force_login(people[who])
    expected = {"open"} | EXPECTED[who]
    twin = {m["slug"] for m in client.get("/models.json").json()["results"]}
    assert twin == expected
    html = client.get("/models/").content.decode()
    assert ("Private Thing" in html) is ("private" in expected)
    assert ("Restricted Thing" in html) is ("restricted" in expected)
    api = {m["slug"] for m in api_client("get", "/api/models", tokens.get(who)).json()["items"]}
    assert api == expected
    org = {m["slug"] for m in client.get("/orgs/acme.json").json()["models"]}
    assert org == expected
    home = {m["slug"] for m in client.get("/index.json").json()["latest_models"]}
    assert home == expected


def test_hidden_model_is_404_on_every_subpage_for_anonymous(client, world):
    for suffix in ("edit/", "scope/", "deployments/", "card.md"):
        response = client.get(f"/models/acme/private/{suffix}")
        assert response.status_code in (302, 404), suffix
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_signed_in_outsider_gets_404_on_edit_of_hidden_model(client, world):
    people, _ = world
    client.force_login(people["rival"])
    assert client.get("/models/acme/private/edit/").status_code == 404
    assert client.get("/models/acme/open/edit/").status_code == 403


def test_new_model_page_redirects_anonymous_to_sign_in(client):
    response = client.get("/models/new/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/models/new/"


def test_home_activity_does_not_mention_hidden_models(client, world):
    html = client.get("/").content.decode()
    assert "Private Thing" not in html and "Restricted Thing" not in html
