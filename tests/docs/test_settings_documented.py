"""Every REDLINE_* variable the code reads is in docs/configuration.md; every command is in docs/cli.md."""

import ast
import re
from pathlib import Path

from redline.cli import docs

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "redline"
VARIABLE = re.compile(r"\bREDLINE_[A-Z0-9_]*[A-Z0-9]\b")


def _variables_in_source() -> dict[str, str]:
    """``REDLINE_*`` names inside string literals: ``os.environ.get("REDLINE_X")``, ``envvar=``, help text.

    Python identifiers such as a ``REDLINE_NS`` constant are not environment variables and are skipped.
    """
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for name in VARIABLE.findall(node.value):
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_redline_variable_is_documented():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(REDLINE_[A-Z0-9_]+)`", text))
    variables = _variables_in_source()
    missing = sorted(f"{name} (read in {where})" for name, where in variables.items() if name not in documented)
    assert not missing, "add these variables to docs/configuration.md: " + ", ".join(missing)
    assert {"REDLINE_SECRET_KEY", "REDLINE_DATA_DIR", "REDLINE_DEBUG"} <= set(variables)


def test_other_variables_are_documented():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in ("DATABASE_URL", "PORT"):
        assert f"`{name}`" in text, f"add {name} to docs/configuration.md"


def test_every_command_is_in_the_cli_reference():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [path for path in docs.command_paths() if f"`{path}`" not in text]
    assert not missing, "docs/cli.md lacks " + ", ".join(missing) + ": run `make docs-cli` and commit docs/cli.md"
