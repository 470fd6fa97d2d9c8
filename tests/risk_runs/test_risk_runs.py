"""Stored risk runs: the engine's result kept with its record, pages, plot, API and CLI."""

from __future__ import annotations

import json

import pytest

from redline.core.errors import InvalidInput, PermissionDenied
from redline.ledger.models import LedgerEntry
from redline.risk_runs.models import RiskRun
from redline.risk_runs.services import current_run, run_profile, yaml_digest


@pytest.fixture
def profile(risk_profile):
    return risk_profile


@pytest.fixture
def admin(profile):
    from redline.accounts.models import User

    return User.objects.get(email="admin@acme.example")


@pytest.mark.django_db
def test_run_is_stored_with_its_record_and_verdict(profile, admin):
    from redline.risk import loads_model, run_model, verdict_for

    run = run_profile(admin, profile, threshold=1000, probability=0.01, samples=50_000, seed=7, user=admin)
    expected = run_model(loads_model(profile.risk_model_yaml), threshold=1000, samples=50_000, seed=7, workers=1,
                         tolerance=0.01)
    assert run.result["p_exceed"]["estimate"] == pytest.approx(expected.estimate, rel=0, abs=0)
    assert run.verdict["status"] == verdict_for(expected, 0.01).status
    assert run.result["seed"] == 7 and run.result["samples"] == expected.samples <= 50_000
    assert run.model_sha256 == yaml_digest(profile.risk_model_yaml.strip())
    assert len(run.curve["grid"]) == len(run.curve["mean"]) > 10
    assert LedgerEntry.objects.filter(object_type="risk_runs.riskrun", object_id=str(run.pk)).exists()
    assert current_run(profile, 1000, 0.01) == run


@pytest.mark.django_db
def test_same_seed_same_result_and_a_changed_model_makes_runs_stale(profile, admin):
    a = run_profile(admin, profile, threshold=100, probability=0.5, samples=20_000, seed=3)
    b = run_profile(admin, profile, threshold=100, probability=0.5, samples=20_000, seed=3)
    assert a.result["p_exceed"] == b.result["p_exceed"]
    profile.risk_model_yaml = profile.risk_model_yaml.replace("[1, 1000]", "[1, 10]")
    profile.save()
    assert current_run(profile, 100, 0.5) is None


@pytest.mark.django_db
def test_two_level_run_reports_the_epistemic_summary(profile, admin):
    run = run_profile(admin, profile, threshold=1000, probability=0.05, samples=20_000, outer=50, inner=500)
    assert run.result["method"] == "two-level-conditional"
    assert set(run.result["ci90"]) and run.result["share_above"] is not None
    assert run.curve["lo"] is not None and run.curve["hi"] is not None


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs,field", [
    ({"threshold": None}, "threshold"), ({"threshold": -1}, "threshold"),
    ({"threshold": 10, "probability": 2}, "probability"), ({"threshold": 10, "samples": 10}, "samples"),
    ({"threshold": 10, "outer": 20}, "outer"),
])
def test_bad_run_input_names_the_field(profile, admin, kwargs, field):
    with pytest.raises(InvalidInput, match=f"^{field}:"):
        run_profile(admin, profile, **kwargs)
    assert RiskRun.objects.count() == 0


@pytest.mark.django_db
def test_profile_without_model_and_bad_model_are_refused(profile, admin):
    profile.risk_model_yaml = ""
    with pytest.raises(InvalidInput, match="risk_model_yaml"):
        run_profile(admin, profile, threshold=10)
    profile.risk_model_yaml = "name: x\nparameters:\n  a: {dist: nosuch}\noutcome: a\n"
    with pytest.raises(InvalidInput, match="nosuch"):
        run_profile(admin, profile, threshold=10)
    assert RiskRun.objects.count() == 0


@pytest.mark.django_db
def test_only_the_models_organisation_may_run(profile, make_org, make_user):
    outsider = make_user(make_org("developer"), "admin")
    with pytest.raises(PermissionDenied):
        run_profile(outsider, profile, threshold=10)


