"""Read Inspect AI evaluation logs (``.json`` and ``.eval``) into evidence records.

One record per (scorer, metric) in ``results.scores``; the metric's companion
``stderr`` becomes the record's standard error. For mean-like metrics (accuracy,
mean) the per-sample scores are attached, one per sample after averaging its epochs
(Inspect's default reducer), so the verdict can compute its own interval. Samples
with an error are counted as errored, samples without a value for the scorer as
unscored; neither is dropped.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple

from redline.core.errors import ImportFailed
from redline.core.evidence._io import as_float, digest_file
from redline.core.evidence.record import EvidenceRecord, SourceFormat
from redline.core.files import ZipLimits, check_zip

# Metrics whose value is the mean of the per-sample scores, so the scores can stand in for them.
_MEAN_METRICS = {"accuracy", "mean"}
# Metrics that describe the spread of another metric rather than being one.
_SPREAD_METRICS = {"stderr", "std", "var", "bootstrap_stderr"}
# Inspect's letter values: CORRECT, INCORRECT, PARTIAL, NOANSWER.
_LETTERS = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
_WORDS = {"yes": 1.0, "true": 1.0, "correct": 1.0, "no": 0.0, "false": 0.0, "incorrect": 0.0}


def score_to_float(value: Any) -> float | None:
    """Inspect score value → float; ``None`` when it has no numeric reading (unscored)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return as_float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in _LETTERS:
            return _LETTERS[text]
        if text.lower() in _WORDS:
            return _WORDS[text.lower()]
        return as_float(text)
    return None


def read_inspect(path: str | os.PathLike[str], *, limits: ZipLimits | None = None) -> list[EvidenceRecord]:
    """Every (scorer, metric) measurement in an Inspect log, or ImportFailed.

    A ``.eval`` archive is checked against ``limits`` (default :class:`ZipLimits`) before
    inspect_ai opens it, so a small file that unpacks to gigabytes is refused unread.
    """
    p, digest, head = digest_file(path)  # streamed: a 10,000-sample log is ~100 MB
    if p.suffix not in {".json", ".eval"}:
        raise ImportFailed(p.name, "an Inspect log must end in .json or .eval")
    if p.suffix == ".eval":
        if not head.startswith(b"PK"):
            raise ImportFailed(p.name, "not a zip archive, so not an Inspect .eval log")
        check_zip(p, limits or ZipLimits(), what="Inspect log")
    if p.suffix == ".json" and p.stat().st_size <= FAST_JSON_BYTES:
        fast = _read_small_json(p, digest)
        if fast is not None:
            return fast
    from inspect_ai.log import read_eval_log  # heavy import (~2 s), deferred until a log needs it

    try:
        # The header holds spec, results, status and stats; samples are streamed apart below.
        log = read_eval_log(str(p), header_only=True)
    except Exception:  # inspect raises pydantic, zip, JSON and OS errors alike
        # Inspect's fast header parser refuses some valid logs (e.g. "results": null); read it whole.
        try:
            log = read_eval_log(str(p))
        except Exception as exc:
            raise ImportFailed(p.name, f"not a readable Inspect log ({_first_line(exc)})") from None
    try:
        samples = _sample_rows(p)
    except Exception as exc:  # same: whatever the parser raises, the file is unreadable
        raise ImportFailed(p.name, f"the log's samples cannot be read ({_first_line(exc)})") from None
    try:
        return _records(log, samples, p.name, digest)
    except ImportFailed:
        raise
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise ImportFailed(p.name, f"unexpected Inspect log structure ({exc})") from None


#: JSON logs up to this size are read with the json module alone: importing inspect_ai takes seconds,
#: which a release pipeline calling ``redline verdict`` pays on every call. Larger logs, ``.eval``
#: archives and anything the small reader cannot follow go through inspect_ai.
FAST_JSON_BYTES = 8 * 1024 * 1024


