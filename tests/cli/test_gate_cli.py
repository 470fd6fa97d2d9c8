"""``redline gate``, ``redline import …``, ``redline verify-signatures`` and ``redline reviewer``: exit codes and output."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

_NAME = "redline_tests_world_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "commitments" / "world_fixtures.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
from redline_tests_world_fixtures import (  # noqa: E402,F401
    EVIDENCE,  # noqa: E402
    in_force_red_line,
    world,
)

runner = CliRunner()
MOCK = "mockllm/model=acme/acme-7b"  # the shared Inspect logs ran Inspect's mock model


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def django_ready(db):
    from redline.site import setup

    setup._READY["django"] = True  # pytest-django has configured Django and the test database


def test_gate_exit_codes(django_ready, in_force_red_line):  # noqa: F811
    # No evidence: "cannot show not crossed" → open weights refused, internal allowed.
    r = run("gate", "acme/acme-7b", "--mode", "open-weights", "--json")
    assert r.exit_code == 1, r.output
    out = json.loads(r.stdout)
    assert out["allowed"] is False and out["mode"] == "open_weights" and out["red_lines"][0]["verdict"] is None
    assert run("gate", "acme/acme-7b", "--mode", "internal").exit_code == 0
    r = run("gate", "acme/acme-7b", "--mode", "sideways")
    assert r.exit_code == 2 and "unknown deployment mode" in r.output
    r = run("gate", "acme/nope", "--mode", "internal")
    assert r.exit_code == 2 and "no model" in r.output


def test_import_then_gate(django_ready, in_force_red_line):  # noqa: F811
    r = run("import", "inspect", EVIDENCE / "inspect" / "cyber-exploit-ctf.eval", "--model", "acme/acme-7b",
            "--model-alias", MOCK, "--elicitation", "moderate", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["verdicts"][0]["verdict"] == "crossed" and len(out["sha256"]) == 64
    r = run("gate", "acme/acme-7b", "--mode", "open-weights")
    assert r.exit_code == 1 and "NOT ALLOWED" in r.stdout
    assert run("gate", "acme/acme-7b", "--mode", "hosted-api").exit_code == 0  # no_open_weights allows it


def test_import_failures_are_one_line_exit_2(django_ready, world):  # noqa: F811
    from redline.evidence.models import Evaluation

    r = run("import", "inspect", EVIDENCE / "bad" / "truncated-inspect.json", "--model", "acme/acme-7b")
    assert r.exit_code == 2 and "truncated-inspect.json" in r.output
    r = run("import", "garak", EVIDENCE / "garak" / "agg.report.jsonl", "--model", "nobody")
    assert r.exit_code == 2 and "ORG/NAME" in r.output
    r = run("import", "lm-eval", EVIDENCE / "lm_eval" / "boolq-v1-res.json", "--model", "acme/acme-7b",
            "--elicitation", "heroic")
    assert r.exit_code == 2 and "elicitation level" in r.output
    assert Evaluation.objects.count() == 0
    r = run("import", "campaign", EVIDENCE / "campaign" / "monitor-small.jsonl", "--model", "acme/acme-7b")
    assert r.exit_code == 0 and "safeguard monitor-small" in r.output


def test_verify_signatures_detects_tampering(django_ready, in_force_red_line):  # noqa: F811
    from redline.commitments.models import CommitmentVersion

    r = run("verify-signatures")
    assert r.exit_code == 0 and "2 approval signature(s) verify" in r.output
    assert run("verify-signatures", "--model", "acme/acme-7b").exit_code == 0
    # Tamper with the stored JSON behind the services' back, as an attacker with database access would.
    spec = dict(in_force_red_line.spec, threshold=0.9)
    CommitmentVersion.objects.filter(pk=in_force_red_line.pk).update(spec=spec)
    r = run("verify-signatures")
    assert r.exit_code == 1
    assert "bad signature" in r.output and "Cyber uplift" in r.output and "r1@rev.test" in r.output


def test_reviewer_keygen_and_sign_round_trip(tmp_path, django_ready, world):  # noqa: F811
    from redline.commitments import services
    from redline.core import signing

    key_file = tmp_path / "key.pem"
    r = run("reviewer", "keygen", "--out", key_file)
    assert r.exit_code == 0 and key_file.is_file()
    public = r.stdout.strip().splitlines()[-1]
    assert run("reviewer", "keygen", "--out", key_file).exit_code == 2  # never overwrites a key
    services.register_key(world["reviewer1"], public)
    version = services.create_commitment(world["admin"], world["model"], "red_line", "Signed by CLI",
                                         {"task": "t", "metric": "accuracy", "threshold": 0.5})
    version = services.propose(world["admin"], version)
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(version.spec))
    r = run("reviewer", "sign", spec_file, "--key", key_file)
    assert r.exit_code == 0
    signature = r.stdout.strip()
    assert signing.is_valid(version.spec, signature, public)
    approval = services.approve(world["reviewer1"], version, signature=signature)
    assert approval.server_signed is False
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert run("reviewer", "sign", bad, "--key", key_file).exit_code == 2


def test_import_with_elicitation_record(django_ready, world):  # noqa: F811
    from redline.evidence.models import Evaluation

    r = run("import", "inspect", EVIDENCE / "inspect" / "bio-protocol-uplift.json", "--model", "acme/acme-7b",
            "--model-alias", MOCK, "--elicitation-record", '{"fine_tuning": true, "effort_hours": 12}')
    assert r.exit_code == 0, r.output
    assert Evaluation.objects.get().elicitation_level == "strong"
    r = run("import", "inspect", EVIDENCE / "inspect" / "bio-protocol-uplift.json", "--model", "acme/acme-7b",
            "--elicitation-record", "[1]")
    assert r.exit_code == 2 and "JSON object" in r.output


def test_recompute_verdicts(django_ready, in_force_red_line):  # noqa: F811
    from redline.evidence.models import StoredVerdict

    assert run("import", "inspect", EVIDENCE / "inspect" / "cyber-exploit-ctf.eval", "--model",
               "acme/acme-7b", "--model-alias", MOCK).exit_code == 0
    StoredVerdict.objects.update(status="stale-test")
    r = run("recompute-verdicts", "--model", "acme/acme-7b")
    assert r.exit_code == 0 and "1 verdict(s) recomputed: crossed 1" in r.output
    assert run("recompute-verdicts").exit_code == 0


def test_import_refuses_another_model_naming_the_option(django_ready, world):  # noqa: F811
    from redline.evidence.models import Evaluation

    bio = EVIDENCE / "inspect" / "bio-protocol-uplift.json"
    r = run("import", "inspect", bio, "--model", "acme/acme-7b")
    assert r.exit_code == 2 and "--model-alias" in r.output and "mockllm/model=acme/acme-7b" in r.output
    r = run("import", "inspect", bio, "--model", "acme/acme-7b", "--model-alias", "oops")
    assert r.exit_code == 2 and "SOURCE=ORG/NAME" in r.output
    assert Evaluation.objects.count() == 0
    r = run("import", "inspect", bio, "--model", "acme/acme-7b", "--model-alias", MOCK)
    assert r.exit_code == 0 and "declared it to be acme/acme-7b" in r.output
    assert Evaluation.objects.get().model_alias == MOCK


def test_import_of_stale_evidence_warns_and_succeeds(django_ready, world):  # noqa: F811
    old = EVIDENCE / "garak" / "synthetic-pre-0.14.report.jsonl"  # ran on 2024-03-01
    r = run("import", "garak", old, "--model", "acme/acme-7b", "--model-alias", "gpt2=acme/acme-7b", "--json")
    assert r.exit_code == 0, r.output
    assert "warning:" in r.stderr and "already stale" in r.stderr
    assert any("already stale" in w for w in json.loads(r.stdout)["warnings"])
