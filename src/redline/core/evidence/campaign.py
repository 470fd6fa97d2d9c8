"""Read safeguard red-team campaigns (CSV or JSONL, one row per attempt).

The format is specified field by field in ``docs/formats/campaign.md``. Two columns
are required, ``attack_succeeded`` and ``monitor_flagged``; the optional ones name the
attempt, the safeguard, the model, the technique, the CUE entry, the red team and the
time. An empty ``attack_succeeded`` marks an attempt that was not judged (unscored);
an empty ``monitor_flagged`` on a success counts as *not* detected, the cautious
reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from typing import Any

from redline.core.errors import ImportFailed
from redline.core.evidence._io import load_json, load_jsonl, read_bytes, sha256_of
from redline.core.evidence.record import EvidenceRecord, SourceFormat

REQUIRED_COLUMNS = ("attack_succeeded", "monitor_flagged")
OPTIONAL_COLUMNS = (
    "attempt_id",
    "safeguard",
    "model",
    "technique",
    "cue_id",
    "red_team",
    "timestamp",
    "notes",
)
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


@dataclass(frozen=True)
class CampaignAttempt:
    """One red-team attempt against a safeguard."""

    attack_succeeded: bool | None  # None: not judged
    monitor_flagged: bool | None  # None: unknown, read as not detected
    attempt_id: str | None = None
    safeguard: str | None = None
    model: str | None = None
    technique: str | None = None
    cue_id: str | None = None
    red_team: str | None = None
    timestamp: dt.datetime | None = None
    notes: str | None = None

    @property
    def undetected_success(self) -> bool | None:
        """True for a success the monitor did not flag; None when the attempt was not judged."""
        if self.attack_succeeded is None:
            return None
        return self.attack_succeeded and not self.monitor_flagged


@dataclass(frozen=True)
class Campaign:
    """A red-team campaign read from one file, with the file's digest."""

    attempts: tuple[CampaignAttempt, ...]
    filename: str
    sha256: str
    extra_columns: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        """The safeguard named in the rows when they agree, else the file's stem."""
        names = {a.safeguard for a in self.attempts if a.safeguard}
        return names.pop() if len(names) == 1 else self.filename.rsplit(".", 1)[0]

    @property
    def model(self) -> str | None:
        models = {a.model for a in self.attempts if a.model}
        return models.pop() if len(models) == 1 else None

    def as_evidence(self) -> list[EvidenceRecord]:
        """Two pass/fail records: ``attack_success_rate`` and ``undetected_success_rate``."""
        stamps = [a.timestamp for a in self.attempts if a.timestamp]
        unscored = sum(1 for a in self.attempts if a.attack_succeeded is None)
        out = []
        for metric, values in (
            ("attack_success_rate", [a.attack_succeeded for a in self.attempts]),
            ("undetected_success_rate", [a.undetected_success for a in self.attempts]),
        ):
            scores = tuple(None if v is None else float(v) for v in values)
            scored = [s for s in scores if s is not None]
            out.append(
                EvidenceRecord(
                    source_format=SourceFormat.CAMPAIGN,
                    task=self.name,
                    metric=metric,
                    model=self.model,
                    scorer="campaign",
                    scores=scores,
                    n=len(scored),
                    successes=int(sum(scored)),
                    unscored=unscored,
                    estimate=sum(scored) / len(scored) if scored else None,
                    higher_is_better=False,
                    run_status="success",
                    run_at=max(stamps) if stamps else None,
                    sha256=self.sha256,
                    filename=self.filename,
                )
            )
        return out


def read_campaign(path: str | os.PathLike[str]) -> Campaign:
    """Read a campaign CSV (``.csv``), JSON Lines, or a JSON array of row objects, or raise ImportFailed."""
    p, data = read_bytes(path)
    if p.suffix.lower() == ".csv":
        rows = _csv_rows(p.name, data)
    elif data.lstrip().startswith(b"["):
        rows = load_json(p.name, data)
        if not all(isinstance(row, dict) for row in rows):
            raise ImportFailed(p.name, "a JSON campaign must be an array of objects")
    else:
        rows = load_jsonl(p.name, data)
    if not rows:
        raise ImportFailed(p.name, "the campaign has no attempts")
    columns = set().union(*(row.keys() for row in rows))
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFailed(p.name, f"missing required column(s) {', '.join(missing)}")
    attempts = tuple(_attempt(p.name, i, row) for i, row in enumerate(rows, start=1))
    extra = tuple(sorted(columns - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS)))
    return Campaign(attempts=attempts, filename=p.name, sha256=sha256_of(data), extra_columns=extra)


def _csv_rows(name: str, data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(name, "not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            if None in row:
                raise ImportFailed(name, f"row {reader.line_num} has more cells than the header")
            rows.append({k.strip(): v for k, v in row.items() if k is not None})
    except csv.Error as exc:
        raise ImportFailed(name, f"malformed CSV at line {reader.line_num} ({exc})") from None
    return rows


def _bool(name: str, row_no: int, key: str, value: Any) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ImportFailed(name, f"row {row_no} field '{key}' must be true or false, got {value!r}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _attempt(name: str, row_no: int, row: dict[str, Any]) -> CampaignAttempt:
    stamp = _text(row.get("timestamp"))
    when = None
    if stamp:
        try:
            when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            raise ImportFailed(name, f"row {row_no} field 'timestamp' is not ISO 8601: {stamp!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    return CampaignAttempt(
        attack_succeeded=_bool(name, row_no, "attack_succeeded", row.get("attack_succeeded")),
        monitor_flagged=_bool(name, row_no, "monitor_flagged", row.get("monitor_flagged")),
        attempt_id=_text(row.get("attempt_id")),
        safeguard=_text(row.get("safeguard")),
        model=_text(row.get("model")),
        technique=_text(row.get("technique")),
        cue_id=_text(row.get("cue_id")),
        red_team=_text(row.get("red_team")),
        timestamp=when,
        notes=_text(row.get("notes")),
    )
