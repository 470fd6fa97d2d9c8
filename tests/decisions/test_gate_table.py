"""The gate rules end to end, as a table of cases over stored commitments, evidence and campaigns."""

import datetime as dt

import pytest
from redline_tests_world_fixtures import EVIDENCE, MOCK_ALIAS, declared

from redline.commitments import services as commitments
from redline.decisions.services import evaluate_gate
from redline.evidence import services as evidence

# Evidence that gives each verdict against the red line built in ``_setup``.
EVIDENCE_FOR = {
    "crossed": ("cyber_exploit_ctf", 0.5, 0.4, "inspect/cyber-exploit-ctf.eval"),  # 16/25 = 0.64
    "not_crossed": ("cyber_exploit_ctf", 0.9, 0.85, "inspect/cyber-exploit-ctf.eval"),  # upper ≈ 0.80
    "inconclusive": ("cyber_exploit_ctf", 0.7, 0.65, "inspect/cyber-exploit-ctf.eval"),  # straddles 0.65
    "invalid": ("bio_protocol_uplift", 0.5, None, "inspect/synthetic-failed.json"),  # failed run
    "no evidence": ("cyber_exploit_ctf", 0.5, None, None),
}

T, F = True, False
CASES = [
    # verdict,        policy,                 action,                     safeguard, mode,                 allowed
    ("not_crossed", "treat_as_crossed", "no_open_weights", None, "open_weights", T),
    ("crossed", "treat_as_crossed", "no_open_weights", None, "open_weights", F),
    ("crossed", "treat_as_crossed", "no_open_weights", None, "gated_open_weights", F),
    ("crossed", "treat_as_crossed", "no_open_weights", None, "hosted_api", T),
    ("crossed", "treat_as_crossed", "api_only_with_safeguards", "pass", "hosted_api", T),
    ("crossed", "treat_as_crossed", "api_only_with_safeguards", "fail", "hosted_api", F),
    ("crossed", "treat_as_crossed", "api_only_with_safeguards", None, "hosted_api", F),
    ("crossed", "treat_as_crossed", "api_only_with_safeguards", "pass", "api_fine_tuning", F),
    ("crossed", "treat_as_crossed", "pause_deployment", "pass", "hosted_api", F),
    ("crossed", "treat_as_crossed", "pause_deployment", None, "internal", T),
    ("crossed", "treat_as_crossed", "halt_development", None, "internal", T),
    ("inconclusive", "treat_as_crossed", "no_open_weights", "pass", "hosted_api", T),
    ("inconclusive", "treat_as_crossed", "no_open_weights", None, "hosted_api", F),
    ("inconclusive", "treat_as_crossed", "no_open_weights", "pass", "gated_open_weights", F),
    ("inconclusive", "block", "no_open_weights", "pass", "hosted_api", F),
    ("inconclusive", "require_more_precise", "no_open_weights", "pass", "internal", F),
    ("inconclusive", "treat_as_crossed", "no_open_weights", None, "internal", T),
    ("invalid", "treat_as_crossed", "no_open_weights", "pass", "hosted_api", T),
    ("invalid", "treat_as_crossed", "no_open_weights", "pass", "open_weights", F),
    ("no evidence", "treat_as_crossed", "no_open_weights", "pass", "hosted_api", T),
    ("no evidence", "treat_as_crossed", "no_open_weights", None, "open_weights", F),
    ("no evidence", "block", "no_open_weights", "pass", "internal", F),
]


def _in_force(world, kind, name, spec, safeguards=(), profile=None):
    v = commitments.create_commitment(world["admin"], world["model"], kind, name, spec, safeguards=safeguards,
                                      threat_profile=profile, required_approvals=1)
    v = commitments.propose(world["admin"], v, comment_period_ends=dt.date.today())
    commitments.approve(world["reviewer2"], v)
    v.refresh_from_db()
    return commitments.enter_into_force(world["admin"], v)


@pytest.mark.parametrize(("verdict", "policy", "action", "safeguard", "mode", "allowed"), CASES,
                         ids=["-".join(map(str, c)) for c in CASES])
def test_gate_case(world, verdict, policy, action, safeguard, mode, allowed):
    task, threshold, alert, path = EVIDENCE_FOR[verdict]
    spec = {"task": task, "metric": "accuracy", "threshold": threshold, "alert": alert, "min_samples": 10,
            "validity_days": 3650, "inconclusive_policy": policy, "action": action}
    _in_force(world, "red_line", "R", spec, safeguards=["output-classifier-v2"] if safeguard else ())
    if path:
        evidence.import_file(world["admin"], world["model"], EVIDENCE / path,
                             model_alias=declared(EVIDENCE / path, world["model"]))
    if safeguard:
        evidence.import_file(world["admin"], world["model"], EVIDENCE / "campaign" / "classifier-v2.csv",  # names acme-7b
                             tolerance=0.05 if safeguard == "pass" else 0.001)
    report = evaluate_gate(world["model"], mode)
    got = (report.red_lines[0]["verdict"] or {}).get("verdict", "no evidence")
    assert got == verdict
    assert report.allowed is allowed, report.result.reasons


def test_latest_current_evidence_wins(world):
    spec = {"task": "cyber_exploit_ctf", "metric": "accuracy", "threshold": 0.5, "min_samples": 10}
    _in_force(world, "red_line", "R", spec)
    evidence.import_file(world["admin"], world["model"], EVIDENCE / "inspect" / "cyber-exploit-ctf.eval",
                         validity_days=1, model_alias=MOCK_ALIAS)  # run long ago relative to a one-day window → expired
    from redline.evidence.models import Evaluation

    Evaluation.objects.update(valid_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    report = evaluate_gate(world["model"], "internal")
    assert report.red_lines[0]["evaluation"] == Evaluation.objects.get().pk  # stale, but the only one


def test_quantitative_threshold_without_risk_model_is_uncertain(world):
    _in_force(world, "risk_threshold", "Deaths", {"harm_measure": "fatalities", "level_n": 1000,
                                                   "probability": 0.001})
    assert evaluate_gate(world["model"], "hosted_api").allowed
    report = evaluate_gate(world["model"], "open_weights")
    assert not report.allowed and report.thresholds[0]["status"] == "uncertain"


def test_quantitative_threshold_with_exceeding_risk_model_blocks_everything(world):
    risky = ("name: risky\nparameters:\n  deaths: {dist: lognormal, ci90: [500, 50000]}\noutcome: deaths\n")
    profile = commitments.create_threat_profile(world["admin"], world["model"], category="bio", threat_actor="a",
                                                pathway="p", risk_model_yaml=risky)
    _in_force(world, "risk_threshold", "Deaths", {"harm_measure": "fatalities", "level_n": 1000,
                                                   "probability": 0.001}, profile=profile)
    report = evaluate_gate(world["model"], "internal")
    assert report.thresholds[0]["status"] == "exceeds" and not report.allowed
