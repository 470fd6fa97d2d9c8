"""``redline forecast score``: the table, the fixed JSON keys, and exit 2 with one line on every bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

runner = CliRunner()
KEYS = ["forecaster", "n_binary", "brier", "log_score", "baseline_score", "peer_score", "n_numeric", "crps", "wis"]
LINES = [
    {"question": "Q1", "forecaster": "ana", "probability": 0.7, "outcome": True},
    {"question": "Q1", "forecaster": "bo", "probability": 0.4, "outcome": True},
    {"question": "Q3", "forecaster": "bo", "probability": 0.2, "outcome": False},
    {"question": "Q2", "forecaster": "ana", "quantiles": [[0.05, 0.12], [0.5, 0.3], [0.95, 0.61]], "outcome": 0.42},
    {"question": "Q4", "forecaster": "ana", "quantiles": [[0.1, 0.1], [0.5, 0.3], [0.8, 0.6]], "outcome": 0.42},
]


def write(tmp_path, lines, name="forecasts.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    return runner.invoke(app, ["forecast", "score", *map(str, args)])


def test_json_holds_each_forecaster_s_means_under_the_fixed_keys(tmp_path):
    result = run(write(tmp_path, LINES), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["forecasters"]
    ana, bo = out["forecasters"]
    assert list(ana) == KEYS and list(bo) == KEYS
    assert (ana["forecaster"], ana["n_binary"], ana["n_numeric"]) == ("ana", 1, 2)
    assert ana["brier"] == pytest.approx(0.09)
    assert ana["log_score"] == pytest.approx(math.log(0.7))
    assert ana["baseline_score"] == pytest.approx(100 * (math.log2(0.7) + 1))
    assert ana["peer_score"] == pytest.approx(100 * (math.log(0.7) - math.log(0.4)))
    crps_q2 = 2 / 3 * (0.05 * 0.30 + 0.5 * 0.12 + 0.05 * 0.19)
    crps_q4 = 2 / 3 * (0.1 * 0.32 + 0.5 * 0.12 + 0.2 * 0.18)
    assert ana["crps"] == pytest.approx((crps_q2 + crps_q4) / 2)
    assert ana["wis"] == pytest.approx((0.5 * 0.12 + 0.05 * 0.49) / 1.5)  # Q4's levels have no WIS
    assert bo["n_binary"] == 2 and bo["brier"] == pytest.approx((0.36 + 0.04) / 2)
    assert bo["peer_score"] == pytest.approx(100 * (math.log(0.4) - math.log(0.7)))  # Q3 has no peers
    assert bo["crps"] is None and bo["wis"] is None and bo["n_numeric"] == 0


def test_peer_score_is_null_for_a_lone_forecaster(tmp_path):
    out = json.loads(run(write(tmp_path, LINES[:1]), "--json").stdout)
    assert out["forecasters"][0]["peer_score"] is None


def test_table(tmp_path):
    result = run(write(tmp_path, LINES))
    assert result.exit_code == 0
    for needle in ("forecaster", "Brier", "baseline", "peer", "CRPS", "WIS", "ana", "bo", "0.09", "—"):
        assert needle in result.stdout
    assert "lower is better" in result.stdout.lower()


def test_markup_in_a_handle_is_printed_not_interpreted(tmp_path):
    line = {"question": "Q1", "forecaster": "[bold]eve[/bold]", "probability": 0.5, "outcome": True}
    result = run(write(tmp_path, [line]))
    assert result.exit_code == 0 and "[bold]eve[/bold]" in result.stdout


def test_an_empty_file_scores_nothing(tmp_path):
    path = write(tmp_path, [""])
    assert json.loads(run(path, "--json").stdout) == {"forecasters": []}
    table = run(path)
    assert table.exit_code == 0 and "no forecasts" in table.stdout


BAD = [
    (["this is not json"], "line 1: not valid JSON"),
    ([{"question": "Q1", "forecaster": "ana", "probability": 1.0, "outcome": True}],
     "line 1: probability: must lie strictly between 0 and 1"),
    ([{"question": "Q1", "forecaster": "ana", "probability": -0.1, "outcome": True}],
     "line 1: probability: must lie strictly between 0 and 1"),
    ([LINES[0], {"question": "Q2", "forecaster": "ana", "quantiles": [[0.5, 0.3], [0.05, 0.1], [0.95, 0.6]],
                 "outcome": 0.4}], "line 2: quantiles: levels must be strictly increasing"),
    ([{"question": "Q2", "forecaster": "ana", "quantiles": [[0.05, 0.3], [0.5, 0.1], [0.95, 0.6]],
       "outcome": 0.4}], "line 1: quantiles: values must not decrease"),
    ([{"question": "Q1", "forecaster": "ana", "probability": 0.5}], "line 1: outcome: missing"),
    ([LINES[0], LINES[1], {**LINES[0], "probability": 0.8}],
     "line 3: forecaster: 'ana' already has a forecast on question 'Q1' (line 1)"),
    ([LINES[0], {**LINES[1], "outcome": False}], "line 2: outcome: question 'Q1' has outcome true on line 1"),
    ([{**LINES[0], "outcome": 1}], "line 1: outcome: a binary outcome must be true or false, got 1"),
    ([{**LINES[0], "outcome": "true"}], "line 1: outcome: a binary outcome must be true or false"),
    ([{**LINES[3], "outcome": True}], "line 1: outcome: a numeric outcome must be a number, got true"),
    ([{**LINES[3], "outcome": "0.42"}], "line 1: outcome: must be a number"),
    ([{"question": "Q1", "forecaster": "ana", "outcome": True}], "line 1: probability: missing"),
    ([{**LINES[0], "prob": 0.5}], "line 1: prob: unknown field"),
]


@pytest.mark.parametrize(("lines", "needle"), BAD)
def test_bad_input_exits_2_with_one_line_naming_line_and_field(tmp_path, lines, needle):
    for extra in ([], ["--json"]):
        result = run(write(tmp_path, lines), *extra)
        assert result.exit_code == 2, result.output
        assert needle in result.stderr
        assert result.stderr.startswith("error: forecasts.jsonl: line ")
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stdout == ""


def test_a_missing_file_exits_2(tmp_path):
    result = run(tmp_path / "nope.jsonl")
    assert result.exit_code == 2 and "nope.jsonl: no such file" in result.stderr


def test_registered_on_the_redline_command_without_django(tmp_path):
    path = write(tmp_path, LINES)
    code = (
        "import sys\n"
        "from redline.cli.main import main\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "else:\n    code = 0\n"
        "print('DJANGO' if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 'NO-DJANGO')\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "forecast", "score", str(path), "--json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    first, last = proc.stdout.strip().splitlines()
    assert [f["forecaster"] for f in json.loads(first)["forecasters"]] == ["ana", "bo"]
    assert last == "NO-DJANGO"
    bad = write(tmp_path, [{"question": "Q1", "forecaster": "ana", "probability": 2, "outcome": True}], "bad.jsonl")
    proc = subprocess.run([sys.executable, "-c", code, "forecast", "score", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "bad.jsonl: line 1: probability:" in proc.stderr
