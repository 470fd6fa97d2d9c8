"""Forms and the API reject invalid data with messages naming the field; nothing is written."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

GOOD = {"name": "Valid Model", "modality": "text", "visibility": "public"}


@pytest.fixture
def member_client(client, developer, make_user):
    client.force_login(make_user(developer, role="member"))
    return client


@pytest.mark.parametrize("change,field", [
    ({"name": ""}, "name"),
    ({"modality": "smell"}, "modality"),
    ({"parameter_count": "-5"}, "parameter_count"),
    ({"release_date": "2025-13-45"}, "release_date"),
    ({"visibility": "restricted"}, "audiences"),
    ({"links": "not a url"}, "links"),
])
def test_new_model_form_names_the_bad_field(member_client, developer, change, field):
    from redline.registry.models import AIModel

    response = member_client.post("/models/new/", {**GOOD, "organisation": developer.pk, **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html or field == "audiences"
    assert not AIModel.objects.exists()


def test_new_model_form_creates(member_client, developer):
    response = member_client.post("/models/new/", {**GOOD, "organisation": developer.pk, "parameter_count": "7",
                                                   "release_date": "2026-01-31",
                                                   "links": "https://example.org/paper"})
    assert response.status_code == 302
    assert response["Location"] == "/models/acme/valid-model/"
    from redline.registry.models import AIModel

    model = AIModel.objects.get()
    assert model.links == [{"rel": "related", "href": "https://example.org/paper"}]


def test_new_model_form_refuses_an_org_the_user_is_not_in(member_client, make_org):
    other = make_org("developer")
    response = member_client.post("/models/new/", {**GOOD, "organisation": other.pk})
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_scope_form_rejects_rate_above_one(member_client, developer, make_model):
    model = make_model(developer, name="Scoped")
    response = member_client.post("/models/acme/scoped/scope/", {"intended_use": "Chat",
                                                                   "claims": "refuses X | 1.5"})
    assert response.status_code == 400
    assert "claims" in response.context["form"].errors
    assert "between 0 and 1" in response.content.decode()
    assert not model.scope_statements.exists()
    response = member_client.post("/models/acme/scoped/scope/", {"intended_use": "Chat",
                                                                   "claims": "refuses X | 0.99\nno rate"})
    assert response.status_code == 302
    assert model.scope_statements.get().claims == [{"claim": "refuses X", "rate": 0.99}, {"claim": "no rate"}]


def test_deployment_form_rejects_unknown_mode(member_client, developer, make_model):
    model = make_model(developer, name="Deployed")
    response = member_client.post("/models/acme/deployed/deployments/", {"mode": "telepathy", "status": "active"})
    assert response.status_code == 400
    assert "mode" in response.context["form"].errors
    assert not model.deployments.exists()
    response = member_client.post("/models/acme/deployed/deployments/",
                                  {"mode": "open_weights", "status": "active", "channels": "hub, torrent"})
    assert response.status_code == 302
    assert model.deployments.get().channels == ["hub", "torrent"]


def test_edit_form_updates_and_validates(member_client, developer, make_model):
    make_model(developer, name="Editable")
    page = member_client.get("/models/acme/editable/edit/")
    assert page.status_code == 200
    response = member_client.post("/models/acme/editable/edit/", {**GOOD, "name": "Edited", "licence": "mit"})
    assert response.status_code == 302
    from redline.registry.models import AIModel

    assert AIModel.objects.get().name == "Edited"
    response = member_client.post("/models/acme/editable/edit/", {**GOOD, "parameter_count": "-1"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["parameter_count"]


# --- the API --------------------------------------------------------------------------


@pytest.fixture
def token(developer, make_user, make_token):
    return make_token(make_user(developer), scope="write")


def _names_field(response, field):
    body = response.json()
    text = str(body)
    assert field in text, body


@pytest.mark.parametrize("change,field,status", [
    ({"name": ""}, "name", 422),
    ({"modality": "smell"}, "modality", 422),
    ({"parameter_count": -1}, "parameter_count", 422),
    ({"release_date": "yesterday"}, "release_date", 422),
    ({"visibility": "restricted"}, "audiences", 422),
    ({"visibility": "restricted", "audiences": ["aliens"]}, "audiences", 422),
])
def test_api_create_model_rejects_bad_fields(api_client, token, change, field, status):
    from redline.registry.models import AIModel

    response = api_client("post", "/api/models", token, json={"organisation": "acme", **GOOD, **change})
    assert response.status_code == status, response.content
    _names_field(response, field)
    assert not AIModel.objects.exists()


def test_api_service_errors_carry_the_field(api_client, token):
    response = api_client("post", "/api/models", token, json={"organisation": "acme", **GOOD, "modality": "smell"})
    assert response.json()["field"] == "modality"


def test_api_scope_rejects_rate_above_one(api_client, token, developer, make_model):
    model = make_model(developer, name="Scoped")
    response = api_client("post", "/api/models/acme/scoped/scope", token,
                          json={"intended_use": "Chat", "claims": [{"claim": "refuses X", "rate": 1.2}]})
    assert response.status_code == 422
    assert response.json()["field"] == "claims[0].rate"
    assert not model.scope_statements.exists()
    response = api_client("post", "/api/models/acme/scoped/scope", token, json={"intended_use": ""})
    assert response.status_code == 422
    _names_field(response, "intended_use")


def test_api_deployment_rejects_unknown_mode(api_client, token, developer, make_model):
    model = make_model(developer, name="Deployed")
    response = api_client("post", "/api/models/acme/deployed/deployments", token, json={"mode": "telepathy"})
    assert response.status_code == 422
    assert response.json()["field"] == "mode"
    assert "telepathy" in response.json()["detail"]
    assert not model.deployments.exists()
    response = api_client("post", "/api/models/acme/deployed/deployments", token,
                          json={"mode": "gated_open_weights", "status": "active", "start_date": "2026-02-03"})
    assert response.status_code == 201
    assert response.json()["reversibility_rank"] == 3


def test_api_patch_validates(api_client, token, developer, make_model):
    make_model(developer, name="Patchy")
    response = api_client("patch", "/api/models/acme/patchy", token, json={"modality": "smell"})
    assert response.status_code == 422
    assert response.json()["field"] == "modality"
    response = api_client("patch", "/api/models/acme/patchy", token, json={"summary": "better"})
    assert response.status_code == 200
    assert response.json()["summary"] == "better"


def test_api_unknown_org_is_404(api_client, token):
    response = api_client("post", "/api/models", token, json={"organisation": "nope", **GOOD})
    assert response.status_code == 404


def test_api_member_of_other_org_gets_403(api_client, developer, make_org, make_user, make_token):
    other = make_org("developer")
    token = make_token(make_user(other), scope="write")
    response = api_client("post", "/api/models", token, json={"organisation": "acme", **GOOD})
    assert response.status_code == 403


def test_api_malformed_json_is_400_or_422(api_client, token, client):
    response = client.post("/api/models", data="{not json", content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (400, 422)
