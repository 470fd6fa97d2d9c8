"""``redline bench risk|gate|disclosure|cli|forecasts|cases``: the benchmarks of :mod:`redline.bench`, with tables for people.

The library in ``redline/bench/`` measures and returns figures; these commands print them (and a Markdown
table for docs/benchmarks.md).
"""

import json
import os

import typer


def bench_risk(
    samples: int = typer.Option(10_000_000, "--samples", help="Samples for the speed figures."),
    big: int = typer.Option(100_000_000, "--big", help="Samples for the memory figure."),
    repeat: int = typer.Option(3, "--repeat", help="Best of this many runs for our timings."),
    no_squiggle: bool = typer.Option(False, "--no-squigglepy", help="Skip the squigglepy comparisons."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
) -> None:
    """Benchmark the risk engine against numpy, itself and squigglepy; print ratios and targets."""
    from rich.table import Table

    from redline.bench.risk import machine, markdown, run_bench
    from redline.cli._common import console, err_console

    where = machine()
    rows = run_bench(samples, big, repeat, not no_squiggle, log=lambda s: err_console.print(f"[dim]… {s}[/]"))
    t = Table(title=f"redline bench risk — {where}")
    for col in ("measure", "ours", "baseline (same run)", "figure", "target", "met"):
        t.add_column(col)
    for r in rows:
        base = f"{r.baseline}: {r.baseline_s:.3f} s" if r.baseline_s else r.baseline
        t.add_row(r.name, f"{r.ours_s:.3f} s", base, r.figure, r.target,
                  {"yes": "[green]yes[/]", "no": "[red]no[/]"}.get(r.met_text, r.met_text))
    console.print(t)
    for r in rows:
        if r.note:
            console.print(f"[dim]{r.name}: {r.note}[/]", highlight=False)
    if as_markdown:
        typer.echo(f"\nMachine: {where}\n")
        typer.echo(markdown(rows))


def bench_gate(
    postgres: str = typer.Option("", "--postgres", help="PostgreSQL server URL; default: DATABASE_URL if PostgreSQL."),
    sqlite_only: bool = typer.Option(False, "--sqlite-only", help="Skip PostgreSQL."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Time the gate (100 red lines, 50,000 samples) and a 10,000-sample Inspect import on SQLite and PostgreSQL."""
    from redline.bench.gate import run

    machine, results = run(postgres, sqlite_only)
    if as_json:
        typer.echo(json.dumps({"machine": machine, "results": results}))
        return
    typer.echo(f"machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}")
    for r in results:
        ok_gate = "met" if r["gate_warm_best_s"] < 1 and r["gate_cold_s"] < 1 else "MISSED"
        ok_import = "met" if r["import_s"] < 10 else "MISSED"
        typer.echo(f"[{r['database']}] gate, {r['red_lines']} red lines over {r['stored_samples']:,} samples: "
                   f"cold {r['gate_cold_s']:.3f} s, warm best {r['gate_warm_best_s']:.3f} s (target < 1 s: {ok_gate})")
        typer.echo(f"[{r['database']}] import of a {r['import_samples']:,}-sample Inspect log "
                   f"({r['import_file_mb']} MB): {r['import_s']:.2f} s (target < 10 s: {ok_import}); peak RSS "
                   f"{r['peak_rss_mb_before_import']} → {r['peak_rss_mb_after_import']} MB")


def bench_disclosure(
    reports: int = typer.Option(200_000, "--reports", help="Published advisories to search over."),
    ingest: int = typer.Option(2_400, "--ingest", help="Reports to submit through the service layer: a sixth "
                               "in each of three one-per-transaction streams, the rest in batches of 100."),
    queries: int = typer.Option(200, "--queries", help="Searches and duplicate suggestions to time."),
    postgres: str = typer.Option("", "--postgres", help="PostgreSQL server URL (a fresh database is created "
                                 "and dropped); default DATABASE_URL, else SQLite in a temporary folder."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
) -> None:
    """Benchmark disclosure intake, public search and duplicate suggestions against the issue's targets."""
    from rich.table import Table

    from redline.bench.disclosure import run
    from redline.bench.risk import machine
    from redline.cli._common import console, err_console

    where = machine()
    label, figures = run(reports, ingest, queries, postgres or os.environ.get("DATABASE_URL") or None,
                         log=lambda s: err_console.print(f"[dim]… {s}[/]"))
    t = Table(title=f"redline bench disclosure — {label} — {where}")
    for col in ("measure", "figure", "target", "met"):
        t.add_column(col)
    for f in figures:
        t.add_row(f.name, f.value, f.target, "—" if f.met is None else "[green]yes[/]" if f.met else "[red]no[/]")
    console.print(t)
    if as_markdown:
        typer.echo(f"\n{label} · {where}\n")
        typer.echo("| measure | figure | target | met |\n|---|---|---|---|")
        for f in figures:
            typer.echo(f"| {f.name} | {f.value} | {f.target} | {'—' if f.met is None else 'yes' if f.met else 'no'} |")


def bench_cli(
    repeat: int = typer.Option(5, "--repeat", min=1, help="Fresh processes per command (the median is shown)."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
) -> None:
    """Time the command line's cold start (redline --help, redline verdict) beside `python -c pass`."""
    from rich.table import Table

    from redline.bench.cli import run
    from redline.bench.risk import machine
    from redline.cli._common import console

    where = machine()
    rows = run(repeat)
    t = Table(title=f"redline bench cli — median of {repeat} — {where}")
    for col in ("command", "median", "runs", "target", "met"):
        t.add_column(col)
    for r in rows:
        t.add_row(r.name, f"{r.median_s:.3f} s", ", ".join(f"{x:.3f}" for x in r.runs),
                  "—" if r.target_s is None else f"< {r.target_s:g} s",
                  "—" if r.met is None else "[green]yes[/]" if r.met else "[red]no[/]")
    console.print(t)
    if as_markdown:
        typer.echo(f"\nMachine: {where}\n")
        typer.echo("| command | median | target | met |\n|---|---|---|---|")
        for r in rows:
            target = "—" if r.target_s is None else f"< {r.target_s:g} s"
            met = "—" if r.met is None else "yes" if r.met else "no"
            typer.echo(f"| `{r.name}` | {r.median_s:.3f} s | {target} | {met} |")


def bench_forecasts(
    binary: int = typer.Option(1_000_000, "--binary", help="Binary forecasts to score."),
    numeric: int = typer.Option(200_000, "--numeric", help="Five-quantile forecasts to score."),
    repeat: int = typer.Option(5, "--repeat", help="Median of this many runs, ours and scoringrules' alike."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random forecasts."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
) -> None:
    """Benchmark forecast scoring against scoringrules' numpy backend on the same arrays."""
    from rich.table import Table

    from redline.bench.forecasts import machine, markdown, run_bench  # noqa: F401
    from redline.cli._common import console, err_console, fail

    if min(binary, numeric, repeat) < 1:
        fail("--binary, --numeric and --repeat must be at least 1")
    try:
        import scoringrules  # noqa: F401
    except ImportError:
        fail("scoringrules is not installed: pip install -e '.[bench]'")
    where = machine()
    rows = run_bench(binary, numeric, repeat, seed, log=lambda s: err_console.print(f"[dim]… {s}[/]"))
    t = Table(title=f"redline bench forecasts — {where}")
    for col in ("measure", "ours", "scoringrules (numpy, same run)", "figure", "target", "met"):
        t.add_column(col)
    for r in rows:
        theirs = "—" if r.baseline == "target" else f"{r.baseline_s * 1e3:.1f} ms"  # the page row has no rival
        t.add_row(r.name, f"{r.ours_s * 1e3:.1f} ms", theirs, r.figure, r.target,
                  {"yes": "[green]yes[/]", "no": "[red]no[/]"}.get(r.met_text, r.met_text))
    console.print(t)
    for r in rows:
        console.print(f"[dim]{r.name}: {r.note}[/]", highlight=False)
    if not any("page" in r.name for r in rows):
        console.print("[dim]track-record page render: not measured yet (part 2, with the forecasts app)[/]",
                      highlight=False)
    if as_markdown:
        typer.echo(f"\nMachine: {where}\n")
        typer.echo(markdown(rows))


def bench_cases(
    vendors: int = typer.Option(150, "--vendors", help="Vendors on the case."),
    messages: int = typer.Option(1_000, "--messages", help="Messages on the case, over its threads."),
    repeat: int = typer.Option(50, "--repeat", help="Warm requests per viewer (p95 over them)."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
) -> None:
    """Time a large case's page (default: 150 vendors, 1,000 messages) for a coordinator and a vendor."""
    from rich.table import Table

    from redline.bench.case_page import TARGET_P95_S, TARGET_QUERIES, measure
    from redline.bench.risk import machine
    from redline.cli._common import console, fail

    if min(vendors, messages, repeat) < 1:
        fail("--vendors, --messages and --repeat must be at least 1")
    where = machine()
    result = measure(vendors, messages, repeat)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    t = Table(title=f"redline bench cases — {vendors} vendors, {messages:,} messages, {repeat} warm requests — {where}")
    for col in ("viewer", "cold", "p50", "p95", "queries", "messages shown", "statuses shown", "met"):
        t.add_column(col)
    rows = []
    for viewer, r in result["viewers"].items():
        met = r["p95_s"] < TARGET_P95_S and r["queries"] <= TARGET_QUERIES
        rows.append((viewer, r, met))
        t.add_row(viewer, f"{r['cold_s'] * 1e3:.0f} ms", f"{r['p50_s'] * 1e3:.0f} ms", f"{r['p95_s'] * 1e3:.0f} ms",
                  str(r["queries"]), str(r["messages_shown"]), str(r["statuses_shown"]),
                  "[green]yes[/]" if met else "[red]no[/]")
    console.print(t)
    target = f"target: p95 < {TARGET_P95_S:g} s and at most {TARGET_QUERIES} queries per page"
    after = f"; load average {load_after:.2f} at the end" if load_after is not None else ""
    console.print(f"[dim]{target}{after}[/]", highlight=False)
    if as_markdown:
        typer.echo(f"\nMachine: {where}{after}\n")
        typer.echo("| viewer | cold | p50 | p95 | queries | messages shown | statuses shown | met |\n"
                   "|---|---|---|---|---|---|---|---|")
        for viewer, r, met in rows:
            typer.echo(f"| {viewer} | {r['cold_s'] * 1e3:.0f} ms | {r['p50_s'] * 1e3:.0f} ms | "
                       f"{r['p95_s'] * 1e3:.0f} ms | {r['queries']} | {r['messages_shown']} | {r['statuses_shown']} | "
                       f"{'yes' if met else 'no'} |")
