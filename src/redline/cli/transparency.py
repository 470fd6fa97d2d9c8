"""``redline import fmti``, ``redline transparency fmti`` and ``redline report build|compare`` (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from redline.cli._common import cli_operator, console, fail, setup_django

transparency_app = typer.Typer(help="Transparency outputs computed from the records (FMTI crosswalk).",
                               no_args_is_help=True)
report_app = typer.Typer(help="Quarterly transparency reports: build one, compare two.", no_args_is_help=True)

AUDIENCES = ("public", "regulators", "reviewers", "developers", "internal")


def import_fmti(
    path: Path = typer.Argument(..., help="A developer report in FMTI's Dec 2025 CSV shape.", exists=False),
    org: str = typer.Option(..., "--org", help="The organisation's slug; created as a developer organisation "
                                               "when it does not exist yet."),
) -> None:
    """Import an FMTI report as the organisation's manual disclosures (a bad file writes nothing)."""
    from redline.core.transparency.fmti import MAX_BYTES

    if not path.is_file():
        fail(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        fail(f"{path.name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    data = path.read_bytes()
    setup_django()
    from redline.ledger.services import acting_as
    from redline.transparency.services import import_fmti_for_slug

    with acting_as("cli"):
        report, created = import_fmti_for_slug(cli_operator(), org.strip(), data, source=path.name)
    if created:
        console.print(f"created the developer organisation [bold]{report.organisation.slug}[/]")
    console.print(f"imported {len(report.rows)} indicators from {path.name} into {report.organisation.slug}: "
                  f"score {report.score} of 100 (sha256 {report.sha256[:12]}…)", highlight=False)


def _organisation(slug: str):
    from redline.accounts.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        fail(f"ORG: no organisation '{slug}'")
    return organisation


@transparency_app.command("fmti")
def fmti(
    org: str = typer.Argument(..., help="The organisation's slug."),
    as_json: bool = typer.Option(False, "--json", help="Print the score summary as JSON."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Write every indicator in FMTI's report CSV shape."),
) -> None:
    """The FMTI (Dec 2025) coverage: indicators satisfied from records, by a manual disclosure, or open."""
    setup_django()
    from redline.core.transparency import write_report
    from redline.transparency.services import fmti_coverage

    cov = fmti_coverage(_organisation(org), "public")
    summary = cov.summary()
    if csv_out is not None:
        csv_out.write_text(write_report(cov.rows()), encoding="utf-8", newline="")
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    console.print(f"[bold]{summary['organisation']}[/]: {summary['total']} of {summary['indicators']} "
                  f"(Upstream {summary['domains']['Upstream']}, Model {summary['domains']['Model']}, "
                  f"Downstream {summary['domains']['Downstream']})", highlight=False)
    console.print(f"from records {summary['from_records']} · manual {summary['manual']} · open {summary['open']}",
                  highlight=False)
    if csv_out is not None:
        console.print(f"wrote {csv_out}")


@report_app.command("build")
def build(
    org: str = typer.Argument(..., help="The organisation's slug."),
    period: str = typer.Option(..., "--period", help="A calendar quarter in UTC, e.g. 2026-Q3."),
    audience: str = typer.Option("public", "--audience",
                                 help="Who the file is for: public, regulators, reviewers, developers or internal. "
                                      "Sections outside it show a withheld marker."),
    fmt: str = typer.Option("html", "--format", help="html, pdf or json."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
) -> None:
    """Build the quarterly transparency report from what is on record for the period."""
    from redline.core.documents import parse_quarter

    if audience not in AUDIENCES:
        fail(f"--audience: choose one of {', '.join(AUDIENCES)}")
    if fmt not in ("html", "pdf", "json"):
        fail("--format: choose one of html, pdf, json")
    quarter = parse_quarter(period, field="--period")
    setup_django()
    from rich.progress import BarColumn, Progress, TextColumn

    from redline.transparency import output
    from redline.transparency.services import build_report

    organisation = _organisation(org)
    with Progress(TextColumn("{task.description}"), BarColumn(), console=console.get(), transient=True) as bar:
        task = bar.add_task("reading the records", total=5)

        def step(what: str) -> None:
            bar.update(task, advance=1, description=f"reading {what}")

        rendered = build_report(organisation, quarter, audience, progress=step)
        bar.update(task, completed=4, description=f"writing {fmt.upper()}")
        data = output.write(rendered, fmt)
        bar.update(task, completed=5)
    out.write_bytes(data)
    withheld = len(rendered["withheld"])
    console.print(f"wrote {out} ({fmt}, {len(data):,} bytes): {organisation.slug} {quarter} for {audience}"
                  + (f", {withheld} section{'s' if withheld != 1 else ''} withheld" if withheld else ""),
                  highlight=False)


@report_app.command("compare")
def compare(
    old: Path = typer.Argument(..., help="An earlier report built with --format json."),
    new: Path = typer.Argument(..., help="A later report built with --format json."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
) -> None:
    """What changed between two reports: metrics, items added and removed, sections rewritten."""
    from redline.core.documents import compare_reports

    def load(path: Path) -> dict:
        if not path.is_file():
            fail(f"{path}: no such file")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            fail(f"{path.name}: not a JSON report ({exc})")
        if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
            fail(f"{path.name}: not a report built with --format json (no sections)")
        return data

    a, b = load(old), load(new)
    changes = [c.as_dict() for c in compare_reports(a, b)]
    if as_json:
        typer.echo(json.dumps({"old": a.get("period"), "new": b.get("period"), "changes": changes},
                              ensure_ascii=False, default=str))
        return
    console.print(f"{a.get('period')} → {b.get('period')}: {len(changes)} change{'s' if len(changes) != 1 else ''}",
                  highlight=False)
    for c in changes:
        if c["what"] == "text changed":
            console.print(f"  {c['section']}: text changed", highlight=False)
        else:
            console.print(f"  {c['section']}: {c['what']}: {c['old']!r} → {c['new']!r}", highlight=False,
                          markup=False)
