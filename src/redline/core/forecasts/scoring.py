"""Score resolved forecasts and summarise them per forecaster: what ``redline forecast score`` prints.

The unit is a :class:`ResolvedForecast`: one forecaster's scored forecast on one
resolved question (their standing forecast at the cut-off) with the question's
outcome; it is also one line of the score file (:mod:`.scorefile`).
:func:`score_forecasts` scores a batch in a few vectorised passes — peer scores
need every forecaster of a question in the same batch — and :func:`summarise`
averages the scores per forecaster (or per any key, such as an organisation).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.core.errors import InvalidInput
from redline.core.forecasts.question import QuestionKind
from redline.core.forecasts.scores import (
    baseline_score,
    brier_score,
    crps_from_quantiles,
    interval_coverage,
    log_score,
    peer_scores,
    weighted_interval_score,
)
from redline.core.forecasts.validation import (
    Quantiles,
    validate_binary_outcome,
    validate_numeric_outcome,
    validate_probability,
    validate_quantiles,
)


@dataclass(frozen=True)
class ResolvedForecast:
    """One forecaster's scored forecast on one resolved question, with the outcome."""

    question: str
    forecaster: str
    outcome: bool | float
    probability: float | None = None
    quantiles: Quantiles | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.question, str) or not self.question.strip():
            raise InvalidInput("question", "must be a non-empty string")
        if not isinstance(self.forecaster, str) or not self.forecaster.strip():
            raise InvalidInput("forecaster", "must be a non-empty string")
        if (self.probability is None) == (self.quantiles is None):
            raise InvalidInput("probability", "give either probability (binary) or quantiles (numeric)")
        if self.probability is not None:
            object.__setattr__(self, "probability", validate_probability(self.probability))
            object.__setattr__(self, "outcome", validate_binary_outcome(self.outcome))
        else:
            object.__setattr__(self, "quantiles", validate_quantiles(self.quantiles))
            object.__setattr__(self, "outcome", validate_numeric_outcome(self.outcome))

    @property
    def kind(self) -> QuestionKind:
        """Binary when it carries a probability, numeric when it carries quantiles."""
        return QuestionKind.BINARY if self.probability is not None else QuestionKind.NUMERIC


@dataclass(frozen=True)
class ScoredForecast:
    """A resolved forecast with its scores; ``None`` where a score does not apply or is undefined."""

    forecast: ResolvedForecast
    brier: float | None = None
    log_score: float | None = None
    baseline_score: float | None = None
    peer_score: float | None = None
    crps: float | None = None
    wis: float | None = None
    covered_50: bool | None = None
    covered_90: bool | None = None


