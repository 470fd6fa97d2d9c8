"""Evidence upload through the model page and the API; approvals through the web."""

from django.core.files.uploadedfile import SimpleUploadedFile
from redline_tests_world_fixtures import EVIDENCE

from redline.evidence.models import Evaluation


def _upload(name, sub):
    return SimpleUploadedFile(name, (EVIDENCE / sub / name).read_bytes())


def test_upload_form_on_model_page(world, in_force_red_line, client):
    slug = world["model"].full_slug
    assert 'enctype="multipart/form-data"' not in client.get(f"/models/{slug}/").content.decode()
    client.force_login(world["member"])
    page = client.get(f"/models/{slug}/").content.decode()
    assert f'action="/models/{slug}/evidence/"' in page
    r = client.post(f"/models/{slug}/evidence/", {"file": _upload("cyber-exploit-ctf.eval", "inspect"),
                                                  "elicitation": "moderate",
                                                  "model_alias": f"mockllm/model={slug}"})
    assert r.status_code == 302
    page = client.get(f"/models/{slug}/").content.decode()
    assert "verdict-crossed" in page and "plot.svg" in page
    r = client.post(f"/models/{slug}/evidence/", {"file": _upload("wrong-zip.eval", "bad")})
    assert r.status_code == 400 and "wrong-zip.eval" in r.content.decode()
    assert Evaluation.objects.count() == 1


def test_outsider_cannot_upload(world, client):
    client.force_login(world["outsider"])
    r = client.post(f"/models/{world['model'].full_slug}/evidence/",
                    {"file": _upload("boolq-v1-res.json", "lm_eval")})
    assert r.status_code == 403 and Evaluation.objects.count() == 0


def test_api_upload_and_list(world, client, make_token):
    slug = world["model"].full_slug
    token = make_token(world["admin"])
    r = client.post(f"/api/models/{slug}/evaluations", {"file": _upload("classifier-v2.csv", "campaign"),
                                                        "kind": "campaign", "tolerance": "0.05"},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201, r.content
    assert r.json()["campaigns"][0]["safeguard"] == "output-classifier-v2"
    r = client.post(f"/api/models/{slug}/evaluations", {"file": _upload("truncated-inspect.json", "bad")},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422 and "truncated-inspect.json" in r.json()["detail"]
    assert client.get(f"/api/models/{slug}/evaluations").json()["campaigns"][0]["passed"] in (True, False)
    assert client.get(f"/models/{slug}/evidence.json").status_code == 200


def test_reviewer_approves_through_the_web(world, client):
    import datetime as dt

    from redline_tests_world_fixtures import RED_LINE

    from redline.commitments import services

    v = services.create_commitment(world["admin"], world["model"], "red_line", "Web approval", RED_LINE)
    v = services.propose(world["admin"], v, comment_period_ends=dt.date.today())
    client.force_login(world["reviewer2"])
    page = client.get(f"/commitments/{v.commitment_id}/").content.decode()
    assert "Approve (signed)" in page
    client.post(f"/commitments/versions/{v.pk}/approve/", {"signature": ""})
    assert v.approvals.get().server_signed
    client.force_login(world["reviewer1"])
    from redline.core import signing

    spec = client.get(f"/commitments/versions/{v.pk}/spec.json").json()
    client.post(f"/commitments/versions/{v.pk}/approve/", {"signature": signing.sign(spec, world["key1"])})
    v.refresh_from_db()
    assert v.state == "approved" and v.approvals.count() == 2
    client.force_login(world["admin"])
    client.post(f"/commitments/versions/{v.pk}/enter/")
    v.refresh_from_db()
    assert v.state == "in_force"
    assert client.get(f"/api/commitments/{v.commitment_id}").json()["versions"][0]["state"] == "in_force"


def test_upload_form_takes_an_elicitation_record(world, client):
    client.force_login(world["admin"])
    r = client.post(f"/models/{world['model'].full_slug}/evidence/", {
        "file": _upload("bio-protocol-uplift.json", "inspect"), "model_alias": "mockllm/model=acme/acme-7b",
        "scaffolding": "agent loop", "tools": "python, search",
        "attempts": 3, "threat_actor_estimate": "strong", "red_team_independence": "independent"})
    assert r.status_code == 302
    e = Evaluation.objects.get()
    assert e.elicitation["tools"] == ["python", "search"] and e.elicitation_level == "moderate"


def test_model_without_commitments_says_so(world, client):
    page = client.get(f"/models/{world['model'].full_slug}/").content.decode()
    assert "No red line, risk threshold or safeguard test is in force for this model" in page
