"""``redline risk``: run a risk model and check it against a quantitative threshold (no server needed)."""

import json
import math
from pathlib import Path
from typing import Any

import typer

from redline.cli._common import console, err_console, fail
from redline.core.errors import ModelError

risk_app = typer.Typer(
    help="Estimate P(harm ≥ N) from an uncertain scenario model (YAML) and judge it against a threshold.",
    no_args_is_help=True,
)

MODEL_ARG = typer.Argument(..., help="Risk model in YAML (see docs/risk-models.md).")
THRESHOLD = typer.Option(..., "--threshold", "-t", help="Harm level N: estimate P(outcome ≥ N).")
SAMPLES = typer.Option(1_000_000, "--samples", "-n", help="Plain Monte Carlo samples.")
SEED = typer.Option(0, "--seed", help="Seed; the same seed gives the same result whatever --workers.")
WORKERS = typer.Option(None, "--workers", "-w", help="Threads (default: the CPUs available).")
OUTER = typer.Option(None, "--outer", help="Two-level run: epistemic (outer) draws.")
INNER = typer.Option(None, "--inner", help="Two-level run: aleatory (inner) draws per outer draw.")
METHOD = typer.Option("auto", "--method", help="auto, naive, importance, rqmc (scrambled Sobol points) or "
                      "conditional (one parameter integrated out in closed form, on scrambled Sobol points); auto "
                      "picks the best that applies.")
PRECISION = typer.Option(None, "--precision", help="Target relative standard error (e.g. 1e-3): add samples until "
                         "it is reached; overrides --samples. Exit 0 with precision_met false when --max-samples "
                         "runs out first.")
MAX_SAMPLES = typer.Option(100_000_000, "--max-samples", help="With --precision: the most samples to draw (in a "
                           "two-level run, for the overall estimate and for the inner draws in all).")
REPLICATES = typer.Option(16, "--replicates", help="rqmc and conditional: independent scramblings; their spread "
                          "gives the error (a t-interval).")
JSON = typer.Option(False, "--json", help="Print one JSON object (no progress bar).")
RARE = typer.Option(200_000, "--rare-samples", help="Importance-sampling budget when hits are few.")
CHUNK_SIZE = 1 << 16  # redline.risk.DEFAULT_CHUNK, written out so the CLI starts without importing numpy
CHUNK = typer.Option(CHUNK_SIZE, "--chunk-size", help="Samples per chunk (recorded; changes the random streams).")


def _load(path: Path) -> Any:
    from redline.risk import load_model

    try:
        return load_model(path)
    except ModelError as exc:
        fail(str(exc), exc.exit_code)


def _check_args(threshold: float, samples: int, workers: int | None, outer: int | None, inner: int | None,
                precision: float | None = None, max_samples: int = 1, replicates: int = 16) -> None:
    if not math.isfinite(threshold):
        fail("--threshold must be a finite number")
    if precision is not None and not 0 < precision < 1:
        fail("--precision must be a relative standard error between 0 and 1 (e.g. 1e-3)")
    if max_samples < 1:
        fail("--max-samples must be at least 1")
    if replicates < 2:
        fail("--replicates must be at least 2")
    if samples < 1:
        fail("--samples must be at least 1")
    if workers is not None and workers < 1:
        fail("--workers must be at least 1")
    for name, v in (("--outer", outer), ("--inner", inner)):
        if v is not None and v < 2:
            fail(f"{name} must be at least 2")


def _estimate(path: Path, threshold: float, samples: int, seed: int, workers: int | None, outer: int | None,
              inner: int | None, tolerance: float | None, method: str, quiet: bool, rare: int = 200_000,
              chunk: int = CHUNK_SIZE, precision: float | None = None, max_samples: int = 100_000_000,
              replicates: int = 16) -> tuple[Any, Any]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from redline.risk import run_model

    _check_args(threshold, samples, workers, outer, inner, precision, max_samples, replicates)
    if chunk < 1 or rare < 1:
        fail("--chunk-size and --rare-samples must be at least 1")
    model = _load(path)
    total = (outer or 1000) * (inner or 10_000) if (outer or inner) else samples
    bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                   TextColumn("{task.completed:,.0f} samples"), TimeRemainingColumn(),
                   console=err_console.get(), disable=quiet, transient=True)
    with bar:
        task = bar.add_task(f"{model.name}", total=None if precision is not None else total)

        def tick(n: int) -> None:
            bar.advance(task, n)
            done = bar.tasks[0].completed
            if bar.tasks[0].total is not None and done > bar.tasks[0].total:  # a second method after the first
                bar.update(task, total=done)

        try:
            result = run_model(model, threshold, samples, seed, workers, chunk_size=chunk, method=method,
                               outer=outer, inner=inner, tolerance=tolerance, rare_samples=rare, progress=tick,
                               precision=precision, max_samples=max_samples, replicates=replicates)
        except ValueError as exc:
            fail(str(exc))
    return model, result


def curve_method(method: str) -> str:
    """The exceedance-curve method matching a run's: the curve uses the same sampling machinery."""
    for name in ("conditional", "rqmc"):
        if method.endswith(name):
            return name
    return "naive"


