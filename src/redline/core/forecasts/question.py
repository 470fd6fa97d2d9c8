"""What a question asks and what a forecast on it says: :class:`Question` and :class:`Forecast`.

A question predicts one evaluation result, matched to imported evidence exactly
as a red line matches it (model, task, metric, optional scorer; case and
surrounding spaces ignored):

- **binary**: "the metric is ≥ threshold (or ≤ threshold, ``Direction.LE``) on
  the first valid evaluation imported before the resolve-by date";
- **numeric**: "the value of the metric on that evaluation" (forecasts are quantiles).

The model is either a registered model (``model``) or "the next model of
organisation X" (``next_model_of``), which the caller pins to a model with
:func:`redline.core.forecasts.resolution.next_model` when that organisation
registers one. Times are timezone-aware; a naive time is taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.forecasts.validation import Quantiles, validate_probability, validate_quantiles
from redline.core.verdict import Direction


class QuestionKind(StrEnum):
    """Binary questions take probabilities; numeric questions take quantiles."""

    BINARY = "binary"
    NUMERIC = "numeric"


def aware(moment: dt.datetime) -> dt.datetime:
    """``moment`` with a timezone (UTC when it had none), so comparisons never raise."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Question:
    """The resolvable part of a question; wording, author and visibility live in the app."""

    kind: QuestionKind
    task: str
    metric: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    resolve_by: dt.datetime
    model: str | None = None
    next_model_of: str | None = None
    scorer: str | None = None
    direction: Direction = Direction.GE
    threshold: float | None = None

    def __post_init__(self) -> None:
        try:
            kind = QuestionKind(self.kind)
        except ValueError:
            raise InvalidInput("kind", f"must be binary or numeric, got {self.kind!r}") from None
        object.__setattr__(self, "kind", kind)
        for name in ("opens_at", "closes_at", "resolve_by"):
            object.__setattr__(self, name, aware(getattr(self, name)))
        if not self.task.strip():
            raise InvalidInput("task", "a question needs an evaluation task")
        if not self.metric.strip():
            raise InvalidInput("metric", "a question needs a metric")
        if (self.model is None) == (self.next_model_of is None):
            raise InvalidInput("model", "give either a model or an organisation's next model, not both or neither")
        if not self.opens_at < self.closes_at:
            raise InvalidInput("closes_at", "the question must close after it opens")
        if self.resolve_by < self.closes_at:
            raise InvalidInput("resolve_by", "the resolve-by date must not be before the close date")
        if kind is QuestionKind.BINARY:
            if self.threshold is None or not math.isfinite(self.threshold):
                raise InvalidInput("threshold", "a binary question needs a finite threshold")
        elif self.threshold is not None:
            raise InvalidInput("threshold", "a numeric question has no threshold")

    def label(self) -> str:
        """``task / metric ≥ 0.5`` (binary) or ``task / metric`` (numeric), for tables and plots."""
        scorer = f" [{self.scorer}]" if self.scorer and self.scorer != self.metric else ""
        base = f"{self.task} / {self.metric}{scorer}"
        if self.kind is QuestionKind.NUMERIC:
            return base
        sign = "≥" if self.direction is Direction.GE else "≤"
        return f"{base} {sign} {self.threshold:g}"

    def accepts_forecast_at(self, moment: dt.datetime) -> bool:
        """True when ``moment`` lies in the forecasting window [opens_at, closes_at)."""
        return self.opens_at <= aware(moment) < self.closes_at

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields, e.g. for the ledger snapshot and the JSON twin."""
        return {
            "kind": self.kind.value,
            "model": self.model,
            "next_model_of": self.next_model_of,
            "task": self.task,
            "metric": self.metric,
            "scorer": self.scorer,
            "direction": self.direction.value,
            "threshold": self.threshold,
            "opens_at": self.opens_at.isoformat(),
            "closes_at": self.closes_at.isoformat(),
            "resolve_by": self.resolve_by.isoformat(),
        }


@dataclass(frozen=True)
class Forecast:
    """One forecast as made: who, when, and either a probability or quantiles (validated here).

    A forecaster's updates are separate ``Forecast`` values; every one is kept.
    """

    forecaster: str
    made_at: dt.datetime
    probability: float | None = None
    quantiles: Quantiles | None = None

    def __post_init__(self) -> None:
        if not self.forecaster.strip():
            raise InvalidInput("forecaster", "must not be empty")
        object.__setattr__(self, "made_at", aware(self.made_at))
        if (self.probability is None) == (self.quantiles is None):
            raise InvalidInput("probability", "give a probability (binary) or quantiles (numeric), not both")
        if self.probability is not None:
            object.__setattr__(self, "probability", validate_probability(self.probability))
        else:
            object.__setattr__(self, "quantiles", validate_quantiles(self.quantiles))

    @property
    def kind(self) -> QuestionKind:
        """The kind of question this forecast fits."""
        return QuestionKind.BINARY if self.probability is not None else QuestionKind.NUMERIC


def check_forecast(question: Question, forecast: Forecast) -> None:
    """InvalidInput unless ``forecast`` fits ``question``'s kind and was made while it was open."""
    if forecast.kind is not question.kind:
        field = "probability" if question.kind is QuestionKind.BINARY else "quantiles"
        raise InvalidInput(field, f"a {question.kind.value} question needs a {field} forecast")
    if not question.accepts_forecast_at(forecast.made_at):
        raise InvalidInput("made_at", "forecasts are accepted only while the question is open")
