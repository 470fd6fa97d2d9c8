"""Scores of resolved questions and the track records built from them.

At resolution each forecaster's **standing forecast** (their last one before the cut-off: the
close, or the resolving run's time when earlier) is scored together with the others on the
question, so peer scores compare the whole crowd; the scores are stored as :class:`Score` rows
(derived data: a reversal deletes them). Track records read those rows for the questions a
viewer may see and pass them to :func:`redline.core.forecasts.track_record`; the export writes
exactly the scored forecasts, so ``redline forecast score`` on it reproduces the site's figures.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Sum

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
    return _resolved(q.pk, q.kind, q.resolution, score.forecaster, f.probability, f.quantiles)


def _resolved(question_id, kind, resolution, forecaster, probability, quantiles) -> ResolvedForecast:
    outcome = resolution["outcome"]
    pairs = tuple((float(a), float(b)) for a, b in quantiles) if quantiles else None
    return ResolvedForecast(question_key(question_id), forecaster,
                            bool(outcome) if kind == QuestionKind.BINARY.value else float(outcome), probability, pairs)


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


#: The columns a track record reads: no model instances, so 10,000 rows stay cheap.
_COLUMNS = ("question_id", "question__title", "question__kind", "question__resolution", "question__naive_value",
            "forecaster", "forecast__probability", "forecast__quantiles", "brier", "log_score", "baseline_score",
            "peer_score", "crps", "wis", "covered_50", "covered_90", "time_baseline", "time_peer")


@dataclass(frozen=True)
class RecordRow:
    """One scored question of a record: what the page's table shows, and the core's scored forecast."""

    question_id: int
    title: str
    kind: str
    scored: ScoredForecast
    time_baseline: float | None
    time_peer: float | None
    close_call: bool = False


@dataclass
class Record:
    """A track record as a page shows it: the core's figures, the rows behind them, and its plots (drawn once)."""

    name: str
    record: TrackRecord
    rows: list[RecordRow]
    plots: dict[str, str] = field(default_factory=dict)


def record_of(name: str, scores) -> Record:
    """The track record of the score rows ``scores`` (a queryset) under ``name``."""
    rows, naive = [], {}
    for (qid, title, kind, resolution, naive_value, forecaster, probability, quantiles, brier, log, base, peer,
         crps, wis, c50, c90, t_base, t_peer) in scores.values_list(*_COLUMNS):
        resolved = _resolved(qid, kind, resolution, forecaster, probability, quantiles)
        scored = ScoredForecast(resolved, brier=brier, log_score=log, baseline_score=base, peer_score=peer,
                                crps=crps, wis=wis, covered_50=c50, covered_90=c90)
        rows.append(RecordRow(qid, title, kind, scored, t_base, t_peer, bool(resolution.get("close_call"))))
        if naive_value is not None:
            naive[question_key(qid)] = naive_value
    return Record(name, track_record(name, [r.scored for r in rows], naive=naive), rows)


_CACHE: OrderedDict[tuple, Record] = OrderedDict()
_CACHE_SIZE = 32


def _cached_record(user, name: str, scores) -> Record:
    """:func:`record_of`, kept per viewer scope while the visible score rows are the same ones.

    The fingerprint (count and sums of the visible rows' ids, forecasts, questions and scores, and the
    latest event on their questions) changes whenever a question resolves, is reversed, or leaves or
    enters the viewer's sight, so a cached record is not served stale.
    """
    fingerprint = scores.aggregate(n=Count("pk"), ids=Sum("pk"), top=Max("pk"), forecasts=Sum("forecast_id"),
                                   questions=Sum("question_id"), brier=Sum("brier"), crps=Sum("crps"),
                                   resolved=Max("question__events__pk"))
    scope = ("operator" if getattr(user, "is_staff", False) else
             getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None)
    key = (scope, name, *sorted(fingerprint.items()))
    record = _CACHE.get(key)
    if record is None:
        record = record_of(name, scores)
        _CACHE[key] = record
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return record


def forecaster_record(user, handle: str) -> Record:
    return _cached_record(user, handle, visible_scores(user).filter(forecaster=handle))


def organisation_record(user, org) -> Record:
    """The forecasts ``org`` made as a body (its official predictions)."""
    name = f"{ORG_PREFIX}{org.slug}"
    return _cached_record(user, name, visible_scores(user).filter(organisation=org))


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
