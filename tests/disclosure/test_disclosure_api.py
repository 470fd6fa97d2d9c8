"""The disclosure API: anonymous intake, public advisories, cases and actions with tokens."""

from __future__ import annotations

from redline.disclosure import services


def test_anonymous_submission_and_case_actions(api_client, world, make_token):
    terms = api_client("get", "/api/safe-harbor").json()
    assert terms["version"] == world.terms.version
    bad = api_client("post", "/api/reports", json={"title": "x", "description": "y", "accepted_terms": "0"})
    assert bad.status_code == 422 and bad.json()["field"] == "accepted_terms"
    done = api_client("post", "/api/reports", json={"title": "Jailbreak", "description": "Role-play works.",
                                                    "models": ["aurora/aurora-2"], "accepted_terms": terms["version"]})
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["token"].startswith("rlf_") and body["public_id"].startswith("RL-")
    pk = int(body["ref"].split("-")[1])
    assert api_client("get", f"/api/cases/{pk}").status_code == 404  # anonymous
    forge = make_token(world.forge_triager)
    assert api_client("get", f"/api/cases/{pk}", token=forge).status_code == 404
    assert api_client("get", "/api/cases", token=forge).json()["count"] == 0
    token = make_token(world.triager)
    assert api_client("get", "/api/cases", token=token).json()["count"] == 1
    r = api_client("post", f"/api/cases/{pk}/actions", token=token, json={"op": "accept", "vendor": "aurora"})
    assert r.status_code == 200 and r.json()["participants"][0]["state"] == "accepted"
    r = api_client("post", f"/api/cases/{pk}/actions", token=token, json={"op": "accept", "vendor": "aurora"})
    assert r.status_code == 409
    read = make_token(world.triager, scope="read")
    assert api_client("post", f"/api/cases/{pk}/actions", token=read, json={"op": "publish"}).status_code == 403
    r = api_client("post", f"/api/cases/{pk}/actions", token=token, json={"op": "publish"})
    assert r.status_code == 200 and r.json()["publication"] == "published"
    listed = api_client("get", "/api/advisories?q=role").json()
    assert listed["count"] == 1 and listed["items"][0]["public_id"] == body["public_id"]
    assert api_client("get", f"/api/advisories/{body['public_id']}").json()["title"] == "Jailbreak"


def test_reserved_advisory_is_not_in_the_api(api_client, world, submit):
    report = submit().report
    assert api_client("get", f"/api/advisories/{report.advisory.public_id}").status_code == 404
    services.triage(world.triager, report, world.aurora, "accept")
    services.publish(world.triager, report)
    assert api_client("get", f"/api/advisories/{report.advisory.public_id}").status_code == 200
