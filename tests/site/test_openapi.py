"""The API publishes its OpenAPI document."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_json_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "redline API"
    for path in ("/api/models", "/api/models/{org}/{slug}", "/api/orgs", "/api/ledger/head", "/api/model-cards"):
        assert path in spec["paths"], path


def test_api_ledger_head(client):
    from redline.ledger.services import head

    response = client.get("/api/ledger/head")
    assert response.status_code == 200
    assert response.json()["length"] == head().length
    assert response.json()["head"] == head().hash


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
