"""``redline safety-case``: check, draw, import and export GSN safety cases in gsn2x YAML.

``check`` prints gsn2x's diagnostics and exits 0 when there is no error (warnings
allowed), 1 when there are errors, and 2 with one line naming the file when a file
cannot be read or is not a YAML mapping of GSN elements. ``render`` draws the case
as SVG with Graphviz. Several files are the modules of one case. Neither needs a
server or a database; ``import``, ``export`` and ``refresh`` work on the database.
"""

import json
from pathlib import Path

import typer

from redline.cli._common import cli_operator, console, err_console, setup_django
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


def _case_ref(ref: str):
    parts = ref.strip("/").split("/")
    if len(parts) != 3:
        raise InvalidInput("CASE", "give ORG/NAME/CASE, e.g. aurora-labs/aurora-2/aurora-2-inability")
    from redline.safety_cases.models import SafetyCase

    case = SafetyCase.objects.select_related("model__organisation").filter(
        model__organisation__slug=parts[0], model__slug=parts[1], slug=parts[2]).first()
    if case is None:
        raise InvalidInput("CASE", f"no safety case {ref!r}")
    return case


@safety_case_app.command("import")
def import_command(
    files: list[Path] = typer.Argument(..., help=_FILES_HELP),
    model: str = typer.Option(..., "--model", help="ORG/NAME of the registered model."),
    title: str | None = typer.Option(None, "--title", help="The case's title (default: the first module's brief)."),
    slug: str | None = typer.Option(None, "--slug", help="The case's short name (default: from the module name)."),
    modes: list[str] = typer.Option([], "--mode", help="A deployment mode the case argues for (repeatable; "
                                                        "default every mode)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: the case with its live status."),
) -> None:
    """Import gsn2x YAML files as a draft safety case of a model (kept exactly as written)."""
    from redline.core.gsn import check, read_case

    result = check(read_case(files))  # unreadable or not GSN: one line and exit 2, before the database
    if not result.valid:  # as `check` does: the errors, and exit 1; nothing is stored
        for d in result.errors:
            err_console.print(f"[red]{_escape(str(d))}[/]", highlight=False, soft_wrap=True)
        err_console.print(f"not imported: {len(result.errors)} check error(s)", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    texts = []
    for path in files:
        try:
            texts.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(str(path), f"cannot read ({exc})") from None
    setup_django()
    from redline.cli.evidence import model_ref
    from redline.ledger.services import acting_as
    from redline.safety_cases import services
    from redline.safety_cases.serializers import live_dict

    with acting_as("cli"):
        case = services.import_case(cli_operator(), model_ref(model), texts, title=title, slug=slug, modes=modes)
    current = services.live(case)
    if as_json:
        typer.echo(json.dumps(live_dict(current), ensure_ascii=False, default=str))
        return
    summary = current.summary()
    console.print(f"imported {_escape(case.model.full_slug)}/{_escape(case.slug)}: {len(current.argument)} elements, "
                  f"{summary['status']} ({summary['gap_count']} gap(s))", highlight=False, soft_wrap=True)


@safety_case_app.command("export")
def export_command(
    case: str = typer.Argument(..., help="ORG/NAME/CASE: the model and the case's short name."),
    out: Path = typer.Option(..., "--out", help="The folder to write the gsn2x YAML files into."),
) -> None:
    """Write a case's gsn2x YAML files, as imported or last edited, into a folder."""
    setup_django()
    from redline.safety_cases.services import export_files

    files = export_files(_case_ref(case))
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            target = out / Path(name).name
            target.write_text(text, encoding="utf-8")
            console.print(f"wrote {_escape(str(target))}", highlight=False, soft_wrap=True)
    except OSError as exc:
        raise InvalidInput(f"--out {out}", f"cannot write ({exc.strerror or exc})") from None


@safety_case_app.command("refresh")
def refresh_command() -> None:
    """Recompute every case's live status now (evidence expires with time); changes land in the ledger."""
    setup_django()
    from redline.ledger.services import acting_as
    from redline.safety_cases.services import refresh_all

    with acting_as("cli"):
        changed = refresh_all()
    console.print(f"{changed} case(s) changed status.")
