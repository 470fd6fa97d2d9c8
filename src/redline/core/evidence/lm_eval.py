"""Read lm-evaluation-harness results files into evidence records.

Two shapes are understood:

- current (2023 onwards): ``results`` and ``groups`` map a task to ``"<metric>,<filter>"``
  keys with ``"<metric>_stderr,<filter>"`` beside them (a stderr may be the string
  "N/A"); ``n-samples`` gives ``effective`` counts and a group gives ``sample_count``;
- old ``-res.json``: ``results`` maps a task to plain ``acc`` / ``acc_stderr`` keys.

lm-eval stores aggregates only, so a record has no per-sample scores. For pass/fail
metrics (accuracy, exact match) with a known sample count the number of successes is
recovered as ``round(value × n)`` when that product is a whole number, so the verdict
can use a Wilson interval.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from redline.core.errors import ImportFailed
from redline.core.evidence._io import as_float, load_json, read_bytes, sha256_of
from redline.core.evidence.record import EvidenceRecord, SourceFormat

# Metrics that are the mean of 0/1 per-sample scores.
BINARY_METRICS = {"acc", "acc_norm", "exact_match", "mc1", "mc2_binary", "pass@1", "pass_at_1", "em"}
_SKIP_KEYS = {"alias", "name", "sample_len", "sample_count", " ", "samples"}


def read_lm_eval(path: str | os.PathLike[str]) -> list[EvidenceRecord]:
    """Every (task, metric, filter) in an lm-eval results file, or ImportFailed."""
    p, data = read_bytes(path)
    doc = load_json(p.name, data)
    if not isinstance(doc, dict):
        raise ImportFailed(p.name, "an lm-eval results file must be a JSON object")
    results = doc.get("results")
    if not isinstance(results, dict) or not results:
        raise ImportFailed(p.name, "missing or empty 'results' object (not an lm-eval results file)")
    groups = doc.get("groups") if isinstance(doc.get("groups"), dict) else {}
    n_samples = doc.get("n-samples") if isinstance(doc.get("n-samples"), dict) else {}
    higher = doc.get("higher_is_better") if isinstance(doc.get("higher_is_better"), dict) else {}
    group_subtasks = doc.get("group_subtasks") if isinstance(doc.get("group_subtasks"), dict) else {}
    common = {
        "source_format": SourceFormat.LM_EVAL,
        "model": _model(doc),
        "run_at": _date(doc),
        "run_metadata": _metadata(doc),
        "sha256": sha256_of(data),
        "filename": p.name,
        "epochs": 1,
    }
    records: list[EvidenceRecord] = []
    seen: set[str] = set()
    for section in (results, groups):
        for task, entry in section.items():
            if task in seen:
                continue  # a group appears in both "results" and "groups"
            if not isinstance(entry, dict):
                raise ImportFailed(p.name, f"results[{task!r}] is not an object")
            seen.add(task)
            n_default = _task_n(task, n_samples, group_subtasks)
            records.extend(_task_records(task, entry, n_default, higher.get(task, {}), common))
    if not records:
        raise ImportFailed(p.name, "'results' holds no numeric metrics")
    return records


def _task_records(
    task: str, entry: dict[str, Any], n_default: int | None, higher: Any, common: dict[str, Any]
) -> list[EvidenceRecord]:
    sample_count = entry.get("sample_count") if isinstance(entry.get("sample_count"), dict) else {}
    out: list[EvidenceRecord] = []
    for key, raw in entry.items():
        if key in _SKIP_KEYS:
            continue
        metric, _, filt = key.partition(",")
        if metric.endswith("_stderr"):
            continue
        value = as_float(raw)
        if value is None:
            continue
        stderr_key = f"{metric}_stderr,{filt}" if filt else f"{metric}_stderr"
        stderr = as_float(entry.get(stderr_key))
        n = sample_count.get(key) if isinstance(sample_count.get(key), int) else n_default
        successes = None
        if (
            n
            and metric in BINARY_METRICS
            and 0.0 <= value <= 1.0
            and abs(value * n - round(value * n)) < 1e-6
        ):
            successes = round(value * n)
        hib = higher.get(metric) if isinstance(higher, dict) else None
        out.append(
            EvidenceRecord(
                task=task,
                metric=metric,
                scorer=filt or None,
                n=n,
                successes=successes,
                estimate=value,
                stderr=stderr,
                higher_is_better=hib if isinstance(hib, bool) else None,
                **common,
            )
        )
    return out


def _task_n(task: str, n_samples: dict[str, Any], group_subtasks: dict[str, Any]) -> int | None:
    """``n-samples[task].effective``, or the sum over a group's subtasks."""
    entry = n_samples.get(task)
    if isinstance(entry, dict) and isinstance(entry.get("effective"), int):
        return int(entry["effective"])
    subtasks = group_subtasks.get(task)
    if isinstance(subtasks, list) and subtasks:
        counts = [_task_n(t, n_samples, group_subtasks) for t in subtasks]
        if all(isinstance(c, int) for c in counts):
            return sum(c for c in counts if c is not None)
    return None


def _model(doc: dict[str, Any]) -> str | None:
    # model_name may be another machine's path; it is kept as an opaque string.
    for value in (doc.get("model_name"), (doc.get("config") or {}).get("model")):
        if isinstance(value, str) and value:
            return value
    return None


def _date(doc: dict[str, Any]) -> dt.datetime | None:
    raw = doc.get("date")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return dt.datetime.fromtimestamp(float(raw), tz=dt.UTC)
    return None


def _metadata(doc: dict[str, Any]) -> dict[str, Any]:
    config = doc.get("config") if isinstance(doc.get("config"), dict) else {}
    return {
        "versions": doc.get("versions"),
        "n_shot": doc.get("n-shot"),
        "model_args": config.get("model_args"),
        "model_sha": config.get("model_sha"),
        "limit": config.get("limit"),
        "git_hash": doc.get("git_hash"),
        "lm_eval_version": doc.get("lm_eval_version"),
    }
