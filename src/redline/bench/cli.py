"""How fast the command line starts: cold processes, median of several, beside ``python -c pass``.

A release pipeline calls ``redline verdict`` and ``redline gate`` often, so start-up time is a cost
users pay on every call. Each figure is the median wall time of fresh processes run in turn.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from redline.bench.gate import write_inspect_log


@dataclass(frozen=True)
class StartTime:
    name: str
    argv: list[str]
    median_s: float
    runs: list[float]
    target_s: float | None

    @property
    def met(self) -> bool | None:
        return None if self.target_s is None else self.median_s < self.target_s


def time_command(argv: list[str], repeat: int) -> list[float]:
    """Wall times of ``repeat`` fresh processes (output discarded; a failing command raises)."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - start)
    return out


def run(repeat: int = 5) -> list[StartTime]:
    """Time ``python -c pass``, ``redline --help`` and ``redline verdict`` on a small JSON log, interleaved."""
    script = Path(sys.executable).with_name("redline")
    redline = [str(script)] if script.is_file() else [sys.executable, "-m", "redline"]
    with tempfile.TemporaryDirectory(prefix="redline-bench-cli-") as tmp:
        log = Path(tmp) / "small.json"
        write_inspect_log(log, 20)  # a real Inspect log, written by inspect_ai, with 20 samples
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("redline --help", [*redline, "--help"], 0.3),
            ("redline verdict (small JSON log)", [*redline, "verdict", str(log), "--threshold", "0.5"], 1.0),
        ]
        times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        for _ in range(repeat):  # interleaved, so a burst of load hits every command alike
            for name, argv, _ in cases:
                times[name] += time_command(argv, 1)
    return [StartTime(name, argv, statistics.median(times[name]), times[name], target)
            for name, argv, target in cases]
