"""The root ``redline`` Typer app: every command and group is listed here, in one place.

Command modules define functions and sub-apps and import nothing heavy at module level (Django,
numpy, matplotlib and inspect_ai load inside the commands that need them), so ``redline --help``
starts fast. Errors reach :func:`main` and are printed once, as one line.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from redline import __version__
from redline.cli import (
    backup,
    bench,
    disclosure,
    evidence,
    forecast,
    gate,
    ledger,
    registry,
    risk,
    risk_runs,
    safety_case,
    server,
    tokens,
    transparency,
    verdict,
)
from redline.cli._common import STATE, err_console
from redline.core.errors import RedlineError


def escape(text: str) -> str:
    """``text`` with rich markup escaped (file names and messages may hold square brackets)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def report_error(exc: RedlineError) -> int:
    """Print ``exc`` as one line on stderr (the traceback with ``--debug``); returns its exit code."""
    if STATE["debug"]:
        raise exc
    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return exc.exit_code


class _Group(TyperGroup):
    """The root group: every command's :class:`RedlineError` becomes one line and its exit code, here."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RedlineError as exc:
            ctx.exit(report_error(exc))


app = typer.Typer(
    cls=_Group,
    name="redline",
    help="Manage the misuse risk of dual-use AI foundation models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help renderer alone costs ~0.15 s at every start
)


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


# --- the server and its data ------------------------------------------------------------------
app.command("init")(server.init)
app.command("serve")(server.serve)
app.command("demo")(server.demo)
app.command("createuser")(server.createuser)
app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(server.manage)
app.add_typer(tokens.token_app, name="token")
app.add_typer(ledger.ledger_app, name="ledger")
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)

# --- files in and out ---------------------------------------------------------------------------
import_app = typer.Typer(help="Import files (model cards, evaluations, reports).", no_args_is_help=True)
import_app.command("hf-card")(registry.import_hf_card)
for _kind, _command in evidence.IMPORT_COMMANDS.items():
    import_app.command(_kind)(_command)
import_app.command("avid")(disclosure.import_avid)
import_app.command("flare")(disclosure.import_flare)
import_app.command("fmti")(transparency.import_fmti)
app.add_typer(import_app, name="import")

export_app = typer.Typer(help="Export records in standard formats.", no_args_is_help=True)
export_app.command("avid")(disclosure.export_avid)
export_app.command("stix")(disclosure.export_stix)
export_app.command("cve")(disclosure.export_cve)
export_app.command("jsonld")(disclosure.export_jsonld)
app.add_typer(export_app, name="export")

# --- coordinated disclosure ---------------------------------------------------------------------
app.add_typer(disclosure.report_app, name="disclosure")
app.add_typer(disclosure.clocks_app, name="clocks")

# --- commitments, evidence and the gate --------------------------------------------------------
app.command("verdict")(verdict.verdict)
app.command("gate")(gate.gate)
app.command("verify-signatures")(evidence.verify_signatures)
app.command("recompute-verdicts")(evidence.recompute_verdicts)
app.add_typer(evidence.reviewer_app, name="reviewer")

# --- the risk engine ------------------------------------------------------------------------------
risk.risk_app.command("store")(risk_runs.store)
app.add_typer(risk.risk_app, name="risk")

# --- forecasts and safety cases -----------------------------------------------------------------------------------
app.add_typer(forecast.forecast_app, name="forecast")
app.add_typer(safety_case.safety_case_app, name="safety-case")

# --- transparency -----------------------------------------------------------------------------------------------
app.add_typer(transparency.transparency_app, name="transparency")
app.add_typer(transparency.report_app, name="report")

# --- benchmarks -------------------------------------------------------------------------------------
bench_app = typer.Typer(help="Run benchmarks and print figures for docs/benchmarks.md.", no_args_is_help=True)
bench_app.command("risk")(bench.bench_risk)
bench_app.command("gate")(bench.bench_gate)
bench_app.command("disclosure")(bench.bench_disclosure)
bench_app.command("cli")(bench.bench_cli)
bench_app.command("forecasts")(bench.bench_forecasts)
bench_app.command("cases")(bench.bench_cases)
app.add_typer(bench_app, name="bench")


def main() -> None:
    """Console-script entry point: run the app, turning every error into one line on stderr."""
    try:
        rv = app(standalone_mode=False)
        if isinstance(rv, int) and not isinstance(rv, bool):
            sys.exit(rv)
    except RedlineError as exc:  # raised before a command ran (the group handles the rest)
        sys.exit(report_error(exc))
    except SystemExit:
        raise
    except Exception as exc:  # click's own errors arrive here (typer bundles its own click)
        if type(exc).__name__ == "Abort":
            err_console.print("aborted")
            sys.exit(1)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click's usage errors
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            err_console.print(f"[bold red]error:[/] {escape(exc.format_message())}{hint}", highlight=False,
                              soft_wrap=True)
            sys.exit(2)
        if type(exc).__name__ == "Exit" and hasattr(exc, "exit_code"):
            sys.exit(exc.exit_code)
        if STATE["debug"]:
            raise
        err_console.print(f"[bold red]error:[/] {escape(f'{type(exc).__name__}: {exc}')}", highlight=False,
                          soft_wrap=True)
        sys.exit(1)
