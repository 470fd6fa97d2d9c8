"""``redline forecast``: forecast track records from the command line.

``redline forecast score FILE`` scores a JSON Lines file of resolved forecasts
with no server or database (it never imports Django): a table by default, one
JSON object with ``--json``. It exits 0 when the file was scored and 2 with one
line naming the line and the field on bad input. The file format is
:mod:`redline.core.forecasts.scorefile` (docs/forecasts.md); ``redline forecast
export --out FILE`` writes the same format from the database (the resolved public
questions), and ``redline forecast clock`` runs one pass of the forecast clock.
"""

import json
from pathlib import Path

import typer

from redline.cli._common import console, fail, setup_django

forecast_app = typer.Typer(
    help="Score forecasts of evaluation results: Brier, log, baseline and peer scores, CRPS and WIS.",
    no_args_is_help=True,
)


def _cell(value: str | int | float | None) -> str:
    from rich.markup import escape

    if value is None:
        return "—"
    if isinstance(value, str):
        return escape(value)  # a forecaster's handle is file text, not rich markup
    return str(value) if isinstance(value, int) else f"{value:.4g}"


def _table(rows: list[dict]):
    from rich import box
    from rich.table import Table

    table = Table(title="Forecast scores (means per forecaster)", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0),
                  pad_edge=False)
    columns = [
        ("forecaster", "forecaster", "left"),
        ("binary", "n_binary", "right"),
        ("Brier", "brier", "right"),
        ("log", "log_score", "right"),
        ("baseline", "baseline_score", "right"),
        ("peer", "peer_score", "right"),
        ("numeric", "n_numeric", "right"),
        ("CRPS", "crps", "right"),
        ("WIS", "wis", "right"),
    ]
    for header, _, justify in columns:
        if header == "forecaster":  # long handles fold onto a second line instead of being cut
            table.add_column(header, overflow="fold", min_width=10)
        else:
            table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*(_cell(row[key]) for _, key, _ in columns))
    table.caption = ("Lower is better for Brier, CRPS and WIS; higher for log, baseline and peer. "
                     "— where a score is undefined. See docs/forecasts.md.")
    return table


@forecast_app.command("score")
def score(
    file: Path = typer.Argument(
        ..., help="JSON Lines of resolved forecasts: question, forecaster, probability or quantiles, outcome."
    ),
    as_json: bool = typer.Option(
        False, "--json", help='Print one JSON object {"forecasters": [...]} instead of a table.'
    ),
) -> None:
    """Score a file of resolved forecasts and print each forecaster's counts and mean scores.

    Binary lines are scored with Brier, log, Metaculus baseline and peer scores (peer over the
    questions with at least two forecasters); numeric lines with CRPS from quantiles and the
    weighted interval score (where the levels are a median plus symmetric pairs). No server or
    database is needed. Exits 0 when the file was scored, 2 with one line naming the line and the
    field on bad input. The format and the scores are explained in docs/forecasts.md.
    """
    from redline.core.forecasts.scorefile import read_score_file
    from redline.core.forecasts.scoring import score_forecasts, summarise

    forecasts = read_score_file(file)  # bad input: one line and exit 2, from the root group
    rows = [s.as_dict() for s in summarise(score_forecasts(forecasts))]
    if as_json:
        typer.echo(json.dumps({"forecasters": rows}, ensure_ascii=False, allow_nan=False))
    elif rows:
        console.print(_table(rows))
    else:
        from rich.markup import escape

        console.print(f"{escape(file.name)}: no forecasts", highlight=False)


@forecast_app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="Where to write the score file (JSON Lines)."),
) -> None:
    """Write the scored forecasts of every resolved public question as a score file.

    One line per (question, forecaster): the standing forecast that was scored, under the forecaster's
    public handle (never an e-mail address; organisations as org:SLUG), with the outcome. Running
    `redline forecast score` on the file reproduces the site's scores exactly. Internal and
    unresolved questions are left out, as on every public surface.
    """
    setup_django()
    from django.contrib.auth.models import AnonymousUser

    from redline.core.forecasts import write_score_file
    from redline.forecasts.scoring import export_rows

    count = write_score_file(export_rows(AnonymousUser()), out)
    console.print(f"wrote {count} forecast{'s' if count != 1 else ''} to {out}", highlight=False, markup=False)


@forecast_app.command("clock")
def clock(now: str = typer.Option("", "--now", help="Run as of this ISO time (default: now).")) -> None:
    """Run one pass of the forecast clock: close questions past their close date, resolve those whose
    evidence is on record, annul those past their resolve-by date with none (nothing_imported)."""
    setup_django()
    import datetime as dt

    from redline.forecasts.resolution import run_clock
    from redline.ledger.services import acting_as

    at = None
    if now:
        try:
            at = dt.datetime.fromisoformat(now)
        except ValueError:
            fail(f"--now: {now!r} is not an ISO date-time")
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    with acting_as("clock"):
        done = run_clock(at)
    console.print(f"closed {done['closed']}, resolved {done['resolved']}, annulled {done['annulled']}",
                  highlight=False)
