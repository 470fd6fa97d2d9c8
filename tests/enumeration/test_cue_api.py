"""API: entries (list with filters and pagination, detail with versions) and proposals (list, create, decide)."""

from __future__ import annotations

import pytest

from redline.core import cue as core
from redline.enumeration import services
from redline.enumeration.models import CueEntry, CueProposal

pytestmark = pytest.mark.django_db

SHIPPED = core.load_catalogue()


def test_list_is_paginated_and_filtered(api_client):
    page = api_client("get", "/api/cue?limit=10&offset=0").json()
    assert page["count"] == len(SHIPPED.entries) and len(page["items"]) == 10
    assert page["items"][0]["id"] == "CUE-0001"
    second = api_client("get", "/api/cue?limit=10&offset=10").json()
    assert second["items"][0]["id"] == SHIPPED.entries[10].id
    privacy = api_client("get", "/api/cue?category=privacy").json()
    assert [i["id"] for i in privacy["items"]] == [e.id for e in SHIPPED.by_category("privacy")]
    found = api_client("get", "/api/cue?q=biological").json()
    assert [i["id"] for i in found["items"]] == [e.id for e in SHIPPED.search("biological")]


def test_detail_has_versions_and_mappings(api_client):
    data = api_client("get", "/api/cue/CUE-0001").json()
    assert data["id"] == "CUE-0001" and data["versions"][0]["version"] == 1
    assert data["mappings"]["atlas"][0]["url"].startswith("https://atlas.mitre.org/techniques/AML.T")
    assert api_client("get", "/api/cue/CUE-9999").status_code == 404


def test_create_proposal_needs_a_write_token(api_client, contributor, make_token, new_fields):
    body = {"kind": "new", "fields": new_fields, "rationale": "seen"}
    assert api_client("post", "/api/cue-proposals", json=body).status_code == 401
    assert api_client("post", "/api/cue-proposals", make_token(contributor, "read"), json=body).status_code == 403
    created = api_client("post", "/api/cue-proposals", make_token(contributor), json=body)
    assert created.status_code == 201
    assert created.json()["state"] == "open" and created.json()["proposer"] == "contributor@example.org"
    assert CueProposal.objects.get().proposer == contributor


def test_create_edit_proposal(api_client, contributor, make_token):
    body = {"kind": "edit", "target": "CUE-0001", "fields": {"owasp": ["LLM06:2025"]}}
    created = api_client("post", "/api/cue-proposals", make_token(contributor), json=body)
    assert created.status_code == 201 and created.json()["target"] == "CUE-0001"
    missing = api_client("post", "/api/cue-proposals", make_token(contributor), json={**body, "target": "CUE-9999"})
    assert missing.status_code == 404


@pytest.mark.parametrize("fields,field", [
    ({"name": ""}, "name"),
    ({"category": "astrology"}, "category"),
    ({"atlas": ["nope"]}, "atlas"),
])
def test_bad_proposal_is_422_naming_the_field(api_client, contributor, make_token, new_fields, fields, field):
    response = api_client("post", "/api/cue-proposals", make_token(contributor),
                          json={"kind": "new", "fields": {**new_fields, **fields}})
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert CueProposal.objects.count() == 0


def test_bad_kind_is_rejected_by_the_schema(api_client, contributor, make_token, new_fields):
    response = api_client("post", "/api/cue-proposals", make_token(contributor),
                          json={"kind": "merge", "fields": new_fields})
    assert response.status_code == 422


def test_decisions_through_the_api(api_client, contributor, maintainer, make_token, new_fields):
    proposal = services.propose(contributor, "new", new_fields)
    path = f"/api/cue-proposals/{proposal.pk}/decision"
    assert api_client("post", path, make_token(contributor), json={"decision": "accept"}).status_code == 403
    no_reason = api_client("post", path, make_token(maintainer), json={"decision": "reject"})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    accepted = api_client("post", path, make_token(maintainer), json={"decision": "accept", "reason": "ok"})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert CueEntry.objects.filter(pk=accepted.json()["result"]).exists()
    listed = api_client("get", "/api/cue-proposals?state=accepted").json()
    assert [p["id"] for p in listed["items"]] == [proposal.pk]
    assert api_client("get", "/api/cue-proposals?state=bogus").status_code == 422


def test_schema_names_are_our_own(client):
    """Ninja names components by class name; a clash with another app's schema would swap one for the other."""
    schema = client.get("/api/openapi.json").json()
    body = schema["paths"]["/api/cue-proposals/{proposal_id}/decision"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/CueDecisionIn")
    assert set(schema["components"]["schemas"]["CueDecisionIn"]["properties"]) == {"decision", "reason"}