class _Fields(dict):
    """A parsed JSON object read like inspect_ai's models: ``obj.field``, None where a field is absent."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return _wrap(super().get(key, default))

    def items(self):  # type: ignore[override]
        return [(k, _wrap(v)) for k, v in super().items()]


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return _Fields(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def _read_small_json(p: Path, digest: str) -> list[EvidenceRecord] | None:
    """Records of a small JSON log read with the json module, or None to leave it to inspect_ai."""
    import json

    try:
        doc = json.loads(p.read_bytes())
    except (ValueError, UnicodeDecodeError):
        return None
    if not (isinstance(doc, dict) and isinstance(doc.get("eval"), dict) and isinstance(doc.get("samples", []), list)):
        return None
    if not isinstance(doc["eval"].get("task"), str) or not isinstance(doc.get("status"), str):
        return None
    rows = []
    for sample in doc.get("samples") or []:
        if not isinstance(sample, dict):
            return None
        scores = sample.get("scores") or {}
        values = {k: (v.get("value") if isinstance(v, dict) else None) for k, v in scores.items()}
        rows.append(_Sample(str(sample.get("id")), values, sample.get("error") is not None))
    try:
        return _records(_Fields(doc), rows, p.name, digest)
    except (AttributeError, TypeError, ValueError, KeyError):
        return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first[:200]}"


class _Sample(NamedTuple):
    """What the verdict needs from one sample: its id, its score values and whether it errored."""

    key: str
    scores: dict[str, Any]
    errored: bool


def _sample_rows(p: Path) -> list[_Sample]:
    """Per-sample scores without loading whole transcripts (10,000-sample logs in seconds).

    ``.eval``: Inspect's sample summaries, stored apart inside the zip. ``.json``: the
    ``samples`` array streamed with ijson (an inspect_ai dependency), one sample at a time.
    """
    if p.suffix == ".eval":
        from inspect_ai.log import read_eval_log_sample_summaries

        return [
            _Sample(str(s.id), {k: v.value for k, v in (s.scores or {}).items()}, s.error is not None)
            for s in read_eval_log_sample_summaries(str(p))
        ]
    import ijson

    rows: list[_Sample] = []
    with p.open("rb") as fh:
        for sample in ijson.items(fh, "samples.item", use_float=True):
            scores = sample.get("scores") or {}
            values = {k: (v.get("value") if isinstance(v, dict) else None) for k, v in scores.items()}
            rows.append(_Sample(str(sample.get("id")), values, sample.get("error") is not None))
    return rows


def _records(log: Any, samples: list[_Sample], name: str, digest: str) -> list[EvidenceRecord]:
    spec = log.eval
    task = spec.task
    if not task:
        raise ImportFailed(name, "the log names no task (eval.task)")
    metadata = spec.metadata or {}
    elicitation = metadata.get("elicitation") if isinstance(metadata.get("elicitation"), dict) else {}
    epochs = spec.config.epochs if spec.config and spec.config.epochs else 1
    run_at = _completed_at(log)
    common: dict[str, Any] = {
        "source_format": SourceFormat.INSPECT,
        "task": task,
        "model": spec.model,
        "epochs": epochs,
        "elicitation": dict(elicitation),
        "run_status": log.status,
        "run_error": log.error.message if log.error else None,
        "run_at": run_at,
        "run_metadata": {
            "run_id": spec.run_id,
            "task_id": spec.task_id,
            "eval_id": getattr(spec, "eval_id", None),
            "task_version": spec.task_version,
            "dataset": spec.dataset.name if spec.dataset else None,
            "created": spec.created,
            "inspect_version": getattr(spec.packages, "get", lambda _k: None)("inspect_ai"),
        },
        "sha256": digest,
        "filename": name,
        "higher_is_better": True,
    }
    per_scorer = _per_sample_scores(samples)
    errored_ids = {s.key for s in samples if s.errored}
    records: list[EvidenceRecord] = []
    eval_scores = log.results.scores if log.results else []
    for eval_score in eval_scores:
        metrics = eval_score.metrics or {}
        stderr_metric = metrics.get("stderr")
        stderr = as_float(stderr_metric.value) if stderr_metric is not None else None
        score_name = eval_score.name
        for metric_name, metric in metrics.items():
            if metric_name in _SPREAD_METRICS:
                continue
            estimate = as_float(metric.value)
            fields: dict[str, Any] = {"estimate": estimate, "stderr": stderr}
            by_sample = per_scorer.get(score_name)
            if metric_name in _MEAN_METRICS and by_sample:
                fields.update(_counts(by_sample, errored_ids))
            else:
                completed = log.results.completed_samples if log.results else None
                fields["n"] = completed
                fields["errored"] = len(errored_ids)
            records.append(
                EvidenceRecord(metric=metric_name, scorer=eval_score.scorer or score_name, **fields, **common)
            )
    if not records:
        # A run that produced no scores (failed, cancelled): keep one record so the verdict says why.
        records.append(
            EvidenceRecord(metric="accuracy", scorer=None, n=0, errored=len(errored_ids), **common)
        )
    return records


def _per_sample_scores(samples: list[_Sample]) -> dict[str, OrderedDict[str, list[float | None]]]:
    """score name → sample id → the values of its epochs (``None`` where unscored)."""
    names: set[str] = set()
    for sample in samples:
        names.update(sample.scores)
    out: dict[str, OrderedDict[str, list[float | None]]] = {}
    for score_name in sorted(names):
        table: OrderedDict[str, list[float | None]] = OrderedDict()
        for sample in samples:
            table.setdefault(sample.key, []).append(score_to_float(sample.scores.get(score_name)))
        out[score_name] = table
    return out


def _counts(by_sample: OrderedDict[str, list[float | None]], errored_ids: set[str]) -> dict[str, Any]:
    """Per-sample scores (epochs averaged) and the scored / unscored / errored counts."""
    scores: list[float | None] = []
    unscored = errored = 0
    for key, values in by_sample.items():
        known = [v for v in values if v is not None]
        if known:
            scores.append(sum(known) / len(known))
        else:
            scores.append(None)
            if key in errored_ids:
                errored += 1
            else:
                unscored += 1
    scored = [s for s in scores if s is not None]
    binary = bool(scored) and all(s in (0.0, 1.0) for s in scored)
    return {
        "scores": tuple(scores),
        "n": len(scored),
        "successes": int(sum(scored)) if binary else None,
        "unscored": unscored,
        "errored": errored,
    }


def _completed_at(log: Any) -> dt.datetime | None:
    for raw in (getattr(log.stats, "completed_at", None), log.eval.created):
        if not raw:
            continue
        try:
            value = dt.datetime.fromisoformat(str(raw))
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None
