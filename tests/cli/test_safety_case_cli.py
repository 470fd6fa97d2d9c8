"""``redline safety-case check`` and ``render``: exit codes 0/1/2, the JSON object, the SVG, no Django."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.main import app

REPO = Path(__file__).resolve().parents[2]
SHARED_GSN = (REPO / ".." / "shared" / "data" / "gsn").resolve()
needs_shared = pytest.mark.skipif(not SHARED_GSN.is_dir(), reason="shared gsn2x example folder is absent")

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["safety-case", *map(str, args)])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_case_exits_zero_and_says_so(tmp_path):
    case = write(tmp_path, "ok.gsn.yaml", "G1: {supportedBy: [Sn1]}\nSn1: {}\n")
    result = run("check", case)
    assert result.exit_code == 0, result.output
    assert "2 elements in 1 module(s): 0 error(s), 0 warning(s)" in result.stdout


def test_warnings_only_exit_zero(tmp_path):
    case = write(tmp_path, "warn.gsn.yaml", "G1: {text: not developed yet}\n")
    result = run("check", case)
    assert result.exit_code == 0
    assert f"Warning: ({case}) (V02): Goal G1 is undeveloped" in result.stdout


def test_errors_exit_one_with_the_json_object(tmp_path):
    case = write(tmp_path, "bad.gsn.yaml", "G1: {supportedBy: [Sn1]}\nSn1: {supportedBy: [G1]}\n")
    result = run("check", case, "--json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert set(out) == {"valid", "nodes", "diagnostics"}
    assert out["valid"] is False and out["nodes"] == 2
    (d,) = out["diagnostics"]
    assert set(d) == {"level", "code", "node", "module", "message"}
    assert (d["level"], d["code"], d["node"], d["module"]) == ("error", "V04", "Sn1", str(case))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty file, no GSN elements"),
        ("- G1\n", "expected a mapping of GSN element IDs, got list"),
        ("G1: [unclosed\n", "while parsing"),
        ("G1: {text: 3}\n", "G1.text: expected a string"),
    ],
)
def test_unreadable_files_exit_two_with_one_line_naming_the_file(tmp_path, text, problem):
    path = write(tmp_path, "broken.gsn.yaml", text)
    result = run("check", path, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}: ") and problem in line


def test_a_missing_file_exits_two(tmp_path):
    result = run("check", tmp_path / "absent.gsn.yaml")
    assert result.exit_code == 2 and "absent.gsn.yaml: no such file" in result.stderr


@needs_shared
def test_several_files_are_the_modules_of_one_case():
    template, instance = SHARED_GSN / "template" / "template.gsn.yaml", SHARED_GSN / "template" / "instance.gsn.yaml"
    together = run("check", template, instance, "--json")
    assert together.exit_code == 0 and json.loads(together.stdout) == {"valid": True, "nodes": 6, "diagnostics": []}
    alone = run("check", instance, "--json")
    assert alone.exit_code == 1
    assert [d["code"] for d in json.loads(alone.stdout)["diagnostics"]] == ["C09", "C10"]


@needs_shared
def test_extended_check_and_warn_dialectic():
    second = SHARED_GSN / "second.gsn.yaml"
    assert json.loads(run("check", second, "--json").stdout)["diagnostics"] == []
    out = json.loads(run("check", second, "--json", "--extended-check", "--warn-dialectic").stdout)
    assert [d["code"] for d in out["diagnostics"]] == ["V08"] * 4 + ["V11"]
    assert out["valid"] is True


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_render_writes_an_svg(tmp_path):
    case = write(tmp_path, "ok.gsn.yaml", "G1: {text: Top, supportedBy: [Sn1]}\nSn1: {text: Evidence}\n")
    out = tmp_path / "case.svg"
    result = run("render", case, "--out", out)
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text() and f"wrote {out} (2 elements)" in result.stdout


def test_render_without_dot_prints_the_outline_and_exits_one(tmp_path, monkeypatch):
    case = write(tmp_path, "ok.gsn.yaml", "G1: {text: Top, supportedBy: [Sn1]}\nSn1: {text: Evidence}\n")
    monkeypatch.setenv("PATH", "")
    out = tmp_path / "case.svg"
    result = run("render", case, "--out", out)
    assert result.exit_code == 1
    assert "Graphviz's dot is not installed" in result.stderr
    assert result.stdout == "- G1 (Goal): Top\n  - Sn1 (Solution): Evidence\n"
    assert not out.exists()


def test_render_of_an_unreadable_file_exits_two(tmp_path):
    result = run("render", write(tmp_path, "empty.yaml", ""), "--out", tmp_path / "x.svg")
    assert result.exit_code == 2 and "empty file" in result.stderr


def test_the_real_entry_point_has_the_commands_and_loads_no_django(tmp_path):
    case = write(tmp_path, "ok.gsn.yaml", "G1: {supportedBy: [G2]}\nG2: {supportedBy: [G1]}\n")
    code = (
        "import sys\n"
        "from redline.cli import main\n"
        f"sys.argv = ['redline', 'safety-case', 'check', '--json', {str(case)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n"
        "    print('django' in sys.modules, file=sys.stderr)\n    raise\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["diagnostics"][0]["code"] == "C01"
    alone = subprocess.run(
        [sys.executable, "-c", "import sys, redline.cli.safety_case; print('django' in sys.modules)"],
        capture_output=True, text=True,
    )
    assert alone.stdout.strip() == "False"