@pytest.mark.django_db
def test_pages_plot_and_json_twin(client, profile, admin):
    run = run_profile(admin, profile, threshold=1000, probability=0.01, samples=20_000)
    page = client.get(f"/threat-profiles/{profile.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/risk-runs/{run.pk}/curve.png" in html and run.verdict["status"].upper() in html
    twin = client.get(f"/threat-profiles/{profile.pk}.json").json()
    assert twin["runs"][0]["result"]["p_exceed"] == run.result["p_exceed"]
    assert client.get(f"/risk-runs/{run.pk}.json").json()["verdict"]["status"] == run.verdict["status"]
    png = client.get(f"/risk-runs/{run.pk}/curve.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


@pytest.mark.django_db
def test_org_only_model_hides_profile_and_runs(client, profile, admin, make_user, make_org):
    run = run_profile(admin, profile, threshold=10, samples=5_000)
    profile.model.visibility = "org"
    profile.model.save()
    for url in (f"/threat-profiles/{profile.pk}/", f"/risk-runs/{run.pk}/", f"/risk-runs/{run.pk}/curve.png",
                f"/api/risk-runs/{run.pk}"):
        assert client.get(url).status_code == 404, url
    client.force_login(admin)
    assert client.get(f"/risk-runs/{run.pk}/").status_code == 200


@pytest.mark.django_db
def test_run_form_stores_and_rejects(client, profile, admin):
    client.force_login(admin)
    bad = client.post(f"/threat-profiles/{profile.pk}/run/", {"samples": 5000, "seed": 0})
    assert bad.status_code == 400 and "choose a risk threshold or give N" in bad.content.decode()
    ok = client.post(f"/threat-profiles/{profile.pk}/run/", {"threshold": 100, "probability": 0.1,
                                                              "samples": 5000, "seed": 1})
    assert ok.status_code == 302
    assert RiskRun.objects.get().threshold == 100


@pytest.mark.django_db
def test_api_creates_runs_with_a_write_token(api_client, profile, admin):
    from redline.accounts.services import create_token

    _, read = create_token(admin, "r", "read")
    _, write = create_token(admin, "w", "write")
    body = {"threshold": 100, "probability": 0.1, "samples": 5000}
    assert api_client("post", f"/api/threat-profiles/{profile.pk}/risk-runs", token=read, json=body).status_code == 403
    created = api_client("post", f"/api/threat-profiles/{profile.pk}/risk-runs", token=write, json=body)
    assert created.status_code == 201, created.content
    listed = api_client("get", f"/api/threat-profiles/{profile.pk}/risk-runs").json()
    assert listed[0]["id"] == created.json()["id"]


@pytest.mark.django_db
def test_cli_store(profile, redline_cli):
    code, out, err = redline_cli("risk", "store", str(profile.pk), "--threshold", "100", "--probability", "0.1",
                                 "--samples", "5000", "--json")
    assert code == 0, err
    assert json.loads(out)["threshold"] == 100
    code, out, err = redline_cli("risk", "store", "999999", "--threshold", "1")
    assert code == 2 and "no threat profile" in err


@pytest.mark.django_db
def test_gate_uses_the_stored_run_of_the_current_model(profile, admin):
    from redline.commitments.models import Commitment, CommitmentVersion
    from redline.decisions.services import threshold_status

    commitment = Commitment.objects.create(model=profile.model, kind="risk_threshold", name="Toy limit",
                                           threat_profile=profile)
    version = CommitmentVersion.objects.create(
        commitment=commitment, number=1, state="in_force",
        spec={"name": "Toy limit", "level_n": 1000, "probability": 0.9, "harm_measure": "harm"})
    live = threshold_status(version)
    assert "run" not in live
    # A stored run judged against a stricter limit is a different (N, p); it does not apply.
    run_profile(admin, profile, threshold=1000, probability=0.01, samples=5_000, seed=1)
    assert "run" not in threshold_status(version)
    run = run_profile(admin, profile, threshold_version=version, samples=20_000, seed=5)
    status = threshold_status(version)
    assert status["run"] == run.pk and status["status"] == run.verdict["status"]
