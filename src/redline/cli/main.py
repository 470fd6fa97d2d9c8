"""The root ``redline`` Typer app; sub-command modules register themselves here."""

from __future__ import annotations

import sys

import typer

from redline import __version__
from redline.cli._common import STATE, err_console
from redline.core.errors import RedlineError

app = typer.Typer(
    name="redline",
    help="Manage the misuse risk of dual-use AI foundation models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
import_app = typer.Typer(help="Import files (model cards, evaluations, reports).", no_args_is_help=True)
export_app = typer.Typer(help="Export records in standard formats.", no_args_is_help=True)
bench_app = typer.Typer(help="Run benchmarks and print figures for docs/benchmarks.md.", no_args_is_help=True)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.add_typer(bench_app, name="bench")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on error."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    STATE["debug"] = debug


def _register() -> None:
    """Import the modules that add commands to the apps above."""
    from redline.cli import commands  # noqa: F401


def main() -> None:
    """Console-script entry point: run the app, turning RedlineError into one line."""
    _register()
    try:
        rv = app(standalone_mode=False)
        if isinstance(rv, int) and not isinstance(rv, bool):
            sys.exit(rv)
    except RedlineError as exc:
        if STATE["debug"]:
            raise
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # click's own errors arrive here (typer may bundle its own click)
        if type(exc).__name__ == "Abort":
            err_console.print("aborted")
            sys.exit(1)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click's errors
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            err_console.print(f"[bold red]error:[/] {exc.format_message()}{hint}", highlight=False)
            sys.exit(2)
        if type(exc).__name__ == "Exit" and hasattr(exc, "exit_code"):
            sys.exit(exc.exit_code)
        if STATE["debug"]:
            raise
        err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        sys.exit(1)
