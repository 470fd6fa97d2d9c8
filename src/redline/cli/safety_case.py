"""``redline safety-case``: check and draw GSN safety cases in gsn2x YAML, with no server or database.

``check`` prints gsn2x's diagnostics and exits 0 when there is no error (warnings
allowed), 1 when there are errors, and 2 with one line naming the file when a file
cannot be read or is not a YAML mapping of GSN elements. ``render`` draws the case
as SVG with Graphviz. Several files are the modules of one case.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from redline.cli._common import console, err_console
from redline.core.errors import InvalidInput, RedlineError, RendererUnavailable
from redline.core.gsn import Case, check, outline, outline_text, read_case, render_svg

safety_case_app = typer.Typer(
    help="Check and draw GSN safety cases (gsn2x YAML); no server needed.", no_args_is_help=True
)

_FILES_HELP = "gsn2x YAML files; several files are the modules of one case."


def _error(exc: RedlineError) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(exc.exit_code)


def _read(files: list[Path]) -> Case:
    try:
        return read_case(files)
    except RedlineError as exc:
        raise _error(exc) from None


@safety_case_app.command("check")
def check_command(
    files: list[Path] = typer.Argument(..., help=_FILES_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: valid, nodes, diagnostics."),
    extended_check: bool = typer.Option(
        False, "--extended-check", help="Also report IDs whose prefix contradicts their nodeType (V08)."
    ),
    warn_dialectic: bool = typer.Option(
        False, "--warn-dialectic", help="Warn when counter-goals or counter-solutions are used (V11)."
    ),
) -> None:
    """Check a case with gsn2x's checks (V01-V13, C01-C16): exit 0 without errors, 1 with errors."""
    case = _read(files)
    result = check(case, extended_check=extended_check, warn_dialectic=warn_dialectic)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        for d in result.diagnostics:
            colour = "red" if d.is_error else "yellow"
            console.print(f"[{colour}]{escape(str(d))}[/]", highlight=False, soft_wrap=True)
        errors, warnings = len(result.errors), len(result.warnings)
        console.print(
            f"{result.nodes} elements in {len(case.modules)} module(s): {errors} error(s), {warnings} warning(s)",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(0 if result.valid else 1)


@safety_case_app.command("render")
def render_command(
    files: list[Path] = typer.Argument(..., help=_FILES_HELP),
    out: Path = typer.Option(..., "--out", help="Where to write the SVG diagram."),
) -> None:
    """Draw a case as SVG with the standard GSN shapes (needs Graphviz's dot)."""
    case = _read(files)
    try:
        svg = render_svg(case)
    except RendererUnavailable as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        typer.echo(outline_text(outline(case)), nl=False)
        raise typer.Exit(exc.exit_code) from None
    except RedlineError as exc:
        raise _error(exc) from None
    try:
        out.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise _error(InvalidInput(f"--out {out}: cannot write ({exc.strerror or exc})")) from None
    console.print(f"wrote {escape(str(out))} ({len(case)} elements)", highlight=False, soft_wrap=True)
