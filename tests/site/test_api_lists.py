"""API lists: pagination and filters."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def models(developer, make_org, make_model):
    other = make_org("developer", name="Beta Labs", slug="beta")
    make_org("regulator", name="Watchdog", slug="watchdog")
    make_model(developer, name="Alpha Text", modality="text", licence="mit")
    make_model(developer, name="Alpha Image", modality="image", licence="mit")
    make_model(other, name="Beta Text", modality="text", licence="apache-2.0")


def test_models_pagination(client, models):
    first = client.get("/api/models?limit=2&offset=0").json()
    second = client.get("/api/models?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 3
    names = [m["name"] for m in first["items"] + second["items"]]
    assert sorted(names) == ["Alpha Image", "Alpha Text", "Beta Text"]
    assert len(first["items"]) == 2 and len(second["items"]) == 1


@pytest.mark.parametrize("query,names", [
    ("org=beta", ["Beta Text"]),
    ("modality=image", ["Alpha Image"]),
    ("licence=mit", ["Alpha Image", "Alpha Text"]),
    ("q=beta", ["Beta Text"]),
])
def test_models_filters(client, models, query, names):
    assert sorted(m["name"] for m in client.get(f"/api/models?{query}").json()["items"]) == names


def test_orgs_filter_and_detail(client, models):
    items = client.get("/api/orgs?kind=regulator").json()["items"]
    assert [o["slug"] for o in items] == ["watchdog"]
    assert client.get("/api/orgs/beta").json()["name"] == "Beta Labs"
    assert client.get("/api/orgs/nope").status_code == 404


def test_api_model_detail_matches_json_twin(client, models):
    api = client.get("/api/models/acme/alpha-text").json()
    twin = client.get("/models/acme/alpha-text.json").json()
    assert api == twin


def test_html_model_list_paginates(client, developer, make_model):
    for i in range(27):
        make_model(developer, name=f"Bulk {i:02d}")
    data = client.get("/models.json?page=2").json()
    assert (data["count"], data["page"], data["pages"]) == (27, 2, 2)
    assert len(data["results"]) == 2
    assert client.get("/models/?page=2").status_code == 200
    assert client.get("/models/?page=nonsense").status_code == 200