def check_batch(forecasts: Iterable[ResolvedForecast]) -> None:
    """InvalidInput on a repeated (question, forecaster) pair, or a question with two kinds or outcomes."""
    seen: set[tuple[str, str]] = set()
    outcome_of: dict[str, tuple[bool, bool | float]] = {}
    for f in forecasts:
        pair = (f.question, f.forecaster)
        if pair in seen:
            raise InvalidInput("forecaster", f"{f.forecaster!r} has two forecasts on question {f.question!r}")
        seen.add(pair)
        binary = f.probability is not None
        known = outcome_of.setdefault(f.question, (binary, f.outcome))
        if known[0] is not binary:
            raise InvalidInput("question", f"{f.question!r} has both binary and numeric forecasts")
        if known[1] != f.outcome:
            raise InvalidInput("outcome", f"question {f.question!r} has two different outcomes")


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def score_forecasts(forecasts: Sequence[ResolvedForecast]) -> list[ScoredForecast]:
    """Score every forecast (in the order given); checks the batch with :func:`check_batch` first."""
    check_batch(forecasts)
    scored: list[ScoredForecast | None] = [None] * len(forecasts)
    binary = [i for i, f in enumerate(forecasts) if f.probability is not None]
    if binary:
        p = np.array([forecasts[i].probability for i in binary], dtype=float)
        o = np.array([forecasts[i].outcome for i in binary], dtype=bool)
        labels = np.array([forecasts[i].question for i in binary])
        columns = zip(brier_score(p, o), log_score(p, o), baseline_score(p, o), peer_scores(p, o, labels),
                      strict=True)
        for i, (b, ls, bs, ps) in zip(binary, columns, strict=True):
            scored[i] = ScoredForecast(forecasts[i], brier=float(b), log_score=float(ls),
                                       baseline_score=float(bs), peer_score=_nan_to_none(ps))
    by_levels: dict[tuple[float, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(forecasts):
        if f.quantiles is not None:
            by_levels[tuple(level for level, _ in f.quantiles)].append(i)
    for levels, rows in by_levels.items():
        values = np.array([[v for _, v in forecasts[i].quantiles] for i in rows])  # type: ignore[union-attr]
        y = np.array([forecasts[i].outcome for i in rows], dtype=float)
        crps = crps_from_quantiles(values, levels, y)
        wis = weighted_interval_score(values, levels, y)
        c50 = interval_coverage(values, levels, y, 0.5)
        c90 = interval_coverage(values, levels, y, 0.9)
        for k, i in enumerate(rows):
            scored[i] = ScoredForecast(
                forecasts[i],
                crps=float(crps[k]),
                wis=None if wis is None else float(wis[k]),
                covered_50=None if c50 is None else bool(c50[k]),
                covered_90=None if c90 is None else bool(c90[k]),
            )
    return [s for s in scored if s is not None]


def _mean(values: Iterable[float | bool | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


@dataclass(frozen=True)
class ScoreSummary:
    """Counts and mean scores of one forecaster (or organisation): the rows of ``redline forecast score``.

    ``peer_score`` is the mean over the questions with at least two forecasters
    (``n_peer`` of them); ``wis`` over the numeric forecasts where it is defined
    (``n_wis``); the coverage figures are the share of forecasts whose central
    50% / 90% interval held the outcome, over those that gave those levels.
    """

    forecaster: str
    n_binary: int
    brier: float | None
    log_score: float | None
    baseline_score: float | None
    peer_score: float | None
    n_peer: int
    n_numeric: int
    crps: float | None
    wis: float | None
    n_wis: int
    coverage_50: float | None
    coverage_90: float | None

    def as_dict(self) -> dict[str, Any]:
        """The fixed keys of ``redline forecast score --json`` (scripts rely on them)."""
        return {
            "forecaster": self.forecaster,
            "n_binary": self.n_binary,
            "brier": self.brier,
            "log_score": self.log_score,
            "baseline_score": self.baseline_score,
            "peer_score": self.peer_score,
            "n_numeric": self.n_numeric,
            "crps": self.crps,
            "wis": self.wis,
        }


def summarise_one(name: str, rows: Sequence[ScoredForecast]) -> ScoreSummary:
    """The summary of ``rows`` under the name ``name``."""
    binary = [s for s in rows if s.forecast.kind is QuestionKind.BINARY]
    numeric = [s for s in rows if s.forecast.kind is QuestionKind.NUMERIC]
    return ScoreSummary(
        forecaster=name,
        n_binary=len(binary),
        brier=_mean(s.brier for s in binary),
        log_score=_mean(s.log_score for s in binary),
        baseline_score=_mean(s.baseline_score for s in binary),
        peer_score=_mean(s.peer_score for s in binary),
        n_peer=sum(s.peer_score is not None for s in binary),
        n_numeric=len(numeric),
        crps=_mean(s.crps for s in numeric),
        wis=_mean(s.wis for s in numeric),
        n_wis=sum(s.wis is not None for s in numeric),
        coverage_50=_mean(s.covered_50 for s in numeric),
        coverage_90=_mean(s.covered_90 for s in numeric),
    )


def summarise(
    scored: Iterable[ScoredForecast], key: Callable[[ScoredForecast], str] = lambda s: s.forecast.forecaster
) -> list[ScoreSummary]:
    """One :class:`ScoreSummary` per key (default: the forecaster), sorted by key."""
    groups: dict[str, list[ScoredForecast]] = defaultdict(list)
    for s in scored:
        groups[key(s)].append(s)
    return [summarise_one(name, groups[name]) for name in sorted(groups)]
