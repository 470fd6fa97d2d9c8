"""The server errors the fuzzing probe found (issue 11), each now a 4xx naming the field."""

from __future__ import annotations

import json

import pytest

HUGE = [18446744073709551615, 2**63, -1]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/orgs", "/api/models", "/api/advisories", "/api/cue", "/api/cases"])
@pytest.mark.parametrize("offset", HUGE)
def test_offsets_past_the_database_integers_are_refused(client, path, offset):
    resp = client.get(f"{path}?offset={offset}")
    assert resp.status_code == 422, resp.content
    assert resp.json()["detail"][0]["loc"][-1] == "offset"


@pytest.mark.django_db
def test_the_largest_accepted_offset_answers_an_empty_page(client):
    from redline.http.pagination import MAX_OFFSET

    resp = client.get(f"/api/orgs?offset={MAX_OFFSET}")
    assert resp.status_code == 200 and resp.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/cases/18446744073709551615", "/api/commitments/9223372036854775808",
                                  "/api/risk-runs/0"])
def test_ids_past_the_database_integers_are_refused(client, path):
    resp = client.get(path)
    assert resp.status_code == 422, resp.content
    assert resp.json()["detail"][0]["loc"][-1] == "pk"


@pytest.mark.django_db
@pytest.mark.parametrize("days", [9360605, -1, 366])
def test_comment_days_out_of_range_are_refused(client, developer, make_user, make_token, days):
    user = make_user(developer, role="admin")
    resp = client.post(f"/api/commitments/versions/1/propose?comment_days={days}",
                       headers={"Authorization": f"Bearer {make_token(user)}"})
    assert resp.status_code == 422, resp.content
    assert resp.json()["detail"][0]["loc"][-1] == "comment_days"


@pytest.mark.django_db
def test_the_service_refuses_comment_days_it_cannot_date(monkeypatch):
    from redline.commitments import services
    from redline.core.errors import InvalidInput

    monkeypatch.setattr(services, "require", lambda *a, **k: None)
    monkeypatch.setattr(services, "_locked", lambda version: version)
    for days in (9360605, -1):
        with pytest.raises(InvalidInput) as exc:
            services.propose(None, object(), comment_days=days)
        assert exc.value.field == "comment_days"


def _report(**extra):
    from redline.disclosure.intake import ensure_terms

    return {"title": "A jailbreak", "description": "It answers.", "accepted_terms": ensure_terms().version, **extra}


@pytest.mark.django_db
def test_affected_system_nan_is_refused_naming_the_field(client):
    raw = json.dumps(_report())[:-1] + ', "affected_systems": [{"vendor": NaN}]}'
    resp = client.generic("POST", "/api/reports", raw, content_type="application/json")
    assert resp.status_code == 422
    assert resp.json()["field"] == "affected_systems.0.vendor"


@pytest.mark.django_db
def test_affected_system_of_the_wrong_shape_is_refused_naming_the_field(client):
    from redline.disclosure.models import Report

    resp = client.post("/api/reports", _report(affected_systems=[{"vendor": {"a": 1}, "model": [1]}]),
                       content_type="application/json")
    assert resp.status_code == 422, resp.content
    locs = {tuple(e["loc"][-3:]) for e in resp.json()["detail"]}
    assert ("affected_systems", 0, "vendor") in locs and ("affected_systems", 0, "model") in locs
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_intake_refuses_bad_affected_systems_from_any_caller():
    from redline.core.errors import InvalidInput
    from redline.disclosure import intake

    terms = intake.ensure_terms()
    for systems, field in (([{"vendor": {"a": 1}}], "affected_systems.0.vendor"), (["acme"], "affected_systems.0"),
                           ([{"vendor": float("nan")}], "affected_systems.0.vendor"),
                           ([{"vendor": "a\x00b"}], "affected_systems.0.vendor")):
        with pytest.raises(InvalidInput) as exc:
            intake.submit_report(intake.Submission(title="t", description="d", affected_systems=systems,
                                                   accepted_terms=terms.version))
        assert exc.value.field == field
