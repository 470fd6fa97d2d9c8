"""The documents API: reads render for the caller; writes need a write token and name the bad field."""

import pytest
from redline_tests_documents_fixtures import RESTRICTED

from redline.accounts.services import create_token

pytestmark = pytest.mark.django_db

BODY = {"organisation": "acme", "kind": "capability_report", "title": "API report",
        "sections": [{"key": "summary", "title": "Summary", "body": "public words"},
                     {"key": "method", "title": "Method", "body": "API-SECRET-88", "audiences": ["regulators"],
                      "reason": "exploit_detail", "detail": "steps"}]}
CHECKLIST = {"cbrn_cyber_uplift": False, "exploit_steps": False, "personal_data": False, "model_theft_aid": False}


def _token(user, scope="write"):
    return create_token(user, "t", scope)[1]


def test_write_review_and_read_through_the_api(api_client, docs_world):
    w = docs_world
    author, triager, auditor = _token(w["author"]), _token(w["triager"]), _token(w["auditor"], "read")
    assert api_client("POST", "/api/documents", json=BODY).status_code == 401
    assert api_client("POST", "/api/documents", _token(w["author"], "read"), json=BODY).status_code == 403
    bad = {**BODY, "sections": [{**BODY["sections"][1], "reason": None}]}
    response = api_client("POST", "/api/documents", author, json=bad)
    assert response.status_code == 422 and "reason" in response.json()["detail"]
    response = api_client("POST", "/api/documents", author, json=BODY)
    assert response.status_code == 201, response.content
    assert api_client("GET", "/api/documents/acme/api-report").status_code == 404  # nothing released
    assert api_client("POST", "/api/documents/acme/api-report/review", author, json={}).status_code == 201
    response = api_client("POST", "/api/documents/acme/api-report/versions/1/decision", author,
                          json={"checklist": CHECKLIST, "decision": "publish"})
    assert response.status_code == 403  # the author may not review
    response = api_client("POST", "/api/documents/acme/api-report/versions/1/decision", triager,
                          json={"checklist": CHECKLIST, "decision": "publish"})
    assert response.status_code == 200, response.content
    public = api_client("GET", "/api/documents/acme/api-report").json()
    assert "API-SECRET-88" not in str(public) and public["rendering"]["withheld"] == ["method"]
    assert "API-SECRET-88" in str(api_client("GET", "/api/documents/acme/api-report", auditor).json())
    listed = api_client("GET", "/api/documents?organisation=acme").json()
    assert [d["id"] for d in listed["items"]] == ["acme/api-report"]
    revised = api_client("POST", "/api/documents/acme/api-report/versions", author,
                         json={"sections": BODY["sections"][:1], "note": "drop the method"})
    assert revised.status_code == 201 and revised.json()["version"] == 2
    versions = api_client("GET", "/api/documents/acme/api-report/versions").json()
    assert [v["number"] for v in versions] == [1]  # the public sees released versions only


def test_restricted_fixture_through_the_api(api_client, released_doc, docs_world):
    text = str(api_client("GET", "/api/documents/acme/acme-7b-capability-report/versions/1").json())
    assert not any(m in text for _, _, m in RESTRICTED.values())
