"""The gate requires an accepted safety case without gaps where a commitment says so, and says why not."""

from redline_tests_safety_case_fixtures import CASE_YAML, MOCK_ALIAS, crossing_log
from typer.testing import CliRunner

from redline.cli.main import app
from redline.decisions.services import evaluate_gate
from redline.evidence import services as evidence
from redline.safety_cases import services


def _row(report):
    return next(r for r in report.result.rows if r.kind == "safety_case")


def test_no_requirement_no_row(world, in_force_red_line):
    report = evaluate_gate(world["model"], "hosted_api")
    assert all(r.kind != "safety_case" for r in report.result.rows) and report.requirements == []


def test_missing_draft_accepted_then_stale(world, bound_case, tmp_path, django_capture_on_commit_callbacks):
    model = world["model"]
    assert evaluate_gate(model, "internal").allowed  # internal use is not a deployment the case gates
    report = evaluate_gate(model, "hosted_api")
    assert not report.allowed and "a draft, not submitted for assessment" in _row(report).reason
    assert "required by Bio uplift" in _row(report).reason
    open_weights = evaluate_gate(model, "open_weights")
    assert "no safety case of acme/acme-7b argues for open_weights" in _row(open_weights).reason

    services.submit(world["admin"], bound_case)
    assert "not assessed yet" in _row(evaluate_gate(model, "hosted_api")).reason
    services.assess(world["reviewer2"], bound_case, "accepted", "The verdict bears the claim.")
    report = evaluate_gate(model, "hosted_api")
    assert report.allowed, report.result.reasons
    assert _row(report).status == "accepted"
    assert report.as_dict()["requirements"][0]["case_per_mode"]["hosted_api"] == "acme-bio"

    with django_capture_on_commit_callbacks(execute=True):
        evidence.import_file(world["admin"], model, crossing_log(tmp_path), model_alias=MOCK_ALIAS,
                             elicitation_level="strong")
    report = evaluate_gate(model, "hosted_api")
    assert not report.allowed
    reason = _row(report).reason
    assert "accepted over evidence that has since changed (Sn1)" in reason and "1 gap(s): Sn1" in reason
    from redline.ledger.services import verify

    assert verify() is None  # every recorded case, binding and assessment still matches its last entry


def test_rejected_case_refuses(world, bound_case):
    services.submit(world["admin"], bound_case)
    services.assess(world["reviewer2"], bound_case, "rejected", "Not enough.",
                    element_reasons={"G2": "one red line does not cover the pathway"})
    assert "rejected by its assessor" in _row(evaluate_gate(world["model"], "hosted_api")).reason


def test_the_gate_command_explains(world, bound_case, db):
    from redline.site import setup

    setup._READY["django"] = True
    result = CliRunner().invoke(app, ["gate", "acme/acme-7b", "--mode", "hosted-api"])
    assert result.exit_code == 1
    assert "safety_case" in result.output and "draft" in result.output


def test_case_without_gaps_needed(world, bio_red_line):
    case = services.import_case(world["admin"], world["model"], [("c.yaml", CASE_YAML)], modes=["hosted_api"])
    services.submit(world["admin"], case)  # Sn1 unbound: weak on a required case
    services.assess(world["reviewer2"], case, "accepted", "Accepted, though unbound.")
    reason = _row(evaluate_gate(world["model"], "hosted_api")).reason
    assert "1 gap(s): Sn1" in reason
