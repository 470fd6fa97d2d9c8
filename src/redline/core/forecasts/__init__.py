"""Forecast track records (DESIGN §3.8, issue 13): the pure rules the ``forecasts`` app builds on.

Modules, in the order a question lives through them:

- :mod:`.lifecycle` — ``QUESTION_MACHINE`` (draft → open → closed → resolved |
  annulled; open → resolved; reverse with a reason) and :func:`advance`;
- :mod:`.question` — :class:`Question` (model or an organisation's next model,
  task, metric, scorer, direction, threshold, open / close / resolve-by) and
  :class:`Forecast` (who, when, probability or quantiles), :func:`check_forecast`;
- :mod:`.validation` — :func:`validate_probability`, :func:`validate_quantiles`
  and the outcome checks, whose errors name the field;
- :mod:`.resolution` — :class:`EvidenceCandidate` (``from_record`` an importer's
  record), :func:`resolve_from_evidence` (first valid matching run in the window,
  with the close-call flag), :func:`manual_resolution`, :func:`scoring_cutoff`,
  :func:`standing_forecasts`, :func:`is_overdue`, :func:`next_model`;
- :mod:`.scores` — the vectorised rules: Brier, log, Metaculus baseline and peer,
  CRPS from quantiles, the weighted interval score, interval coverage;
- :mod:`.timeavg` — Metaculus-style time-averaged baseline and peer scores;
- :mod:`.aggregate` — median, geometric mean of odds and spread after close;
- :mod:`.scoring` — :class:`ResolvedForecast` → :func:`score_forecasts` →
  :class:`ScoredForecast` → :func:`summarise` → :class:`ScoreSummary`;
- :mod:`.calibration` — reliability diagram, Murphy decomposition, discrimination;
- :mod:`.baselines` — beating 50% (Brier) and linear extrapolation (CRPS);
- :mod:`.track` — :func:`track_record`: all of a record's figures in one object;
- :mod:`.scorefile` — the JSON Lines score file, read and written;
- :mod:`.plots` — the reliability, discrimination and question plots as SVG text.

A typical resolution and scoring pass in the app::

    resolution = resolve_from_evidence(question, candidates, model=model)
    cutoff = scoring_cutoff(question, resolution)
    standing = standing_forecasts(all_forecasts_on_question, cutoff)
    rows = [ResolvedForecast(qid, name, resolution.outcome, f.probability, f.quantiles)
            for name, f in standing.items()]
    scored = score_forecasts(rows_of_every_resolved_question)
    record = track_record("ana", [s for s in scored if s.forecast.forecaster == "ana"])
"""

from __future__ import annotations

from redline.core.forecasts.aggregate import Aggregate, aggregate_probabilities, aggregate_quantiles
from redline.core.forecasts.baselines import (
    BaselineComparison,
    brier_vs_half,
    crps_vs_extrapolation,
    linear_extrapolation,
)
from redline.core.forecasts.calibration import (
    Discrimination,
    MurphyDecomposition,
    ReliabilityBin,
    ReliabilityDiagram,
    discrimination,
    murphy_decomposition,
    reliability_diagram,
)
from redline.core.forecasts.lifecycle import (
    FORECASTABLE,
    QUESTION_MACHINE,
    RESOLVABLE,
    REVEALED,
    AnnulReason,
    QuestionEvent,
    QuestionState,
    advance,
)
from redline.core.forecasts.question import Forecast, Question, QuestionKind, check_forecast
from redline.core.forecasts.resolution import (
    EvidenceCandidate,
    Resolution,
    first_match,
    is_close_call,
    is_overdue,
    manual_resolution,
    matches,
    next_model,
    outcome_for,
    resolve_from_evidence,
    scoring_cutoff,
    standing_forecasts,
)
from redline.core.forecasts.scorefile import (
    iter_score_lines,
    parse_score_lines,
    read_score_file,
    score_line,
    write_score_file,
)
from redline.core.forecasts.scores import (
    baseline_score,
    brier_score,
    central_intervals,
    crps_from_quantiles,
    interval_coverage,
    interval_score,
    log_score,
    peer_scores,
    pinball_loss,
    weighted_interval_score,
)
from redline.core.forecasts.scoring import (
    ResolvedForecast,
    ScoredForecast,
    ScoreSummary,
    score_forecasts,
    summarise,
)
from redline.core.forecasts.timeavg import TimeAveraged, time_averaged_scores
from redline.core.forecasts.track import TrackRecord, track_record
from redline.core.forecasts.validation import (
    Quantiles,
    validate_binary_outcome,
    validate_numeric_outcome,
    validate_probability,
    validate_quantiles,
)

__all__ = [
    "FORECASTABLE",
    "QUESTION_MACHINE",
    "RESOLVABLE",
    "REVEALED",
    "Aggregate",
    "AnnulReason",
    "BaselineComparison",
    "Discrimination",
    "EvidenceCandidate",
    "Forecast",
    "MurphyDecomposition",
    "Quantiles",
    "Question",
    "QuestionEvent",
    "QuestionKind",
    "QuestionState",
    "ReliabilityBin",
    "ReliabilityDiagram",
    "Resolution",
    "ResolvedForecast",
    "ScoreSummary",
    "ScoredForecast",
    "TimeAveraged",
    "TrackRecord",
    "advance",
    "aggregate_probabilities",
    "aggregate_quantiles",
    "baseline_score",
    "brier_score",
    "brier_vs_half",
    "central_intervals",
    "check_forecast",
    "crps_from_quantiles",
    "crps_vs_extrapolation",
    "discrimination",
    "first_match",
    "interval_coverage",
    "interval_score",
    "is_close_call",
    "is_overdue",
    "iter_score_lines",
    "linear_extrapolation",
    "log_score",
    "manual_resolution",
    "matches",
    "murphy_decomposition",
    "next_model",
    "outcome_for",
    "parse_score_lines",
    "peer_scores",
    "pinball_loss",
    "read_score_file",
    "reliability_diagram",
    "resolve_from_evidence",
    "score_forecasts",
    "score_line",
    "scoring_cutoff",
    "standing_forecasts",
    "summarise",
    "time_averaged_scores",
    "track_record",
    "validate_binary_outcome",
    "validate_numeric_outcome",
    "validate_probability",
    "validate_quantiles",
    "weighted_interval_score",
    "write_score_file",
]
