"""``redline bench forecasts``: forecast scoring against scoringrules' numpy backend, in the same run.

Part 1 (here): score 1,000,000 binary forecasts (Brier and log score) and 200,000
five-quantile forecasts (quantile CRPS and WIS) with :mod:`redline.core.forecasts.scores`
and with scoringrules (``backend="numpy"``) on the same arrays, the two timed in
alternation, median of 5 each. The results must agree to 1e-9; the target (issue 13)
is ours ≥ 0.9× as fast, i.e. our time ≤ theirs / 0.9.

Part 2: a 10,000-forecast track-record page, plots included, rendered in under
200 ms warm (median of 20): :func:`page_rows`, measured by
:mod:`redline.bench.forecast_page` in a child process.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from redline.bench.risk import Row

BINARY = 1_000_000
NUMERIC = 200_000
LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
REPEAT = 5
TOLERANCE = 1e-9
#: The speed target: ours must be at least this fraction of scoringrules' speed.
TARGET = 0.9
PAGE_FORECASTS = 10_000


def make_arrays(binary: int = BINARY, numeric: int = NUMERIC, seed: int = 0) -> dict[str, np.ndarray]:
    """Random forecasts and outcomes: probabilities in (0, 1) with outcomes drawn from them, and
    sorted five-quantile forecasts around a noisy truth."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(1e-6, 1 - 1e-6, binary)
    centre = rng.normal(0.0, 10.0, numeric)
    values = centre[:, None] + rng.gamma(2.0, 2.0, numeric)[:, None] * np.sort(
        rng.normal(size=(numeric, len(LEVELS))), axis=1)
    return {"p": p, "o": rng.random(binary) < p, "values": values, "levels": np.array(LEVELS),
            "y": centre + rng.normal(0.0, 8.0, numeric)}


