"""How a question resolves from imported evidence, and which forecasts then count.

The rule (issue 13): among the evidence that matches the question's model, task,
metric and scorer, is valid (the run completed and gave an estimate), and whose
run time lies after the question opened and before its resolve-by date, the
*first by run time* resolves it. A binary question resolves on the point
estimate; when the evidence's interval straddles the threshold it is flagged a
**close call**. Forecasts made at or after that run time are kept but not
scored; each forecaster's scored forecast is their last one before the cut-off
(:func:`scoring_cutoff`, :func:`standing_forecasts`).

Typical use by the app, after an importer stores evidence::

    candidates = [EvidenceCandidate.from_record(r) for r in records]
    resolution = resolve_from_evidence(question, candidates, model=pinned_model)
    if resolution is not None:
        state = advance(state, QuestionEvent.RESOLVE)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.evidence.record import EvidenceRecord
from redline.core.forecasts.question import Forecast, Question, QuestionKind, aware
from redline.core.forecasts.validation import validate_binary_outcome, validate_numeric_outcome
from redline.core.verdict import Direction, interval_for


def _same(a: str | None, b: str | None) -> bool:
    # The matching red-line verdicts use: case-insensitive, surrounding spaces ignored.
    return (a or "").strip().lower() == (b or "").strip().lower()


@dataclass(frozen=True)
class EvidenceCandidate:
    """What resolution needs to know of one stored evaluation record."""

    model: str | None
    task: str
    metric: str
    run_at: dt.datetime | None
    estimate: float | None
    digest: str
    scorer: str | None = None
    interval: tuple[float, float] | None = None
    valid: bool = True

    def __post_init__(self) -> None:
        if self.run_at is not None:
            object.__setattr__(self, "run_at", aware(self.run_at))

    @classmethod
    def from_record(cls, record: EvidenceRecord, *, confidence: float = 0.95) -> EvidenceCandidate:
        """A candidate from an importer's record, with the interval red-line verdicts use."""
        interval = interval_for(record, confidence)
        estimate = interval.estimate if interval is not None else record.estimate
        return cls(
            model=record.model,
            task=record.task,
            metric=record.metric,
            scorer=record.scorer,
            run_at=record.run_at,
            estimate=estimate,
            interval=(interval.lower, interval.upper) if interval is not None else None,
            valid=not record.failed and estimate is not None,
            digest=record.sha256,
        )


@dataclass(frozen=True)
class Resolution:
    """How a question resolved: the outcome and what it rests on.

    ``run_at`` is the resolving run's time (forecasts from then on are not scored);
    ``resolved_at`` is when a coordinator resolved by hand (``manual``), with ``note``.
    """

    outcome: bool | float
    estimate: float | None = None
    interval: tuple[float, float] | None = None
    digest: str | None = None
    run_at: dt.datetime | None = None
    close_call: bool = False
    manual: bool = False
    resolved_at: dt.datetime | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields for the ledger and the question's JSON twin."""
        return {
            "outcome": self.outcome,
            "estimate": self.estimate,
            "interval": list(self.interval) if self.interval is not None else None,
            "digest": self.digest,
            "run_at": self.run_at.isoformat() if self.run_at else None,
            "close_call": self.close_call,
            "manual": self.manual,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
            "note": self.note,
        }


def matches(question: Question, candidate: EvidenceCandidate, *, model: str | None = None) -> bool:
    """True when ``candidate`` may resolve ``question``.

    ``model`` is the model the question is about; it defaults to ``question.model``
    and must be given for a "next model of organisation X" question (until that
    organisation registers a model, nothing matches).
    """
    target = model if model is not None else question.model
    if target is None or not candidate.valid or candidate.estimate is None or candidate.run_at is None:
        return False
    if not (_same(candidate.model, target) and _same(candidate.task, question.task)):
        return False
    if not _same(candidate.metric, question.metric):
        return False
    if question.scorer and not _same(candidate.scorer, question.scorer):
        return False
    return question.opens_at < candidate.run_at < question.resolve_by


