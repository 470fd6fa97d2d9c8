"""Questions, forecasts and resolution: which evidence resolves a question, and which forecasts count."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from redline.core.errors import InvalidInput
from redline.core.evidence.record import EvidenceRecord, SourceFormat
from redline.core.forecasts.question import Forecast, Question, QuestionKind, check_forecast
from redline.core.forecasts.resolution import (
    EvidenceCandidate,
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
from redline.core.verdict import Direction

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def question(**kw) -> Question:
    base = dict(kind=QuestionKind.BINARY, model="acme/m1", task="bio_uplift", metric="accuracy",
                threshold=0.5, opens_at=day(0), closes_at=day(30), resolve_by=day(60))
    base.update(kw)
    return Question(**base)


def candidate(**kw) -> EvidenceCandidate:
    base = dict(model="acme/m1", task="bio_uplift", metric="accuracy", run_at=day(10), estimate=0.6,
                digest="a" * 64, interval=(0.55, 0.65))
    base.update(kw)
    return EvidenceCandidate(**base)


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"kind": "ternary"}, "kind: must be binary or numeric"),
        ({"task": " "}, "task: "),
        ({"metric": ""}, "metric: "),
        ({"model": None}, "model: give either a model"),
        ({"next_model_of": "acme"}, "model: give either a model"),
        ({"closes_at": day(0)}, "closes_at: the question must close after it opens"),
        ({"resolve_by": day(29)}, "resolve_by: "),
        ({"threshold": None}, "threshold: a binary question needs a finite threshold"),
        ({"threshold": float("nan")}, "threshold: a binary question needs"),
        ({"kind": "numeric"}, "threshold: a numeric question has no threshold"),
    ],
)
def test_malformed_questions_name_the_field(kw, needle):
    with pytest.raises(InvalidInput) as info:
        question(**kw)
    assert needle in str(info.value)


def test_question_label_window_and_naive_times():
    q = question(opens_at=dt.datetime(2026, 3, 1), direction=Direction.LE, scorer="model_graded")
    assert q.opens_at.tzinfo is dt.UTC
    assert q.label() == "bio_uplift / accuracy [model_graded] ≤ 0.5"
    assert question(kind="numeric", threshold=None).label() == "bio_uplift / accuracy"
    assert q.accepts_forecast_at(day(0)) and q.accepts_forecast_at(day(29.9))
    assert not q.accepts_forecast_at(day(30)) and not q.accepts_forecast_at(day(-1))
    assert q.as_dict()["direction"] == "le" and q.as_dict()["kind"] == "binary"


def test_forecasts_validate_and_must_fit_the_question():
    with pytest.raises(InvalidInput, match="^probability: give a probability"):
        Forecast("ana", day(1))
    with pytest.raises(InvalidInput, match="^probability: must lie strictly"):
        Forecast("ana", day(1), probability=1.0)
    with pytest.raises(InvalidInput, match="^quantiles: needs at least 3"):
        Forecast("ana", day(1), quantiles=((0.1, 1.0), (0.9, 2.0)))
    with pytest.raises(InvalidInput, match="^forecaster: "):
        Forecast(" ", day(1), probability=0.5)
    numeric = Forecast("ana", day(1), quantiles=((0.1, 1), (0.5, 2), (0.9, 3)))
    assert numeric.kind is QuestionKind.NUMERIC
    with pytest.raises(InvalidInput, match="^probability: a binary question needs a probability forecast"):
        check_forecast(question(), numeric)
    with pytest.raises(InvalidInput, match="^made_at: "):
        check_forecast(question(), Forecast("ana", day(31), probability=0.4))
    check_forecast(question(), Forecast("ana", day(2), probability=0.4))


def test_matching_is_the_red_line_matching():
    q = question(scorer="match")
    assert matches(q, candidate(model=" ACME/M1 ", task="Bio_Uplift", metric="ACCURACY", scorer="Match"))
    assert not matches(q, candidate(model="acme/m2", scorer="match"))
    assert not matches(q, candidate(task="cyber", scorer="match"))
    assert not matches(q, candidate(metric="f1", scorer="match"))
    assert not matches(q, candidate(scorer="includes"))
    assert matches(question(), candidate(scorer="anything"))  # no scorer on the question: any scorer


def test_invalid_or_incomplete_evidence_never_resolves():
    q = question()
    assert not matches(q, candidate(valid=False))
    assert not matches(q, candidate(estimate=None))
    assert not matches(q, candidate(run_at=None))


def test_the_run_must_lie_after_opening_and_before_the_resolve_by_date():
    q = question()
    assert not matches(q, candidate(run_at=day(0)))
    assert matches(q, candidate(run_at=day(0.001)))
    assert matches(q, candidate(run_at=day(45)))  # after close, before resolve-by: still resolves
    assert not matches(q, candidate(run_at=day(60)))
    assert not matches(q, candidate(run_at=dt.datetime(2026, 2, 20)))  # naive times are UTC


def test_first_valid_match_by_run_time_wins():
    q = question()
    early_invalid = candidate(run_at=day(2), valid=False, digest="0" * 64)
    other_model = candidate(run_at=day(3), model="acme/m2", digest="1" * 64)
    second = candidate(run_at=day(8), estimate=0.4, digest="2" * 64, interval=(0.3, 0.45))
    third = candidate(run_at=day(12), estimate=0.9, digest="3" * 64)
    assert first_match(q, [third, early_invalid, second, other_model]) is second
    tie = candidate(run_at=day(8), digest="1" * 64, estimate=0.7)
    assert first_match(q, [second, tie]) is tie  # equal run times: the smaller digest, so the choice is stable
    assert first_match(q, [early_invalid, other_model]) is None
    r = resolve_from_evidence(q, [third, second])
    assert (r.outcome, r.estimate, r.digest, r.run_at) == (False, 0.4, "2" * 64, day(8))
    assert r.interval == (0.3, 0.45) and r.close_call is False and r.manual is False
    assert resolve_from_evidence(q, []) is None


def test_next_model_questions_match_only_the_pinned_model():
    q = question(model=None, next_model_of="acme")
    c = candidate(model="acme/m3")
    assert not matches(q, c)
    assert matches(q, c, model="acme/m3")
    regs = {"acme/m1": day(-5), "acme/m3": day(7), "acme/m2": day(4)}
    assert next_model(regs, q.opens_at) == "acme/m2"
    assert next_model({"acme/m1": day(-5)}, q.opens_at) is None
    assert next_model({"b": day(4), "a": day(4)}, q.opens_at) == "a"


def test_outcomes_on_both_directions_and_at_the_threshold():
    ge, le = question(), question(direction=Direction.LE)
    assert outcome_for(ge, 0.5) is True and outcome_for(ge, 0.4999) is False
    assert outcome_for(le, 0.5) is True and outcome_for(le, 0.5001) is False
    assert outcome_for(question(kind="numeric", threshold=None), 0.37) == 0.37


def test_close_call_when_the_interval_straddles_the_threshold():
    q = question()
    assert is_close_call(q, (0.45, 0.55))
    assert is_close_call(q, (0.5, 0.7))  # the threshold on an end still counts
    assert not is_close_call(q, (0.51, 0.7))
    assert not is_close_call(q, None)
    assert not is_close_call(question(kind="numeric", threshold=None), (0.0, 1.0))
    r = resolve_from_evidence(q, [candidate(estimate=0.52, interval=(0.41, 0.63))])
    assert r.outcome is True and r.close_call is True
    assert r.as_dict()["close_call"] is True and r.as_dict()["interval"] == [0.41, 0.63]


def test_scoring_cutoff_and_standing_forecasts():
    q = question()
    forecasts = [
        Forecast("ana", day(1), probability=0.2),
        Forecast("ana", day(5), probability=0.6),
        Forecast("ana", day(10), probability=0.9),  # made at the run time: kept, not scored
        Forecast("bo", day(3), probability=0.7),
        Forecast("cy", day(11), probability=0.5),  # only after the run: no scored forecast
    ]
    r = resolve_from_evidence(q, [candidate(run_at=day(10))])
    cutoff = scoring_cutoff(q, r)
    assert cutoff == day(10)
    standing = standing_forecasts(forecasts, cutoff)
    assert {k: v.probability for k, v in standing.items()} == {"ana": 0.6, "bo": 0.7}
    late = resolve_from_evidence(q, [candidate(run_at=day(40))])
    assert scoring_cutoff(q, late) == q.closes_at
    assert standing_forecasts(forecasts, scoring_cutoff(q, late))["ana"].probability == 0.9


def test_manual_resolution_needs_a_reason_and_an_outcome_of_the_right_kind():
    q = question()
    r = manual_resolution(q, True, " the lab's published result ", at=day(20))
    assert (r.outcome, r.manual, r.note, r.resolved_at) == (True, True, "the lab's published result", day(20))
    assert scoring_cutoff(q, r) == day(20)
    with pytest.raises(InvalidInput, match="^note: "):
        manual_resolution(q, True, "", at=day(20))
    with pytest.raises(InvalidInput, match="^outcome: a binary outcome"):
        manual_resolution(q, 1, "reason", at=day(20))
    numeric = question(kind="numeric", threshold=None)
    assert manual_resolution(numeric, 0.3, "reason", at=day(20)).outcome == 0.3
    with pytest.raises(InvalidInput, match="^outcome: a numeric outcome"):
        manual_resolution(numeric, False, "reason", at=day(20))


def test_overdue_after_the_resolve_by_date():
    q = question()
    assert not is_overdue(q, day(59.9))
    assert is_overdue(q, day(60))


def test_candidate_from_an_importer_record():
    record = EvidenceRecord(source_format=SourceFormat.INSPECT, task="bio_uplift", metric="accuracy",
                            model="acme/m1", scores=(1.0, 0.0, 1.0, 1.0), n=4, successes=3,
                            run_at=day(10), sha256="b" * 64)
    c = EvidenceCandidate.from_record(record)
    assert c.valid and c.estimate == 0.75 and c.digest == "b" * 64
    assert c.interval is not None and c.interval[0] < 0.75 < c.interval[1]  # Wilson, as the verdicts use
    failed = EvidenceCandidate.from_record(replace(record, run_status="error"))
    assert not failed.valid
    empty = EvidenceCandidate.from_record(replace(record, scores=None, n=None, successes=None))
    assert not empty.valid and empty.estimate is None
