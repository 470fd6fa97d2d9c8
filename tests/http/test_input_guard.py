"""The input guard (issue 11): request caps answer 413, NUL and NaN answer 4xx naming the field."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def writer(developer, make_user, make_token):
    user = make_user(developer, role="admin")
    return make_token(user)


def _report(**extra):
    from redline.disclosure.intake import ensure_terms

    return {"title": "A jailbreak", "description": "It answers.", "accepted_terms": ensure_terms().version, **extra}


@pytest.mark.django_db
def test_a_body_above_the_upload_cap_is_refused_before_it_is_read(client, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    resp = client.generic("POST", "/api/reports", b"x" * 1001, content_type="application/json")
    assert resp.status_code == 413
    assert resp.json() == {"detail": "request body: 1001 bytes, more than the 1000 allowed", "field": "body"}


@pytest.mark.django_db
def test_a_json_body_above_the_body_cap_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    resp = client.post("/api/reports", _report(description="y" * 200), content_type="application/json")
    assert resp.status_code == 413 and resp.json()["field"] == "body"


@pytest.mark.django_db
def test_a_page_form_above_the_body_cap_gets_the_refusal_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    resp = client.post("/accounts/signup/", {"email": "a@example.org", "display_name": "z" * 200})
    assert resp.status_code == 413
    assert b"Request refused" in resp.content


def test_the_report_form_answers_its_own_oversized_post(client, settings, db):
    """The report form keeps what was typed (redline.http.oversize), so the guard leaves the parse to it."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    resp = client.post("/report/", {"title": "t", "description": "z" * 200})
    assert resp.status_code == 413
    assert b"Request refused" not in resp.content and b'name="title"' in resp.content


@pytest.mark.django_db
@pytest.mark.parametrize("body,field", [
    ({"title": "A\x00jailbreak"}, "title"),
    ({"affected_systems": [{"vendor": "Acme\x00"}]}, "affected_systems.0.vendor"),
    ({"references": [{"ur\x00l": "https://example.org"}]}, "references.0.ur\x00l"),
])
def test_nul_in_a_json_body_is_refused_naming_the_field(client, body, field):
    from redline.disclosure.models import Report

    resp = client.post("/api/reports", _report(**body), content_type="application/json")
    assert resp.status_code == 422
    assert resp.json()["field"] == field
    assert resp.json()["detail"].endswith("must not contain NUL characters")
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_nan_in_a_json_body_is_refused_naming_the_field(client):
    raw = json.dumps(_report())[:-1] + ', "affected_systems": [{"vendor": NaN}]}'
    resp = client.generic("POST", "/api/reports", raw, content_type="application/json")
    assert resp.status_code == 422
    assert resp.json()["field"] == "affected_systems.0.vendor"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/models?q=a%00b", "/models/?q=a%00b", "/models.json?q=%00",
                                 "/api/advisories?q=%00", "/advisories/?q=%00"])
def test_nul_in_a_query_parameter_is_refused(client, url):
    resp = client.get(url)
    assert resp.status_code in (400, 422)
    if url.startswith("/api/") or ".json" in url:
        assert resp.status_code == 422 and resp.json()["field"] == "q"
    else:
        assert b"q: must not contain NUL characters" in resp.content


@pytest.mark.django_db
def test_nul_in_a_form_field_is_refused_naming_it(client, developer, make_user):
    user = make_user(developer, role="admin")
    client.force_login(user)
    resp = client.post("/accounts/settings/", {"name": "my\x00token", "scope": "read"})
    assert resp.status_code == 400
    assert b"name: must not contain NUL characters" in resp.content
    assert not user.api_tokens.exists()
