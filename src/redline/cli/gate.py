"""``redline gate MODEL --mode MODE``: may this model be deployed this way? For release pipelines.

Exits 0 when the deployment is allowed, 1 when it is not and 2 on an error.
"""

import json

import typer

from redline.cli._common import console, setup_django
from redline.cli.evidence import model_ref


def gate(
    model: str = typer.Argument(..., help="ORG/NAME of the registered model."),
    mode: str = typer.Option(..., "--mode", help="internal, hosted-api, api-fine-tuning, gated-open-weights, "
                                                 "open-weights."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Evaluate every in-force red line, threshold and safeguard test: exit 0 allowed, 1 not allowed, 2 error."""
    from rich.markup import escape
    from rich.table import Table

    from redline.core.deployment import DeploymentMode

    parsed = DeploymentMode.parse(mode)
    setup_django()
    from redline.decisions.services import evaluate_gate

    report = evaluate_gate(model_ref(model), parsed)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        table = Table(title=f"{report.model}: {parsed.label}")
        for col in ("item", "status", "effect", "why"):
            table.add_column(col)
        for row in report.result.rows:
            table.add_row(f"{row.kind}: {escape(row.name)}", row.status, "allows" if row.allowed else "[red]blocks[/]",
                          escape(row.reason))
        if report.result.rows:
            console.print(table)
        verdict = "[green]ALLOWED[/]" if report.allowed else "[red]NOT ALLOWED[/]"
        console.print(f"{verdict}: " + escape("; ".join(report.result.reasons)))
    raise typer.Exit(0 if report.allowed else 1)
