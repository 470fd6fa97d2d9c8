"""``redline risk run`` / ``check``: JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from redline.cli.risk import risk_app

app = typer.Typer()
app.add_typer(risk_app, name="risk")
runner = CliRunner()


@pytest.fixture
def model_file(tmp_path, reference_text):
    path = tmp_path / "bio.yaml"
    path.write_text(reference_text)
    return path


def test_run_json_has_the_documented_keys(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "--threshold", "1000", "--samples", "20000",
                            "--seed", "3", "--workers", "2", "--method", "naive", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d["p_exceed"]) >= {"estimate", "std_error", "interval", "rse"}
    assert d["method"] == "naive" and d["samples"] == 20000 and d["seed"] == 3 and d["hits"] > 0
    assert 0.3 < d["p_exceed"]["estimate"] < 0.4
    assert d["precision_target"] is None and d["precision_met"] is None
    assert {"numpy_version", "scipy_version", "chunk_size", "workers", "model", "notes"} <= set(d)


def test_run_two_level_json_and_plot(model_file, tmp_path):
    png = tmp_path / "fn.png"
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "--outer", "100", "--inner", "1000",
                            "--tolerance", "0.1", "--plot", str(png), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["method"] == "two-level-conditional" and len(d["ci90"]) == 2 and 0 <= d["share_above"] <= 1
    assert d["median"] == d["epistemic"]["median"]
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_run_reaches_rare_events_by_conditioning(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1e9", "-n", "100000", "--json"])
    d = json.loads(r.stdout)
    assert d["method"] == "conditional" and d["conditioned_on"] == "deaths_per_success"
    assert d["p_exceed"]["rse"] < 0.05 and d["replicates"] == 16


def test_run_to_a_target_precision(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "--precision", "1e-4", "-n", "10",
                            "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["precision_target"] == 1e-4 and d["precision_met"] is True and d["p_exceed"]["rse"] <= 1e-4
    assert d["method"] == "conditional" and d["samples"] > 10  # --precision overrides --samples
    assert set(d["p_exceed"]) >= {"estimate", "std_error", "interval", "rse"} and "notes" in d


def test_precision_not_reached_exits_0_and_says_so(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "--method", "rqmc", "--precision", "1e-5",
                            "--max-samples", "40000", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["precision_met"] is False and d["samples"] <= 40_000
    assert any("precision 1e-05 not reached" in n for n in d["notes"])
    table = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "--method", "rqmc", "--precision",
                                "1e-5", "--max-samples", "40000"])
    assert table.exit_code == 0 and "NOT met" in table.output


def test_two_level_precision_in_the_cli(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "--outer", "50", "--inner", "512",
                            "--precision", "1e-3", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["method"] == "two-level-conditional" and d["precision_met"] is True and len(d["ci90"]) == 2


def test_run_prints_a_table_without_json(model_file):
    r = runner.invoke(app, ["risk", "run", str(model_file), "-t", "1000", "-n", "10000"])
    assert r.exit_code == 0 and "95% interval" in r.output and "Monte Carlo error" in r.output


def test_check_prints_the_verdict_and_exits_by_status(model_file):
    r = runner.invoke(app, ["risk", "check", str(model_file), "-t", "1000", "-p", "1e-3", "-n", "20000"])
    assert r.exit_code == 1 and "EXCEEDS" in r.output
    r = runner.invoke(app, ["risk", "check", str(model_file), "-t", "1000", "-p", "0.9", "-n", "20000", "--json"])
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["verdict"]["status"] == "within" and d["criteria"]


def test_bad_model_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("parameters:\n  a: {dist: weibull}\noutcome: a\n")
    r = runner.invoke(app, ["risk", "run", str(bad), "-t", "1"])
    assert r.exit_code == 2
    text = " ".join(r.output.split())  # one message; rich may wrap it to the terminal width
    assert text.startswith("error: ") and text.count("error:") == 1 and "Traceback" not in text
    assert "bad.yaml:2: parameters.a.dist: unknown distribution 'weibull'" in text


@pytest.mark.parametrize("args", [["-t", "nan"], ["-t", "1", "-n", "0"], ["-t", "1", "-w", "0"],
                                  ["-t", "1", "--method", "magic"], ["-t", "1", "--precision", "0"],
                                  ["-t", "1", "--precision", "2"], ["-t", "1", "--max-samples", "0"],
                                  ["-t", "1", "--replicates", "1"],
                                  ["-t", "1", "--outer", "10", "--method", "naive", "--precision", "0.01"]])
def test_bad_arguments_exit_2(model_file, args):
    r = runner.invoke(app, ["risk", "run", str(model_file), *args])
    assert r.exit_code == 2, r.output


def test_console_script_exits_2_on_a_bad_model(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.yaml"
    bad.write_text("parameters:\n  a: {dist: normal, mean: 0, sd: 0}\noutcome: a\n")
    exe = Path(sys.executable).with_name("redline")
    r = subprocess.run([str(exe), "risk", "run", str(bad), "-t", "1"], capture_output=True, text=True,
                       env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "parameters.a.sd: normal needs sd > 0" in r.stderr and "Traceback" not in r.stderr


def test_cli_chunk_default_is_the_library_default():
    from redline.cli.risk import CHUNK_SIZE
    from redline.risk import DEFAULT_CHUNK

    assert CHUNK_SIZE == DEFAULT_CHUNK