def _table(result: Any):
    from rich.table import Table

    t = Table(show_header=False, box=None)
    p = result
    t.add_row("P(outcome ≥ threshold)", f"{p.estimate:.4g}")
    t.add_row("95% interval", f"{p.interval[0]:.4g} – {p.interval[1]:.4g}")
    rel = f"{p.rse:.2%}" if p.rse >= 1e-4 else f"{p.rse:.2g}"
    t.add_row("Monte Carlo error", f"±{p.std_error:.3g} (relative {rel})" if p.estimate else f"±{p.std_error:.3g}")
    t.add_row("method", p.method)
    t.add_row("hits / samples", f"{p.hits:,} / {p.samples:,}  (effective {p.ess:,.0f})")
    if p.conditioned_on is not None:
        t.add_row("integrated out", p.conditioned_on)
    if p.replicates is not None and p.replicates > 1:
        t.add_row("scramblings", f"{p.replicates} (t-interval, {p.replicates - 1} d.f.)")
    if p.precision_target is not None:
        t.add_row("precision target", f"{p.precision_target:g} relative: {'met' if p.precision_met else 'NOT met'}")
    if p.epistemic is not None:
        e = p.epistemic
        t.add_row("epistemic median", f"{e.median:.4g}")
        t.add_row("epistemic 90% interval", f"{e.ci90[0]:.4g} – {e.ci90[1]:.4g}")
        if e.share_above is not None:
            t.add_row(f"share of epistemic draws > {e.tolerance:g}", f"{e.share_above:.1%}")
    if p.invalid:
        t.add_row("invalid (NaN) samples", f"{p.invalid:,}")
    t.add_row("seed / workers / chunk", f"{p.seed} / {p.workers} / {p.chunk_size}")
    t.add_row("model hash", p.model_hash[:16])
    t.add_row("time", f"{p.elapsed_s:.2f} s")
    return t


@risk_app.command("run")
def run(
    model: Path = MODEL_ARG,
    threshold: float = THRESHOLD,
    samples: int = SAMPLES,
    seed: int = SEED,
    workers: int | None = WORKERS,
    outer: int | None = OUTER,
    inner: int | None = INNER,
    tolerance: float | None = typer.Option(None, "--tolerance", help="Report the share of epistemic draws "
                                           "whose P(outcome ≥ N) is above this."),
    method: str = METHOD,
    plot: Path | None = typer.Option(None, "--plot", help="Write an exceedance / F-N plot (PNG)."),
    rare_samples: int = RARE,
    chunk_size: int = CHUNK,
    precision: float | None = PRECISION,
    max_samples: int = MAX_SAMPLES,
    replicates: int = REPLICATES,
    as_json: bool = JSON,
) -> None:
    """Estimate P(outcome ≥ THRESHOLD) with its interval, Monte Carlo error and provenance."""
    m, result = _estimate(model, threshold, samples, seed, workers, outer, inner, tolerance, method, as_json,
                          rare_samples, chunk_size, precision, max_samples, replicates)
    data = result.to_dict()
    if plot is not None:
        from redline.risk import exceedance_curve, plot_curve

        curve = exceedance_curve(m, samples=min(samples, 1_000_000), seed=seed, outer=outer, inner=inner,
                                 workers=workers, method=curve_method(result.method), replicates=replicates)
        plot_curve(curve, plot, threshold=threshold, title=m.name, unit=m.unit or "harm", result=data)
        data["plot"] = str(plot)
    if as_json:
        typer.echo(json.dumps(data))
        return
    console.print(_table(result))
    for note in result.notes:
        console.print(f"[dim]note: {note}[/]", highlight=False)
    if plot is not None:
        console.print(f"plot written to {plot}", highlight=False)


@risk_app.command("check")
def check(
    model: Path = MODEL_ARG,
    threshold: float = THRESHOLD,
    probability: float = typer.Option(..., "--probability", "-p", help="The limit p in P(harm ≥ N) ≤ p."),
    samples: int = SAMPLES,
    seed: int = SEED,
    workers: int | None = WORKERS,
    outer: int | None = OUTER,
    inner: int | None = INNER,
    method: str = METHOD,
    rare_samples: int = RARE,
    chunk_size: int = CHUNK,
    precision: float | None = PRECISION,
    max_samples: int = MAX_SAMPLES,
    replicates: int = REPLICATES,
    as_json: bool = JSON,
) -> None:
    """Judge the model against "P(harm ≥ N) ≤ p": within, exceeds or uncertain (exit 0 only when within)."""
    from redline.risk import compare_threshold, verdict_for

    if not 0 < probability <= 1:
        fail("--probability must be in (0, 1]")
    _, result = _estimate(model, threshold, samples, seed, workers, outer, inner, probability, method, as_json,
                          rare_samples, chunk_size, precision, max_samples, replicates)
    v = verdict_for(result, probability)
    if as_json:
        typer.echo(json.dumps({"verdict": v.to_dict(), "result": result.to_dict(),
                               "criteria": compare_threshold(probability, threshold)}))
    else:
        colour = {"within": "green", "exceeds": "red", "uncertain": "yellow"}[v.status]
        console.print(f"[bold {colour}]{v.line()}[/]", highlight=False)
        for note in result.notes:
            console.print(f"[dim]note: {note}[/]", highlight=False)
    raise typer.Exit(0 if v.status == "within" else 1)
