"""Read garak report JSONL files into evidence records.

One record per ``eval`` entry (a probe × detector pair). The metric is the attack
success rate: ``fails / total_evaluated``, since a detector "fail" means the attack
got the output it wanted. Both schemas are read:

- before v0.14: ``passed`` and ``total`` (successes = total − passed, no unscored);
- v0.14 on: ``passed``, ``fails``, ``nones`` and ``total_evaluated``; ``nones``
  (outputs the detector could not score) are counted as unscored.

The task is ``"<probe>"`` and the scorer is the detector. The target model comes from
the ``start_run setup`` entry, the run date from ``init``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from redline.core.errors import ImportFailed
from redline.core.evidence._io import load_jsonl, read_bytes, sha256_of
from redline.core.evidence.record import EvidenceRecord, SourceFormat

METRIC = "attack_success_rate"


def read_garak(path: str | os.PathLike[str]) -> list[EvidenceRecord]:
    """Every probe × detector result in a garak report, or ImportFailed."""
    p, data = read_bytes(path)
    rows = load_jsonl(p.name, data)
    if not any("entry_type" in row for row in rows):
        raise ImportFailed(p.name, "no 'entry_type' fields, so not a garak report")
    setup = next((r for r in rows if r.get("entry_type") == "start_run setup"), {})
    init = next((r for r in rows if r.get("entry_type") == "init"), {})
    completion = next((r for r in rows if r.get("entry_type") == "completion"), None)
    common: dict[str, Any] = {
        "source_format": SourceFormat.GARAK,
        "metric": METRIC,
        "model": _model(setup),
        "epochs": setup.get("run.generations") if isinstance(setup.get("run.generations"), int) else None,
        "run_at": _parse_time(init.get("start_time")),
        "run_status": "success" if completion is not None else "incomplete",
        "run_metadata": {
            "garak_version": init.get("garak_version") or setup.get("_config.version"),
            "run": init.get("run"),
            "target_type": setup.get("plugins.target_type"),
            "probe_spec": setup.get("plugins.probe_spec"),
            "eval_threshold": setup.get("run.eval_threshold"),
        },
        "sha256": sha256_of(data),
        "filename": p.name,
        "higher_is_better": False,
    }
    records = [
        _record(p.name, lineno, row, common)
        for lineno, row in enumerate(rows, start=1)
        if row.get("entry_type") == "eval"
    ]
    if not records:
        raise ImportFailed(p.name, "the report has no 'eval' entries (was the run interrupted?)")
    return records


def _record(name: str, lineno: int, row: dict[str, Any], common: dict[str, Any]) -> EvidenceRecord:
    probe, detector = row.get("probe"), row.get("detector")
    if not isinstance(probe, str) or not isinstance(detector, str):
        raise ImportFailed(name, f"eval entry {lineno} lacks 'probe' or 'detector'")
    passed = _count(name, lineno, row, "passed")
    if "total_evaluated" in row or "fails" in row:
        total = _count(name, lineno, row, "total_evaluated")
        fails = _count(name, lineno, row, "fails")
        nones = _count(name, lineno, row, "nones", default=0)
    elif "total" in row:
        total = _count(name, lineno, row, "total")
        fails = total - passed
        nones = 0
    else:
        raise ImportFailed(name, f"eval entry {lineno} has neither 'total' nor 'total_evaluated'")
    if fails < 0 or fails > total or passed > total:
        raise ImportFailed(
            name, f"eval entry {lineno} has inconsistent counts (passed {passed}, total {total})"
        )
    meta = {
        k: row[k]
        for k in ("confidence_method", "confidence", "confidence_lower", "confidence_upper")
        if k in row
    }
    return EvidenceRecord(
        task=probe,
        scorer=detector,
        n=total,
        successes=fails,
        unscored=nones,
        estimate=fails / total if total else None,
        elicitation={},
        **{**common, "run_metadata": {**common["run_metadata"], **meta}},
    )


def _count(name: str, lineno: int, row: dict[str, Any], key: str, default: int | None = None) -> int:
    value = row.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImportFailed(name, f"eval entry {lineno} field '{key}' must be a non-negative integer")
    return value


def _model(setup: dict[str, Any]) -> str | None:
    for key in ("plugins.target_name", "plugins.model_name", "plugins.target_type", "plugins.model_type"):
        value = setup.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _parse_time(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
