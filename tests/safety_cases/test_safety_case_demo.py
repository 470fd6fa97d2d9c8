"""Demo safety cases: accepted and fully supported, a gap from an inconclusive verdict, rejected with reasons."""

import pytest


@pytest.fixture
def demo(db):
    """The demo loaders the safety cases rest on (registry, CUE, commitments and evidence, risk runs), then ours."""
    from redline.decisions import demo as decisions
    from redline.enumeration import demo as enumeration
    from redline.registry import demo as registry
    from redline.risk_runs import demo as risk_runs
    from redline.safety_cases import demo as safety_cases

    for _ in range(2):  # idempotent
        for module in (registry, enumeration, decisions, risk_runs, safety_cases):
            module.load()


def test_demo_cases_and_the_gate(demo, client):
    from redline.decisions.services import evaluate_gate
    from redline.registry.models import AIModel
    from redline.safety_cases import services
    from redline.safety_cases.models import SafetyCase

    cases = {c.slug: c for c in SafetyCase.objects.all()}
    assert set(cases) == {"aurora-2-bio", "forge-70b-open-weights", "meridian-bio-toxin"}
    aurora = services.live(cases["aurora-2-bio"])
    assert cases["aurora-2-bio"].state == "accepted" and aurora.supported
    assert {b.outcome for b in aurora.bound.values()} == {"not_crossed", "passed", "proceed"}
    forge = services.live(cases["forge-70b-open-weights"])
    assert cases["forge-70b-open-weights"].state == "submitted"
    assert [(g.element, g.kind.value) for g in forge.status.gaps] == [("Sn1", "weak")]
    assert forge.bound["Sn1"].outcome == "inconclusive"
    meridian = cases["meridian-bio-toxin"]
    assessment = meridian.assessments.get()
    assert meridian.state == "rejected" and set(assessment.element_reasons) == {"Sn1", "A1"}

    model = AIModel.objects.get(slug="aurora-2")
    assert evaluate_gate(model, "hosted_api").allowed
    refused = evaluate_gate(model, "open_weights")
    assert any(r.kind == "safety_case" and not r.allowed for r in refused.result.rows)
    forge_gate = evaluate_gate(AIModel.objects.get(slug="forge-70b"), "open_weights")
    row = next(r for r in forge_gate.result.rows if r.kind == "safety_case")
    assert "not assessed yet" in row.reason and "1 gap(s): Sn1" in row.reason

    page = client.get("/models/aurora-labs/aurora-2/").content.decode()
    assert "Safety cases" in page and "aurora-2-bio" in page
    client.force_login(services.SafetyCase.objects.get(slug="aurora-2-bio").model.organisation.memberships.first().user)
    html = client.get("/models/aurora-labs/aurora-2/safety-cases/aurora-2-bio/").content.decode()
    assert "fully supported" in html and "Accepted by Independent Safety Review Board" in html
