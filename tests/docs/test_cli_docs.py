"""docs/cli.md is the generated CLI reference; it must match the commands as they are now."""

from pathlib import Path

from redline.cli import docs

CLI_MD = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_matches_the_command_tree():
    expected = docs.render()
    actual = CLI_MD.read_text(encoding="utf-8") if CLI_MD.is_file() else ""
    assert actual == expected, "docs/cli.md is out of date with the CLI: run `make docs-cli` and commit docs/cli.md"


def test_reference_names_every_command_and_option():
    text = docs.render()
    paths = docs.command_paths()
    assert {"redline", "redline serve", "redline init", "redline ledger verify"} <= set(paths)
    for path in paths:
        assert f"`{path}`" in text
    assert "`--no-input`" in text and "[env var: PORT; default: 8000]" in text


def test_reference_does_not_depend_on_the_terminal(monkeypatch):
    first = docs.render()
    monkeypatch.setenv("COLUMNS", "20")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert docs.render() == first
    assert "\x1b[" not in first
