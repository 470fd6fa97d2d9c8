"""``redline verdict``: a red-line verdict on one evidence file, with no server or database.

Made for release pipelines: it exits 0 whenever a verdict was computed (whatever it
is) and 2 with one line on bad input, and ``--json`` prints exactly one object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from redline.cli._common import console
from redline.core.errors import InvalidInput

if TYPE_CHECKING:  # the evidence readers pull in numpy; import them when a verdict is asked for
    from rich.table import Table

    from redline.core.evidence import EvidenceRecord
    from redline.core.verdict import Verdict


def _matches(value: str | None, wanted: str | None) -> bool:
    return wanted is None or (value or "").lower() == wanted.lower()


def select_record(
    records: list[EvidenceRecord], *, task: str | None, metric: str | None, scorer: str | None, filename: str
) -> EvidenceRecord:
    """The one record matching the filters, or InvalidInput listing the choices."""
    chosen = [
        r
        for r in records
        if _matches(r.task, task) and _matches(r.metric, metric) and (_matches(r.scorer, scorer))
    ]
    labels = "; ".join(r.label() for r in records[:6]) + (" …" if len(records) > 6 else "")
    if not chosen:
        raise InvalidInput(
            filename, f"no record matches the --task/--metric/--scorer given; it holds: {labels}"
        )
    if len(chosen) > 1:
        options = "; ".join(r.label() for r in chosen[:6]) + (" …" if len(chosen) > 6 else "")
        raise InvalidInput(
            filename, f"{len(chosen)} records match ({options}); choose one with --task, --metric or --scorer"
        )
    return chosen[0]


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.4g}"


def _table(v: Verdict, record: EvidenceRecord) -> Table:
    from rich.table import Table

    from redline.core.verdict import Direction

    colour = {"crossed": "red", "not_crossed": "green", "inconclusive": "yellow", "invalid": "magenta"}
    table = Table(title=f"{record.filename}: {record.label()}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    d = v.as_dict()
    table.add_row("verdict", f"[{colour[d['verdict']]}]{d['verdict']}[/]")
    table.add_row("model", record.model or "—")
    if v.model_check is not None:
        table.add_row("model check", v.model_check.describe())
    table.add_row("estimate", _fmt(v.estimate))
    if v.interval:
        table.add_row(
            f"{v.confidence:.0%} interval",
            f"[{_fmt(v.interval.lower)}, {_fmt(v.interval.upper)}] ({v.interval.method})",
        )
    else:
        table.add_row("interval", "—")
    sign = "≥" if v.direction is Direction.GE else "≤"
    table.add_row(
        "threshold",
        f"{sign} {_fmt(v.threshold)}" + (f" (alert {_fmt(v.alert)})" if v.alert is not None else ""),
    )
    table.add_row("scored samples", "unknown" if v.n is None else str(v.n))
    table.add_row("unscored / errored", f"{v.unscored} / {v.errored} ({v.unscored_fraction:.1%})")
    table.add_row("valid until", d["valid_until"] or "—")
    table.add_row("reasons", "\n".join(d["reasons"]))
    table.add_row("sha256", record.sha256)
    return table


def verdict(
    evidence_file: Path = typer.Argument(
        ..., help="Inspect log, lm-eval results, garak report or campaign file."
    ),
    threshold: float = typer.Option(..., "--threshold", help="The red line's threshold."),
    metric: str | None = typer.Option(None, "--metric", help="Pick the record with this metric."),
    scorer: str | None = typer.Option(
        None, "--scorer", help="Pick the record with this scorer / filter / detector."
    ),
    task: str | None = typer.Option(None, "--task", help="Pick the record with this task / probe."),
    kind: str | None = typer.Option(
        None, "--kind", help="inspect, lm_eval, garak or campaign (default: sniffed)."
    ),
    alert: float | None = typer.Option(None, "--alert", help="Alert threshold: the bound must clear this."),
    min_samples: int = typer.Option(0, "--min-samples", help="Minimum scored samples for 'not crossed'."),
    max_unscored: float = typer.Option(
        0.05, "--max-unscored", help="Largest unscored+errored fraction allowed."
    ),
    confidence: float = typer.Option(0.95, "--confidence", help="Confidence level of the interval."),
    elicitation: str | None = typer.Option(None, "--elicitation", help="Elicitation level of the evidence."),
    required_elicitation: str = typer.Option(
        "none", "--required-elicitation", help="Minimum elicitation level."
    ),
    direction: str = typer.Option("ge", "--direction", help="ge: higher is worse; le: lower is worse."),
    validity_days: int | None = typer.Option(
        None, "--validity-days", help="Evidence expires this many days after the run."
    ),
    model: str | None = typer.Option(None, "--model", help="The model the red line is checked for."),
    model_alias: list[str] = typer.Option(
        [], "--model-alias", metavar="SOURCE=ORG/NAME",
        help="SOURCE=ORG/NAME: the file's model name SOURCE stands for the model given with --model "
        "(repeatable).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Decide a red line against an evidence file: crossed, not_crossed, inconclusive or invalid."""
    from redline.core.evidence import ElicitationLevel, parse_aliases, read_evidence
    from redline.core.stats import z_for
    from redline.core.verdict import Direction, RedLineTest, red_line_verdict

    try:
        z_for(confidence)
    except ValueError as exc:
        raise InvalidInput("--confidence", f"{exc}") from None
    try:
        dirn = Direction(direction.lower())
    except ValueError:
        raise InvalidInput("--direction", f"must be ge or le, got {direction!r}") from None
    level = ElicitationLevel.parse(elicitation) if elicitation is not None else None
    aliases = parse_aliases(model_alias, field="--model-alias")
    if aliases and model is None:
        raise InvalidInput("--model-alias", "give the model it stands for with --model ORG/NAME")
    required = ElicitationLevel.parse(required_elicitation)
    records = read_evidence(evidence_file, kind)
    record = select_record(records, task=task, metric=metric, scorer=scorer, filename=evidence_file.name)
    red_line = RedLineTest(
        task=record.task,
        metric=record.metric,
        scorer=record.scorer,
        threshold=threshold,
        direction=dirn,
        alert=alert,
        min_samples=min_samples,
        min_elicitation=required,
        max_unscored=max_unscored,
        validity_days=validity_days,
    )
    result = red_line_verdict(
        red_line, record, confidence=confidence, model=model, model_aliases=aliases, elicitation=level
    )
    if as_json:
        out = result.as_dict()
        out["scorer"] = record.scorer
        out["model"] = record.model
        out["filename"] = record.filename
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        console.print(_table(result, record))
