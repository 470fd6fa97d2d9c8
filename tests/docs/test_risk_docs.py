"""docs/risk-models.md: its models load, its commands run, and its Python example works as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli.risk import risk_app
from redline.risk import loads_model

DOC = Path(__file__).resolve().parents[2] / "docs" / "risk-models.md"
TEXT = DOC.read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", TEXT, flags=re.S)


def test_every_complete_yaml_model_loads():
    models = [b for b in _blocks("yaml") if "outcome:" in b]
    assert models, "the guide shows at least one whole model"
    for text in models:
        assert loads_model(text).outcome is not None


@pytest.fixture
def bio(tmp_path, monkeypatch):
    first = next(b for b in _blocks("yaml") if "bio-uplift-example" in b)
    (tmp_path / "bio.yaml").write_text(first, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_first_models_commands_run(bio):
    commands = [line[2:] for b in _blocks("console") for line in b.splitlines()
                if line.startswith("$ redline risk ") and "bio.yaml" in line]
    assert len(commands) >= 3
    for command in commands:
        args = shlex.split(command)[2:]
        args = ["1000000" if a == "10000000" else a for a in args]  # a tenth of the samples keeps the test quick
        result = CliRunner().invoke(risk_app, args)
        assert result.exit_code in (0, 1), (command, result.output)  # 1: `check` found exceeds/uncertain
        assert "P(outcome ≥" in result.output
    assert (bio / "fn.png").read_bytes()[:4] == b"\x89PNG"


def test_the_python_example_runs(bio, capsys):
    code = next(b for b in _blocks("python") if "run_model" in b)
    exec(compile(code.replace("samples=10_000_000", "samples=100_000"), str(DOC), "exec"), {})  # noqa: S102
    out = capsys.readouterr().out
    assert "within" in out.lower() or "exceeds" in out.lower() or "uncertain" in out.lower()