def ours_binary(a: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    from redline.core.forecasts.scores import brier_score, log_score

    return brier_score(a["p"], a["o"]), log_score(a["p"], a["o"])


def ours_numeric(a: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    from redline.core.forecasts.scores import crps_from_quantiles, weighted_interval_score

    wis = weighted_interval_score(a["values"], a["levels"], a["y"])
    assert wis is not None  # the five levels are a median and two symmetric pairs
    return crps_from_quantiles(a["values"], a["levels"], a["y"]), wis


def scoringrules_inputs(a: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What scoringrules takes, prepared outside the timings: outcomes as 0/1 floats, the intervals
    as lower and upper arrays, and |y − median| for the median slot of its numpy WIS, which weighs the
    value passed there instead of the absolute error (see tests/core/forecasts/test_forecast_scoringrules.py)."""
    values, levels = a["values"], a["levels"]
    mid = levels.size // 2
    return {"o": a["o"].astype(float), "lower": values[:, :mid], "upper": values[:, ::-1][:, :mid],
            "alpha": 2.0 * levels[:mid], "abs_error": np.abs(a["y"] - values[:, mid])}


def theirs_binary(a: dict[str, np.ndarray], s: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    import scoringrules as sr

    return sr.brier_score(s["o"], a["p"], backend="numpy"), -sr.log_score(s["o"], a["p"], backend="numpy")


def theirs_numeric(a: dict[str, np.ndarray], s: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    import scoringrules as sr

    crps = sr.crps_quantile(a["y"], a["values"], a["levels"], backend="numpy")
    wis = sr.weighted_interval_score(a["y"], s["abs_error"], s["lower"], s["upper"], s["alpha"], backend="numpy")
    return crps, wis


def paired_medians(ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int) -> tuple[float, float, Any, Any]:
    """Median wall times of ``ours`` and ``theirs`` called in alternation (the order flips each round,
    so a shared machine's load falls on both alike), with each one's last value."""
    times: dict[str, list[float]] = {"ours": [], "theirs": []}
    values: dict[str, Any] = {}
    ours(), theirs()  # warm up: imports, allocator, caches
    for i in range(repeat):
        order = [("ours", ours), ("theirs", theirs)]
        for name, fn in order if i % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            values[name] = fn()
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["ours"]), statistics.median(times["theirs"]), values["ours"], values["theirs"]


def max_difference(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> float:
    """The largest absolute difference between corresponding arrays."""
    return max(float(np.max(np.abs(x - np.asarray(y)))) for x, y in zip(a, b, strict=True))


def _row(name: str, ours: float, theirs: float, diff: float, note: str) -> Row:
    met = ours <= theirs / TARGET and diff <= TOLERANCE
    return Row(name, ours, "scoringrules (numpy backend)", theirs, f"{theirs / ours:.2f}× their speed",
               f"≥ {TARGET}× their speed, equal to {TOLERANCE:g}", met, f"{note}; max |difference| {diff:.1e}")


def page_rows(forecasts: int, repeat: int, log: Callable[[str], None]) -> list[Row]:
    """Part 2: the track-record page of ``forecasts`` resolved forecasts, its two plots included, rendered
    through Django's test client in a temporary SQLite database (:mod:`redline.bench.forecast_page`);
    the target is a warm median under 200 ms."""
    from redline.bench.forecast_page import measure

    log(f"track-record page with {forecasts:,} forecasts, plots included, median of {repeat} warm")
    result = measure(forecasts, repeat)
    ms = result["warm_median_s"] * 1000
    return [Row(f"track-record page, {forecasts:,} forecasts (HTML + 2 SVG plots, warm)", result["warm_median_s"],
                "target", 0.2, f"{ms:.0f} ms", "< 200 ms warm (median of 20)", ms < 200,
                f"cold {result['cold_s'] * 1000:.0f} ms; {result['bytes'] / 1000:.0f} kB")]


def run_bench(binary: int = BINARY, numeric: int = NUMERIC, repeat: int = REPEAT, seed: int = 0,
              log: Callable[[str], None] = lambda s: None) -> list[Row]:
    """Measure every figure; scoringrules runs on the same arrays in the same process."""
    a = make_arrays(binary, numeric, seed)
    s = scoringrules_inputs(a)
    log(f"{binary:,} binary forecasts: Brier and log score")
    ob, tb, vb_ours, vb_theirs = paired_medians(lambda: ours_binary(a), lambda: theirs_binary(a, s), repeat)
    log(f"{numeric:,} five-quantile forecasts: CRPS and WIS")
    on, tn, vn_ours, vn_theirs = paired_medians(lambda: ours_numeric(a), lambda: theirs_numeric(a, s), repeat)
    db, dn = max_difference(vb_ours, vb_theirs), max_difference(vn_ours, vn_theirs)
    rows = [
        _row(f"{binary:,} binary forecasts (Brier + log score)", ob, tb, db, f"median of {repeat}"),
        _row(f"{numeric:,} five-quantile forecasts (CRPS + WIS)", on, tn, dn, f"median of {repeat}"),
        _row("both together (the issue's target)", ob + on, tb + tn, max(db, dn), "sum of the two medians"),
    ]
    return rows + page_rows(PAGE_FORECASTS, 20, log)


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table for docs/benchmarks.md (times in milliseconds)."""
    lines = ["| measure | ours | scoringrules (same run) | figure | target | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        theirs = "—" if r.baseline == "target" else f"{r.baseline_s * 1e3:.1f} ms"  # a row with no rival
        lines.append(f"| {r.name} | {r.ours_s * 1e3:.1f} ms | {theirs} | {r.figure} | "
                     f"{r.target} | {r.met_text} |")
    lines.append("")
    lines.extend(f"- {r.name}: {r.note}" for r in rows if r.note)
    return "\n".join(lines)


def machine() -> str:
    """CPU model (from /proc/cpuinfo), CPUs, load average, and the versions that matter."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", load average {:.2f} {:.2f} {:.2f} at start".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    try:
        from importlib.metadata import version

        sr = f", scoringrules {version('scoringrules')}"
    except ImportError:  # pragma: no cover - importlib.metadata is in the standard library
        sr = ""
    return f"{model}, {cpus} CPUs, Python {platform.python_version()}, numpy {np.__version__}{sr}{load}"


