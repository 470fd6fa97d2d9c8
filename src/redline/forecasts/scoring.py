"""Scores of resolved questions and the track records built from them.

At resolution each forecaster's **standing forecast** (their last one before the cut-off: the
close, or the resolving run's time when earlier) is scored together with the others on the
question, so peer scores compare the whole crowd; the scores are stored as :class:`Score` rows
(derived data: a reversal deletes them). Track records read those rows for the questions a
viewer may see and pass them to :func:`redline.core.forecasts.track_record`; the export writes
exactly the scored forecasts, so ``redline forecast score`` on it reproduces the site's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from redline.core.forecasts import (
    QuestionKind,
    ResolvedForecast,
    ScoredForecast,
    ScoreSummary,
    TrackRecord,
    linear_extrapolation,
    score_forecasts,
    scoring_cutoff,
    standing_forecasts,
    summarise,
    time_averaged_scores,
    track_record,
)
from redline.forecasts.candidates import candidates_for
from redline.forecasts.models import ORG_PREFIX, Question, Score

#: The fewest questions with a peer score a forecaster needs to enter the leaderboard.
LEADERBOARD_MIN_QUESTIONS = 3


def question_key(question_id: int) -> str:
    """The question's identifier in score files and track records."""
    return f"Q{question_id}"


def naive_value(question: Question) -> float | None:
    """Numeric questions: the least-squares line through the same organisation's earlier models'
    first valid results on this task and metric, read at the target model's date (≥ 2 needed)."""
    target = question.target
    if target is None or question.kind != QuestionKind.NUMERIC.value:
        return None
    def when(model):
        return model.release_date.toordinal() if model.release_date else model.created_at.date().toordinal()

    history = []
    for earlier in target.organisation.models.exclude(pk=target.pk):
        if when(earlier) >= when(target):
            continue
        core = question.to_core()
        rows = [c for c, _ in candidates_for(earlier)
                if c.valid and c.estimate is not None and c.task.strip().lower() == core.task.strip().lower()
                and c.metric.strip().lower() == core.metric.strip().lower()
                and (not core.scorer or (c.scorer or "").strip().lower() == core.scorer.strip().lower())]
        if rows:
            first = min(rows, key=lambda c: (c.run_at is None, c.run_at, c.digest))
            history.append((float(when(earlier)), float(first.estimate)))
    return linear_extrapolation(history, float(when(target)))


def score_question(question: Question) -> list[Score]:
    """Score every standing forecast on a just-resolved question and store the rows."""
    resolution = question.core_resolution()
    question.scores.all().delete()
    if resolution is None:
        return []
    core = question.to_core()
    cutoff = scoring_cutoff(core, resolution)
    rows = list(question.forecasts.order_by("made_at", "pk"))
    cores = [f.to_core() for f in rows]
    row_of = {id(c): f for c, f in zip(cores, rows, strict=True)}
    standing = standing_forecasts(cores, cutoff)
    key = question_key(question.pk)
    outcome = resolution.outcome if question.kind == QuestionKind.NUMERIC.value else bool(resolution.outcome)
    resolved = [ResolvedForecast(key, name, outcome, f.probability, f.quantiles) for name, f in sorted(standing.items())]
    scored = score_forecasts(resolved)
    timed = {}
    if question.kind == QuestionKind.BINARY.value and scored:
        timed = time_averaged_scores([c for c in cores if c.made_at < cutoff], bool(outcome), core.opens_at, cutoff)
    if question.kind == QuestionKind.NUMERIC.value:
        question.naive_value = naive_value(question)
        Question.objects.filter(pk=question.pk).update(naive_value=question.naive_value)
    out = []
    for s in scored:
        name = s.forecast.forecaster
        forecast = row_of[id(standing[name])]
        t = timed.get(name)
        out.append(Score(question=question, forecast=forecast, forecaster=name, organisation=forecast.organisation,
                         brier=s.brier, log_score=s.log_score, baseline_score=s.baseline_score,
                         peer_score=s.peer_score, crps=s.crps, wis=s.wis, covered_50=s.covered_50,
                         covered_90=s.covered_90, time_baseline=t.baseline_score if t else None,
                         time_peer=t.peer_score if t else None))
    return Score.objects.bulk_create(out)


def _resolved_of(score: Score) -> ResolvedForecast:
    q, f = score.question, score.forecast
    outcome = q.resolution["outcome"]
    quantiles = tuple((float(a), float(b)) for a, b in f.quantiles) if f.quantiles else None
    return ResolvedForecast(question_key(q.pk), score.forecaster,
                            bool(outcome) if q.kind == QuestionKind.BINARY.value else float(outcome),
                            f.probability, quantiles)


def scored_of(score: Score) -> ScoredForecast:
    """A stored score as the core's :class:`ScoredForecast` (the forecast and its outcome included)."""
    return ScoredForecast(_resolved_of(score), brier=score.brier, log_score=score.log_score,
                          baseline_score=score.baseline_score, peer_score=score.peer_score, crps=score.crps,
                          wis=score.wis, covered_50=score.covered_50, covered_90=score.covered_90)


def visible_scores(user):
    """The scores on resolved questions ``user`` may see."""
    from redline.forecasts.lookups import question_filter

    return (Score.objects.filter(question_filter(user, prefix="question__"), question__state="resolved")
            .select_related("question", "forecast").order_by("question_id", "forecaster"))


@dataclass(frozen=True)
class Record:
    """A track record as a page shows it: the core's figures and the rows behind them."""

    name: str
    record: TrackRecord
    rows: list[tuple[Score, ScoredForecast]]


def record_of(name: str, scores: Iterable[Score]) -> Record:
    scores = list(scores)
    pairs = [(s, scored_of(s)) for s in scores]
    naive = {question_key(s.question_id): s.question.naive_value for s in scores if s.question.naive_value is not None}
    return Record(name, track_record(name, [p for _, p in pairs], naive=naive), pairs)


def forecaster_record(user, handle: str) -> Record:
    return record_of(handle, visible_scores(user).filter(forecaster=handle))


def organisation_record(user, org) -> Record:
    """The forecasts ``org`` made as a body (its official predictions)."""
    return record_of(f"{ORG_PREFIX}{org.slug}", visible_scores(user).filter(organisation=org))


def summaries(user) -> list[ScoreSummary]:
    """Every forecaster's counts and means over the resolved questions ``user`` may see."""
    return summarise(scored_of(s) for s in visible_scores(user))


def leaderboard(user, minimum: int = LEADERBOARD_MIN_QUESTIONS) -> list[ScoreSummary]:
    """Forecasters by mean peer score (higher first), those with at least ``minimum`` peer-scored questions."""
    rows = [s for s in summaries(user) if s.n_peer >= minimum and s.peer_score is not None]
    return sorted(rows, key=lambda s: (-s.peer_score, s.forecaster))


def export_rows(user) -> list[ResolvedForecast]:
    """The scored forecasts of the resolved questions ``user`` may see, one per (question, forecaster)."""
    return [_resolved_of(s) for s in visible_scores(user)]
