"""Disclosure commands: ``redline disclosure submit``, ``import avid|flare``, ``export avid|stix|cve|jsonld``,
``clocks run|schedule``."""

import json
from datetime import datetime
from pathlib import Path

import typer

from redline.cli._common import console, fail, setup_django

report_app = typer.Typer(help="Coordinated disclosure: submit reports from files.", no_args_is_help=True)
clocks_app = typer.Typer(help="Deadline clocks: escalate missed acknowledge/triage/fix/embargo deadlines.",
                         no_args_is_help=True)


@report_app.command("submit")
def report_submit(
    path: Path = typer.Argument(..., help="A JSON file with the report's fields, or a list of such objects "
                                "(submitted together, all or nothing; see docs/disclosure.md)."),
    accept_terms: str = typer.Option("", "--accept-terms", help="The safe-harbor terms version you accept "
                                     "(default: the version named in the file)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Submit reports; prints each reference, public ID and private follow-up token (shown once)."""
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        fail(f"{path}: not valid JSON: {exc}")
    docs = doc if isinstance(doc, list) else [doc]
    if not docs or not all(isinstance(d, dict) for d in docs):
        fail(f"{path}: expected a JSON object or a non-empty list of objects")
    setup_django()
    from dataclasses import fields

    from redline.disclosure.intake import Submission, submit_many
    from redline.ledger.services import acting_as

    known = {f.name for f in fields(Submission)}
    subs = []
    for i, d in enumerate(docs):
        where = f"{path}[{i}]" if isinstance(doc, list) else str(path)
        unknown = sorted(set(d) - known)
        if unknown:
            fail(f"{where}: {unknown[0]}: unknown field (known: {', '.join(sorted(known))})")
        if accept_terms:
            d["accepted_terms"] = accept_terms
        try:
            subs.append(Submission(**d))
        except TypeError as exc:
            fail(f"{where}: {exc}")
    with acting_as("cli"):
        done = submit_many(subs)
    results = []
    for item in done:
        adv = getattr(item.report, "advisory", None)
        results.append({"ref": item.report.ref, "public_id": adv.public_id if adv else None, "token": item.token,
                        "follow_up": f"/report/follow/{item.token}/",
                        "suggestions": [{"ref": s.ref, "score": s.score} for s in item.suggestions]})
    if as_json:
        typer.echo(json.dumps(results if isinstance(doc, list) else results[0], indent=2))
        return
    for result in results:
        console.print(f"submitted [bold]{result['ref']}[/] (public ID {result['public_id'] or '—'})")
        console.print(f"follow-up link (shown once): {result['follow_up']}")
        for s in result["suggestions"]:
            console.print(f"  possible duplicate: {s['ref']} (score {s['score']:.2f})")


def _summary(results) -> int:
    imported = [r for r in results if r.status == "imported"]
    skipped = [r for r in results if r.status == "skipped"]
    for r in skipped:
        console.print(f"[yellow]skipped[/] {r.path}: {r.detail}", highlight=False)
    console.print(f"imported {len(imported)}, skipped {len(skipped)}")
    return 0 if imported or not skipped else 1


def import_avid(
    paths: list[Path] = typer.Argument(..., help="AVID report or vulnerability JSON files, or folders of them."),
) -> None:
    """Import AVID reports (as published advisories) and vulnerabilities (as incident groupings)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    setup_django()
    from redline.disclosure.importers import expand
    from redline.disclosure.importers import import_avid as do_import
    from redline.ledger.services import acting_as

    files = expand(paths)
    with Progress(TextColumn("importing AVID"), BarColumn(), MofNCompleteColumn(), console=console.get(),
                  transient=True) as bar, acting_as("cli"):
        task = bar.add_task("avid", total=len(files))
        results = do_import(files, progress=lambda r: bar.advance(task))
    raise typer.Exit(_summary(results))


def import_flare(path: Path = typer.Argument(..., help="A FLARE-AI report (JSON).")) -> None:
    """Import a FLARE-AI flaw report as a new submission (opens a case with every registered vendor it names)."""
    setup_django()
    from redline.disclosure.importers import import_flare as do_import
    from redline.ledger.services import acting_as

    if not path.is_file():
        fail(f"{path}: no such file")
    with acting_as("cli"):
        result = do_import(path)
    if result.status == "imported":
        console.print(f"imported {path.name}: {result.detail}")
    raise typer.Exit(_summary([result]))


def _export(fmt: str, out: Path) -> None:
    setup_django()
    from redline.disclosure.exporters import export

    n = export(fmt, out)
    console.print(f"wrote {n} advisor{'y' if n == 1 else 'ies'} as {fmt} to {out}")


def export_avid(out: Path = typer.Option(..., "--out", help="Folder for one AVID 0.3.3 report per advisory.")) -> None:
    """Export published advisories as AVID reports."""
    _export("avid", out)


def export_stix(out: Path = typer.Option(..., "--out", help="The STIX 2.1 bundle file to write.")) -> None:
    """Export published advisories as one STIX 2.1 bundle."""
    _export("stix", out)


def export_cve(out: Path = typer.Option(..., "--out", help="Folder for one CVE JSON 5 record per advisory.")) -> None:
    """Export published advisories as CVE JSON 5 records (placeholder CVE IDs until a CNA assigns them)."""
    _export("cve", out)


def export_jsonld(out: Path = typer.Option(..., "--out", help="Folder for one JSON-LD file per advisory.")) -> None:
    """Export published advisories as JSON-LD (schema.org)."""
    _export("jsonld", out)


@clocks_app.command("run")
def clocks_run(now: str = typer.Option("", "--now", help="Check as of this ISO time (default: now).")) -> None:
    """Run one deadline check: escalate, e-mail and POST signed webhooks for newly missed deadlines."""
    setup_django()
    from django.utils import timezone

    from redline.disclosure.clocks import check_deadlines
    from redline.ledger.services import acting_as

    at = None
    if now:
        try:
            at = datetime.fromisoformat(now)
        except ValueError:
            fail(f"--now: {now!r} is not an ISO date-time")
        at = at if at.tzinfo else timezone.make_aware(at)
    with acting_as("clock"):
        done = check_deadlines(at)
    for e in done:
        console.print(f"escalated {e.case_ref}: {e.vendor or 'case'} missed {e.deadline} (due {e.due:%Y-%m-%d %H:%M})")
    console.print(f"{len(done)} new escalation{'s' if len(done) != 1 else ''}")


@clocks_app.command("schedule")
def clocks_schedule() -> None:
    """Start the self-rescheduling deadline check on the background worker (idempotent)."""
    setup_django()
    from redline.disclosure.tasks import ensure_clock_scheduled

    console.print("scheduled" if ensure_clock_scheduled() else "already scheduled")
