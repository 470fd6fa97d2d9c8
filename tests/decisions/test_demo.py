"""The demo: threat profiles, signed commitments, verdicts in all four states, gate per mode, public pages."""

import pytest


@pytest.fixture
def demo(db):
    from redline.demo import load_demo

    load_demo()
    load_demo()  # idempotent


def test_demo_has_everything_the_issue_asks_for(demo, client):
    from redline.commitments.models import Approval, Commitment, ThreatProfile
    from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Drill
    from redline.decisions.services import gather
    from redline.evidence.models import SafeguardCampaign
    from redline.registry.models import AIModel

    assert ThreatProfile.objects.filter(model__organisation__slug="aurora-labs").count() == 2
    assert Approval.objects.filter(reviewer__email__startswith="reviewer1@isrb").exists()
    assert Approval.objects.filter(reviewer__email__startswith="reviewer2@isrb").exists()
    assert Commitment.objects.filter(versions__state="in_force").count() == 6
    states = set()
    for model in AIModel.objects.all():
        states |= {(r["verdict"] or {}).get("verdict") for r in gather(model).red_rows}
    assert {"crossed", "not_crossed", "inconclusive", "invalid"} <= states
    assert SafeguardCampaign.objects.count() == 1
    assert DecisionRecord.objects.count() == 3 and DeDeploymentProtocol.objects.count() == 1
    assert Drill.objects.count() == 1
    page = client.get("/models/aurora-labs/aurora-2/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Red lines and verdicts", "verdict-crossed", "verdict-not_crossed", "Deployment gate",
                 "Withdraw Aurora 2", "output-classifier-v2"):
        assert text in html, text
    risk = client.get("/models/aurora-labs/aurora-2/risk.json").json()
    assert {g["mode"]: g["allowed"] for g in risk["gate"]}["open_weights"] is False
    assert {g["mode"]: g["allowed"] for g in risk["gate"]}["hosted_api"] is True
    assert risk["risk_thresholds"][0]["status"]["status"] == "within"
    forge = client.get("/models/openforge/forge-70b/risk.json").json()
    assert forge["red_lines"][0]["verdict"]["verdict"] == "inconclusive"
    plot = client.get(risk["red_lines"][0]["plot_url"])
    assert plot.status_code == 200 and plot["Content-Type"] == "image/svg+xml" and b"<svg" in plot.content
    for url in ("/commitments/", "/commitments.json", "/commitments/feed.atom", "/orgs/isrb/",
                f"/commitments/{risk['red_lines'][0]['id']}/", "/models/aurora-labs/aurora-2/gate/open_weights/",
                "/models/aurora-labs/aurora-2/evidence/", f"/decisions/{DecisionRecord.objects.first().pk}/?recheck=1",
                f"/protocols/{DeDeploymentProtocol.objects.get().pk}/"):
        assert client.get(url).status_code == 200, url
    assert "WEAKENING" in client.get("/commitments/feed.atom").content.decode()
    # The restricted model's red line: hidden from the public, shown to its audience.
    assert "Toxin design capability" not in client.get("/commitments/").content.decode()
    assert "Toxin design capability" not in client.get("/commitments/feed.atom").content.decode()
    from redline.accounts.models import User

    client.force_login(User.objects.get(email="auditor@ai-safety-office.demo.redline.test"))
    assert "Toxin design capability" in client.get("/commitments/").content.decode()
    client.force_login(User.objects.get(email="admin@openforge.demo.redline.test"))
    assert "Toxin design capability" not in client.get("/commitments/").content.decode()


def test_demo_evidence_is_about_the_models_it_is_filed_under(demo, client):
    from redline.decisions.services import gather
    from redline.evidence.models import Evaluation, SafeguardCampaign
    from redline.registry.models import AIModel

    assert Evaluation.objects.exists()
    for e in Evaluation.objects.select_related("model__organisation"):
        assert e.model_check().ok, (e.model.full_slug, e.source_model)
        if e.source_model == "mockllm/model":  # the shared Inspect logs: the demo declares the mapping
            assert e.model_alias == f"mockllm/model={e.model.full_slug}"
    assert all(c.source_model and c.model_alias for c in SafeguardCampaign.objects.all())
    for model in AIModel.objects.all():
        for row in gather(model).red_rows:
            if row["verdict"]:
                assert row["verdict"]["model_match"] in ("same", "alias", "unnamed"), row
    html = client.get("/models/aurora-labs/aurora-2/").content.decode()
    assert "the importer declared it to be this model" in html and "mockllm/model=aurora-labs/aurora-2" in html
