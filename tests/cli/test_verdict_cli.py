"""``redline verdict``: exit codes, JSON shape and record selection."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

FIX = Path(__file__).parent.parent / "fixtures" / "evidence"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["verdict", *map(str, args)])


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_not_crossed_on_inspect_log():
    out = as_json(run(FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.5", "--json"))
    assert out["verdict"] == "not_crossed"
    assert out["estimate"] == pytest.approx(0.225)
    assert out["interval"][1] == pytest.approx(0.375, abs=5e-4)
    assert (out["n"], out["unscored"]) == (40, 0)
    assert isinstance(out["reasons"], list) and out["reasons"]


def test_json_crossed_and_inconclusive_exit_zero():
    eval_log = FIX / "inspect" / "cyber-exploit-ctf.eval"
    assert as_json(run(eval_log, "--threshold", "0.5", "--json"))["verdict"] == "crossed"
    out = as_json(run(eval_log, "--threshold", "0.9", "--alert", "0.7", "--json"))
    assert out["verdict"] == "inconclusive"
    assert out["alert"] == 0.7


def test_json_invalid_for_wrong_model():
    out = as_json(
        run(FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.5", "--model", "x/y", "--json")
    )
    assert out["verdict"] == "invalid"


def test_elicitation_options():
    path = FIX / "garak" / "test_with_ci.report.jsonl"
    weak = as_json(run(path, "--threshold", "0.5", "--required-elicitation", "strong", "--json"))
    assert weak["verdict"] == "inconclusive" and "weak_elicitation" in weak["reason_codes"]
    ok = as_json(
        run(
            path,
            "--threshold",
            "0.5",
            "--elicitation",
            "expert",
            "--required-elicitation",
            "strong",
            "--json",
        )
    )
    assert ok["verdict"] == "not_crossed"


def test_min_samples_and_unscored():
    path = FIX / "inspect" / "synthetic-unscored.json"
    out = as_json(run(path, "--threshold", "0.9", "--min-samples", "100", "--json"))
    assert set(out["reason_codes"]) >= {"too_few_samples", "too_many_unscored"}
    assert out["unscored"] == 2 and out["errored"] == 1
    relaxed = as_json(run(path, "--threshold", "0.9", "--max-unscored", "0.1", "--json"))
    # the log's own elicitation (moderate) is below its threat-actor estimate (strong)
    assert relaxed["reason_codes"] == ["weak_elicitation"]
    stronger = as_json(
        run(path, "--threshold", "0.9", "--max-unscored", "0.1", "--elicitation", "strong", "--json")
    )
    assert stronger["verdict"] == "not_crossed"


def test_lower_is_worse_direction():
    path = FIX / "lm_eval" / "results_2025-01-21T00-40-03.356274.json"
    assert as_json(run(path, "--threshold", "0.5", "--direction", "le", "--json"))["verdict"] == "crossed"


def test_record_selection():
    path = FIX / "lm_eval" / "cpu_group_regression_expected.json"
    ambiguous = run(path, "--threshold", "0.5")
    assert ambiguous.exit_code == 2
    assert "6 records match" in ambiguous.stderr and "choose one" in ambiguous.stderr
    assert len(ambiguous.stderr.strip().splitlines()) == 1
    out = as_json(run(path, "--threshold", "0.5", "--task", "regression_arc", "--metric", "acc", "--json"))
    assert (out["n"], out["estimate"], out["task"]) == (20, 0.15, "regression_arc")
    none = run(path, "--threshold", "0.5", "--metric", "bleu")
    assert none.exit_code == 2 and "no record matches" in none.stderr


def test_table_output():
    result = run(FIX / "garak" / "synthetic-nones.report.jsonl", "--threshold", "0.3")
    assert result.exit_code == 0
    assert "not_crossed" in result.stdout or "inconclusive" in result.stdout
    assert "attack_success_rate" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            [FIX / "bad" / "truncated.eval", "--threshold", "0.1"],
            "truncated.eval: not a readable Inspect log",
        ),
        ([FIX / "bad" / "missing.json", "--threshold", "0.1"], "no such file"),
        (
            [FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.1", "--confidence", "1.5"],
            "--confidence",
        ),
        (
            [FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.1", "--direction", "up"],
            "ge or le",
        ),
        (
            [FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.1", "--elicitation", "max"],
            "not one of",
        ),
        (
            [FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.1", "--alert", "0.2"],
            "must not exceed",
        ),
        (
            [FIX / "inspect" / "bio-protocol-uplift.json", "--threshold", "0.1", "--max-unscored", "2"],
            "max_unscored",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(args, needle):
    result = run(*args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_registered_on_the_redline_command():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from redline.cli.main import main; main()",
            "verdict",
            str(FIX / "campaign" / "monitor-small.jsonl"),
            "--metric",
            "undetected_success_rate",
            "--threshold",
            "0.2",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "not_crossed"