def first_match(
    question: Question, candidates: Iterable[EvidenceCandidate], *, model: str | None = None
) -> EvidenceCandidate | None:
    """The matching candidate with the earliest run time (ties broken by digest), or ``None``."""
    found = [c for c in candidates if matches(question, c, model=model)]
    return min(found, key=lambda c: (c.run_at, c.digest)) if found else None


def outcome_for(question: Question, estimate: float) -> bool | float:
    """A binary question's yes/no from a point estimate, or a numeric question's value."""
    if question.kind is QuestionKind.NUMERIC:
        return float(estimate)
    assert question.threshold is not None  # Question checks it for binary questions
    if question.direction is Direction.GE:
        return estimate >= question.threshold
    return estimate <= question.threshold


def is_close_call(question: Question, interval: tuple[float, float] | None) -> bool:
    """True when a binary question's threshold lies inside the interval (ends included)."""
    if question.kind is not QuestionKind.BINARY or interval is None:
        return False
    lower, upper = interval
    return lower <= question.threshold <= upper  # type: ignore[operator]


def resolve_from_evidence(
    question: Question, candidates: Iterable[EvidenceCandidate], *, model: str | None = None
) -> Resolution | None:
    """The automatic resolution from the first matching candidate, or ``None`` when none matches."""
    chosen = first_match(question, candidates, model=model)
    if chosen is None:
        return None
    assert chosen.estimate is not None
    return Resolution(
        outcome=outcome_for(question, chosen.estimate),
        estimate=chosen.estimate,
        interval=chosen.interval,
        digest=chosen.digest,
        run_at=chosen.run_at,
        close_call=is_close_call(question, chosen.interval),
    )


def manual_resolution(question: Question, outcome: Any, note: str, *, at: dt.datetime) -> Resolution:
    """A coordinator's resolution: an outcome of the question's kind and a written reason."""
    if not note.strip():
        raise InvalidInput("note", "a manual resolution needs a written reason")
    if question.kind is QuestionKind.BINARY:
        value: bool | float = validate_binary_outcome(outcome)
    else:
        value = validate_numeric_outcome(outcome)
    return Resolution(outcome=value, manual=True, resolved_at=aware(at), note=note.strip())


def scoring_cutoff(question: Question, resolution: Resolution) -> dt.datetime:
    """Forecasts made at or after this moment are kept but not scored.

    The close date, or the resolving run's time when that is earlier (the result
    was known, or knowable, from then), or a manual resolution's time when earlier.
    """
    moments = [question.closes_at]
    moments += [m for m in (resolution.run_at, resolution.resolved_at) if m is not None]
    return min(moments)


def standing_forecasts(forecasts: Iterable[Forecast], cutoff: dt.datetime) -> dict[str, Forecast]:
    """Each forecaster's last forecast made strictly before ``cutoff``: the one that is scored."""
    cutoff = aware(cutoff)
    standing: dict[str, Forecast] = {}
    for f in forecasts:
        if f.made_at < cutoff:
            held = standing.get(f.forecaster)
            if held is None or f.made_at >= held.made_at:
                standing[f.forecaster] = f
    return standing


def is_overdue(question: Question, now: dt.datetime) -> bool:
    """True once the resolve-by date has passed: an unresolved question is then annulled
    with :attr:`~redline.core.forecasts.lifecycle.AnnulReason.NOTHING_IMPORTED`."""
    return aware(now) >= question.resolve_by


def next_model(registrations: Mapping[str, dt.datetime], after: dt.datetime) -> str | None:
    """The first model an organisation registered strictly after ``after`` (a question's opening),
    from ``{model: registered_at}``; ties broken by name. ``None`` while there is none."""
    after = aware(after)
    later = [(aware(at), name) for name, at in registrations.items() if aware(at) > after]
    return min(later)[1] if later else None
