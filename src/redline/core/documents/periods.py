"""Pure helpers for the transparency report: calendar quarters, response times, report comparison.

* :func:`parse_quarter` reads ``2026-Q3`` into a :class:`Quarter`: a half-open UTC
  interval [start, end) that :meth:`Quarter.contains` tests timestamps against.
* :func:`response_stats` summarises how fast reports were answered against a
  deadline: median and 90th percentile (linear interpolation, as numpy's default)
  of the answered ones, and how many missed the deadline — answered late, or still
  unanswered once it has passed. :func:`clock_samples` builds the samples from the
  disclosure clocks (:mod:`redline.core.disclosure.clocks`).
* :func:`compare_reports` says what changed between two generated reports.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from redline.core.disclosure.clocks import CLOCK_TARGETS, Deadline, ParticipantClock
from redline.core.errors import InvalidInput

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @property
    def start(self) -> datetime:
        return datetime(self.year, 3 * self.quarter - 2, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the quarter."""
        return self.next().start

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def contains(self, moment: datetime) -> bool:
        if moment.tzinfo is None:
            raise InvalidInput("period", "compare timezone-aware timestamps with a quarter")
        return self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"


def parse_quarter(text: str, *, field: str = "period") -> Quarter:
    """``2026-Q3`` → Quarter(2026, 3); anything else is InvalidInput naming ``field``."""
    match = _QUARTER.match(str(text).strip().upper())
    if not match:
        raise InvalidInput(field, f"{text!r} is not a calendar quarter such as 2026-Q3")
    year = int(match.group(1))
    if not 1970 <= year <= 9998:
        raise InvalidInput(field, f"year {year} is out of range")
    return Quarter(year, int(match.group(2)))


def quarter_of(moment: datetime) -> Quarter:
    """The UTC calendar quarter ``moment`` falls in."""
    if moment.tzinfo is None:
        raise InvalidInput("period", "a timestamp needs a timezone")
    utc = moment.astimezone(UTC)
    return Quarter(utc.year, (utc.month - 1) // 3 + 1)


@dataclass(frozen=True)
class ResponseSample:
    """One thing that had to be answered: when it came in, when (if) it was answered, and the allowed time."""

    received_at: datetime
    answered_at: datetime | None
    allowed: timedelta


@dataclass(frozen=True)
class ResponseStats:
    count: int
    answered: int
    median_hours: float | None
    p90_hours: float | None
    missed: int
    pending: int

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "answered": self.answered, "median_hours": self.median_hours,
                "p90_hours": self.p90_hours, "missed": self.missed, "pending": self.pending}


def response_stats(samples: Iterable[ResponseSample], *, now: datetime) -> ResponseStats:
    """Median and 90th percentile of answer times (hours), and the deadlines missed as of ``now``."""
    samples = list(samples)
    hours = []
    missed = pending = 0
    for s in samples:
        due = s.received_at + s.allowed
        if s.answered_at is None:
            pending += 1
            missed += now > due
            continue
        hours.append((s.answered_at - s.received_at).total_seconds() / 3600)
        missed += s.answered_at > due
    median = statistics.median(hours) if hours else None
    if len(hours) >= 2:
        p90 = statistics.quantiles(hours, n=10, method="inclusive")[8]
    else:
        p90 = hours[0] if hours else None
    return ResponseStats(len(samples), len(hours), median, p90, missed, pending)


def clock_samples(clocks: Iterable[ParticipantClock], deadline: Deadline) -> list[ResponseSample]:
    """Samples for the acknowledge, triage or fix clock of each participation, with redline's targets."""
    field_for = {Deadline.ACKNOWLEDGE: "acknowledged_at", Deadline.TRIAGE: "triaged_at",
                 Deadline.FIX: "fix_ready_at"}
    if deadline not in field_for:
        raise InvalidInput("deadline", f"response times are kept for acknowledge, triage and fix, not {deadline}")
    out = []
    for clock in clocks:
        if deadline is Deadline.FIX and not clock.needs_fix:
            continue
        allowed = getattr(CLOCK_TARGETS[clock.severity], deadline.value)
        out.append(ResponseSample(clock.received_at, getattr(clock, field_for[deadline]), allowed))
    return out


@dataclass(frozen=True)
class ReportChange:
    section: str
    what: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"section": self.section, "what": self.what, "old": self.old, "new": self.new}


def compare_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ReportChange]:
    """What changed between two generated reports.

    A report is ``{"period": "2026-Q2", "sections": {key: {"metrics": {name: number},
    "items": [str, ...], "text": str}}}``; every part is optional. Metrics report old and
    new values; items report those added and removed; text reports that it changed.
    """
    changes: list[ReportChange] = []
    a, b = old.get("sections", {}), new.get("sections", {})
    for key in [*a, *(k for k in b if k not in a)]:
        if key not in b:
            changes.append(ReportChange(key, "section removed", True, None))
            continue
        if key not in a:
            changes.append(ReportChange(key, "section added", None, True))
            continue
        sa, sb = a[key], b[key]
        ma, mb = sa.get("metrics", {}), sb.get("metrics", {})
        for name in [*ma, *(n for n in mb if n not in ma)]:
            if ma.get(name) != mb.get(name):
                changes.append(ReportChange(key, f"metric {name}", ma.get(name), mb.get(name)))
        ia, ib = list(sa.get("items", [])), list(sb.get("items", []))
        added = [i for i in ib if i not in ia]
        removed = [i for i in ia if i not in ib]
        if added:
            changes.append(ReportChange(key, "items added", None, added))
        if removed:
            changes.append(ReportChange(key, "items removed", removed, None))
        if sa.get("text", "") != sb.get("text", ""):
            changes.append(ReportChange(key, "text changed", sa.get("text", ""), sb.get("text", "")))
    return changes


__all__ = [
    "Quarter",
    "ReportChange",
    "ResponseSample",
    "ResponseStats",
    "clock_samples",
    "compare_reports",
    "parse_quarter",
    "quarter_of",
    "response_stats",
]
