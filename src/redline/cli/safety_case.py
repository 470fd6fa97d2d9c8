"""``redline safety-case``: check and draw GSN safety cases in gsn2x YAML, with no server or database.

``check`` prints gsn2x's diagnostics and exits 0 when there is no error (warnings
allowed), 1 when there are errors, and 2 with one line naming the file when a file
cannot be read or is not a YAML mapping of GSN elements. ``render`` draws the case
as SVG with Graphviz. Several files are the modules of one case.
"""

import json
from pathlib import Path

import typer

from redline.cli._common import console, err_console
from redline.core.errors import InvalidInput, RendererUnavailable

safety_case_app = typer.Typer(
    help="Check and draw GSN safety cases (gsn2x YAML); no server needed.", no_args_is_help=True
)

_FILES_HELP = "gsn2x YAML files; several files are the modules of one case."


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
    from redline.core.gsn import check, read_case

    case = read_case(files)  # unreadable or not GSN: one line and exit 2, from the root group
    result = check(case, extended_check=extended_check, warn_dialectic=warn_dialectic)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        for d in result.diagnostics:
            colour = "red" if d.is_error else "yellow"
            console.print(f"[{colour}]{_escape(str(d))}[/]", highlight=False, soft_wrap=True)
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
    from redline.core.gsn import outline, outline_text, read_case, render_svg

    case = read_case(files)
    try:
        svg = render_svg(case)
    except RendererUnavailable as exc:  # no dot: say so, and print the argument as an outline instead
        err_console.print(f"[bold red]error:[/] {_escape(str(exc))}", highlight=False, soft_wrap=True)
        typer.echo(outline_text(outline(case)), nl=False)
        raise typer.Exit(exc.exit_code) from None
    try:
        out.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"--out {out}", f"cannot write ({exc.strerror or exc})") from None
    console.print(f"wrote {_escape(str(out))} ({len(case)} elements)", highlight=False, soft_wrap=True)
