"""The safety-case API: check, import, bind, submit, assess, export; errors answered with the field."""

from redline_tests_safety_case_fixtures import CASE_YAML

API = "/api/models/acme/acme-7b/safety-cases"


def _post(client, path, data, token):
    return client.post(path, data=data, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_api_walk(world, bio_red_line, client, make_token):
    dev, rev = make_token(world["admin"]), make_token(world["reviewer2"])
    check = client.post("/api/safety-cases/check", data={"files": [{"source": "x.yaml", "text": "G1:\n  text: a\n"}]},
                        content_type="application/json").json()
    assert check["valid"] is True and [d["code"] for d in check["diagnostics"]] == ["V02"]
    r = _post(client, API, {"files": [{"source": "bad.yaml", "text": "G1:\n  supportedBy: [Sn9]\n"}]}, dev)
    assert r.status_code == 422 and r.json()["field"] == "files" and "C03" in r.json()["detail"]
    assert _post(client, API, {"files": [{"source": "c.yaml", "text": CASE_YAML}]}, None).status_code == 401
    r = _post(client, API, {"files": [{"source": "acme-bio.gsn.yaml", "text": CASE_YAML}], "modes": ["hosted-api"]},
              dev)
    assert r.status_code == 201 and r.json()["modes"] == ["hosted_api"]
    r = _post(client, f"{API}/acme-bio/bindings", {"element": "Sn1", "kind": "red_line_verdict",
                                                   "commitment": bio_red_line.pk}, dev)
    assert r.status_code == 201 and r.json()["summary"]["status"] == "supported"
    assert _post(client, f"{API}/acme-bio/bindings", {"element": "Sn1", "kind": "red_line_verdict",
                                                      "commitment": 99999}, dev).status_code == 404
    assert _post(client, f"{API}/acme-bio/submit", {}, dev).json()["state"] == "submitted"
    assert _post(client, f"{API}/acme-bio/assessments", {"verdict": "accepted", "reasons": "ok"}, dev).status_code \
        == 403
    r = _post(client, f"{API}/acme-bio/assessments", {"verdict": "accepted", "reasons": "Sound."}, rev)
    assert r.status_code == 201 and r.json()["signature_valid"] and r.json()["server_signed"]
    case = client.get(f"{API}/acme-bio").json()
    assert case["state"] == "accepted" and case["gate"]["satisfies_requirement"] is True
    assert client.get(f"{API}/acme-bio/export").json() == {"acme-bio.gsn.yaml": CASE_YAML}
    assert client.get("/api/models/acme/acme-7b/gate?mode=hosted-api").json()["allowed"] is True
