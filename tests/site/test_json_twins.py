"""Every public HTML page has a JSON twin with the same records."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(developer, make_org, make_model, operator):
    from redline.registry import services

    other = make_org("research", name="Red Team", slug="red-team")
    public = make_model(developer, name="Open One", modality="text", licence="apache-2.0")
    services.add_scope_statement(operator, public, intended_use="Research", claims=[{"claim": "refuses X",
                                                                                     "rate": 0.9}])
    services.add_deployment(operator, public, mode="hosted_api", channels=["api"], status="active")
    hidden = make_model(developer, name="Hidden One", visibility="org")
    return {"org": developer, "other": other, "public": public, "hidden": hidden}


def _alternate(html: str) -> str:
    link = BeautifulSoup(html, "html.parser").find("link", rel="alternate", type="application/json")
    assert link is not None, "page does not advertise its JSON twin"
    return link["href"]


@pytest.mark.parametrize("path,twin", [
    ("/", "/index.json"),
    ("/models/", "/models.json"),
    ("/orgs/", "/orgs.json"),
    ("/orgs/acme/", "/orgs/acme.json"),
    ("/models/acme/open-one/", "/models/acme/open-one.json"),
    ("/ledger/", "/ledger.json"),
])
def test_page_links_its_json_twin_and_twin_is_json(client, registry, path, twin):
    page = client.get(path)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert _alternate(page.content.decode()) == twin
    data = client.get(twin)
    assert data.status_code == 200
    assert data["Content-Type"] == "application/json"
    assert data.json()


def test_models_twin_has_the_same_models_as_the_page(client, registry):
    html = client.get("/models/").content.decode()
    data = client.get("/models.json").json()
    names = [r["name"] for r in data["results"]]
    assert names == ["Open One"]
    assert data["count"] == 1
    assert "Open One" in html and "Hidden One" not in html


def test_orgs_twin_lists_every_organisation(client, registry):
    data = client.get("/orgs.json").json()
    slugs = {o["slug"] for o in data["results"]}
    assert slugs == {"acme", "red-team"}
    html = client.get("/orgs/").content.decode()
    assert "Acme AI" in html and "Red Team" in html


def test_org_twin_lists_its_visible_models(client, registry):
    data = client.get("/orgs/acme.json").json()
    assert data["slug"] == "acme" and data["kind"] == "developer"
    assert [m["slug"] for m in data["models"]] == ["open-one"]


def test_model_twin_has_card_fields_scope_and_deployments(client, registry):
    data = client.get("/models/acme/open-one.json").json()
    assert data["id"] == "acme/open-one"
    assert data["licence"] == "apache-2.0"
    assert [s["version"] for s in data["scope_statements"]] == [1]
    assert data["scope_statements"][0]["claims"] == [{"claim": "refuses X", "rate": 0.9}]
    assert [(d["mode"], d["reversibility_rank"]) for d in data["deployments"]] == [("hosted_api", 1)]
    html = client.get("/models/acme/open-one/").content.decode()
    assert "refuses X" in html and "Hosted API" in html


def test_home_twin_counts_and_latest_models(client, registry):
    data = client.get("/index.json").json()
    assert data["counts"] == {"organisations": 2, "models": 1, "published_advisories": 0,
                              "commitments_in_force": 0}
    assert data["latest_advisories"] == []
    assert [m["id"] for m in data["latest_models"]] == ["acme/open-one"]
    assert len(data["ledger_head"]["hash"]) == 64


def test_ledger_twin_has_the_same_entries_as_the_page(client, registry):
    from redline.ledger.models import LedgerEntry

    data = client.get("/ledger.json").json()
    assert data["count"] == LedgerEntry.objects.count()
    assert data["entries"][0]["seq"] == LedgerEntry.objects.order_by("-seq").first().seq
    assert "actor" not in data["entries"][0]  # actors only for operators
    html = client.get("/ledger/").content.decode()
    assert data["entries"][0]["hash"][:12] in html


def test_json_twin_of_model_list_honours_filters(client, registry, make_model):
    make_model(registry["org"], name="Picture Maker", modality="image")
    data = client.get("/models.json?modality=image").json()
    assert [r["name"] for r in data["results"]] == ["Picture Maker"]
    data = client.get("/models.json?q=open").json()
    assert [r["name"] for r in data["results"]] == ["Open One"]


@pytest.mark.django_db
def test_home_counts_follow_the_demo_and_hide_restricted_commitments(client):
    from redline.commitments.models import CommitmentVersion
    from redline.demo import load_demo
    from redline.disclosure.publishing import public_advisories

    load_demo()
    data = client.get("/index.json").json()
    assert data["counts"]["published_advisories"] == public_advisories().count() > 0
    assert [a["id"] for a in data["latest_advisories"]][:1] == [
        public_advisories().order_by("-published_at", "-sequence").first().public_id]
    in_force = CommitmentVersion.objects.filter(state="in_force")
    public = in_force.filter(commitment__model__visibility="public").count()
    assert data["counts"]["commitments_in_force"] == public < in_force.count()
    assert "Latest advisories" in client.get("/").content.decode()
