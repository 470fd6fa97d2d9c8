"""Decision records (frozen, re-checkable), protocols and drills; their pages and API."""

import pytest
from redline_tests_world_fixtures import EVIDENCE, MOCK_ALIAS

from redline.core.errors import InvalidInput
from redline.decisions import services
from redline.decisions.models import DecisionRecord
from redline.evidence import services as evidence
from redline.registry.services import add_deployment


def test_decision_freezes_evidence_and_recheck_sees_changes(world, in_force_red_line):
    evidence.import_file(world["admin"], world["model"], EVIDENCE / "inspect" / "bio-protocol-uplift.json",
                         model_alias=MOCK_ALIAS)
    d = services.record_decision(world["admin"], world["model"], "hosted_api", "delay", "No cyber evidence yet.",
                                 [world["triager"]])
    assert d.snapshot["red_lines"][0]["verdict"] is None
    assert services.recheck(d)["changed"] is False
    evidence.import_file(world["admin"], world["model"], EVIDENCE / "inspect" / "cyber-exploit-ctf.eval",
                         model_alias=MOCK_ALIAS)
    again = services.recheck(d)
    assert again["changed"] and any("verdict was no evidence, now crossed" in c for c in again["changes"])
    assert again["snapshot_intact"]
    DecisionRecord.objects.filter(pk=d.pk).update(snapshot={**d.snapshot, "allowed": not d.snapshot["allowed"]})
    d.refresh_from_db()
    assert services.recheck(d)["snapshot_intact"] is False


def test_proceed_refused_when_the_gate_refuses(world, in_force_red_line):
    with pytest.raises(InvalidInput, match="outcome: the gate does not allow open_weights"):
        services.record_decision(world["admin"], world["model"], "open_weights", "proceed", "ship it")
    with pytest.raises(InvalidInput, match="rationale"):
        services.record_decision(world["admin"], world["model"], "internal", "delay", " ")
    with pytest.raises(InvalidInput, match="approvers"):
        services.record_decision(world["admin"], world["model"], "internal", "delay", "x", [world["outsider"]])
    assert DecisionRecord.objects.count() == 0


def test_protocol_and_drill(world, operator, client):
    dep = add_deployment(operator, world["model"], mode="hosted_api", channels=["api"], status="active")
    steps = [{"title": "Page on-call", "owner_role": "safety on-call", "target_minutes": 15},
             {"title": "Switch traffic", "owner_role": "platform lead", "target_minutes": 30}]
    p = services.create_protocol(world["admin"], dep, "Withdraw", steps, ["red line crossed"])
    drill = services.record_drill(world["admin"], p, [10, 45])
    assert [r["met"] for r in drill.comparison()] == [True, False] and not drill.all_met
    with pytest.raises(InvalidInput, match="one duration per step"):
        services.record_drill(world["admin"], p, [1])
    with pytest.raises(InvalidInput, match="step 1"):
        services.create_protocol(world["admin"], dep, "Bad", [{"title": "x"}], ["t"])
    with pytest.raises(InvalidInput, match="triggers"):
        services.create_protocol(world["admin"], dep, "Bad", steps, [])
    data = client.get(f"/protocols/{p.pk}.json").json()
    assert data["drills"][0]["steps"][1]["met"] is False
    client.force_login(world["admin"])
    r = client.post(f"/protocols/{p.pk}/", {"timings": "5, 20", "notes": "quick"})
    assert r.status_code == 302 and p.drills.count() == 2
    r = client.post(f"/models/{world['model'].full_slug}/protocols/new/",
                    {"deployment": dep.pk, "name": "P2", "triggers": "severe incident",
                     "steps": "Page | on-call | 10\nbroken line"})
    assert r.status_code == 400 and "title | owner role | target minutes" in r.content.decode()


def test_decision_pages_and_api(world, in_force_red_line, client, make_token):
    slug = world["model"].full_slug
    client.force_login(world["admin"])
    r = client.post(f"/models/{slug}/decisions/new/", {"mode": "internal", "outcome": "proceed",
                                                       "rationale": "internal research only",
                                                       "approvers": "triager@acme.test"})
    assert r.status_code == 302
    d = DecisionRecord.objects.get()
    assert [u.email for u in d.approvers.all()] == ["triager@acme.test"]
    page = client.get(f"/decisions/{d.pk}/?recheck=1").content.decode()
    assert "Nothing changed" in page
    client.logout()
    token = make_token(world["admin"])
    headers = {"Authorization": f"Bearer {token}"}
    gate = client.get(f"/api/models/{slug}/gate?mode=open-weights").json()
    assert gate["allowed"] is False
    r = client.post(f"/api/models/{slug}/decisions", data={"mode": "hosted_api", "outcome": "modify",
                                                           "rationale": "add a classifier"},
                    content_type="application/json", headers=headers)
    assert r.status_code == 201 and r.json()["snapshot_sha256"]
    assert client.get(f"/api/decisions/{d.pk}/recheck").json()["changed"] is False
    assert len(client.get(f"/api/models/{slug}/decisions").json()) == 2
    r = client.post(f"/api/models/{slug}/decisions", data={"mode": "hosted_api", "outcome": "modify",
                                                           "rationale": "x"}, content_type="application/json")
    assert r.status_code == 401


def test_protocol_threat_profile_and_drill_api(world, operator, client, make_token):
    dep = add_deployment(operator, world["model"], mode="open_weights", channels=["hub"], status="planned")
    headers = {"Authorization": f"Bearer {make_token(world['admin'])}"}
    r = client.post(f"/api/deployments/{dep.pk}/protocols", content_type="application/json", headers=headers,
                    data={"name": "Pull the weights", "triggers": ["red line crossed"],
                          "steps": [{"title": "Delist", "owner_role": "release manager", "target_minutes": 60}]})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/protocols/{pk}/drills", content_type="application/json", headers=headers,
                    data={"timings": [75]})
    assert r.status_code == 201 and r.json()["drills"][0]["all_met"] is False
    assert client.get(f"/api/protocols/{pk}").json()["drills"][0]["steps"][0]["actual_minutes"] == 75
    r = client.post(f"/api/protocols/{pk}/drills", content_type="application/json", headers=headers,
                    data={"timings": [1, 2]})
    assert r.status_code == 422 and "timings" in r.json()["detail"]
    r = client.post(f"/api/models/{world['model'].full_slug}/threat-profiles", content_type="application/json",
                    headers=headers, data={"category": "Cyber", "threat_actor": "crews", "pathway": "exploits"})
    assert r.status_code == 201 and r.json()["category"] == "Cyber"
    outsider = {"Authorization": f"Bearer {make_token(world['outsider'])}"}
    r = client.post(f"/api/protocols/{pk}/drills", content_type="application/json", headers=outsider,
                    data={"timings": [1]})
    assert r.status_code == 403
