"""Scoring batches of resolved forecasts, summaries per forecaster, time averages and the aggregate."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from redline.core.errors import InvalidInput
from redline.core.forecasts.aggregate import aggregate_probabilities, aggregate_quantiles, geometric_mean_odds
from redline.core.forecasts.question import Forecast
from redline.core.forecasts.scoring import ResolvedForecast, score_forecasts, summarise
from redline.core.forecasts.timeavg import time_averaged_scores

Q5 = ((0.05, 1.0), (0.25, 2.0), (0.5, 3.0), (0.75, 4.0), (0.95, 5.0))


def rf(question, forecaster, outcome, probability=None, quantiles=None):
    return ResolvedForecast(question, forecaster, outcome, probability, quantiles)


def test_resolved_forecasts_validate_their_fields():
    with pytest.raises(InvalidInput, match="^question: "):
        rf("", "ana", True, 0.5)
    with pytest.raises(InvalidInput, match="^forecaster: "):
        rf("Q1", 3, True, 0.5)
    with pytest.raises(InvalidInput, match="^probability: give either"):
        rf("Q1", "ana", True)
    with pytest.raises(InvalidInput, match="^outcome: a binary outcome"):
        rf("Q1", "ana", 1, 0.5)
    with pytest.raises(InvalidInput, match="^outcome: a numeric outcome"):
        rf("Q1", "ana", True, quantiles=Q5)


def test_batches_with_repeats_or_disagreeing_outcomes_are_refused():
    with pytest.raises(InvalidInput, match="^forecaster: 'ana' has two forecasts on question 'Q1'"):
        score_forecasts([rf("Q1", "ana", True, 0.5), rf("Q1", "ana", True, 0.6)])
    with pytest.raises(InvalidInput, match="^outcome: question 'Q1' has two different outcomes"):
        score_forecasts([rf("Q1", "ana", True, 0.5), rf("Q1", "bo", False, 0.6)])
    with pytest.raises(InvalidInput, match="^question: 'Q1' has both binary and numeric"):
        score_forecasts([rf("Q1", "ana", True, 0.5), rf("Q1", "bo", 2.0, quantiles=Q5)])


def test_scores_in_order_with_none_where_undefined():
    batch = [
        rf("Q1", "ana", True, 0.7),
        rf("N1", "ana", 3.5, quantiles=Q5),
        rf("Q1", "bo", True, 0.4),
        rf("Q2", "bo", False, 0.2),
        rf("N2", "bo", 0.5, quantiles=((0.1, 0.0), (0.5, 1.0), (0.8, 2.0))),
    ]
    scored = score_forecasts(batch)
    assert [s.forecast for s in scored] == batch
    ana_q1, ana_n1, bo_q1, bo_q2, bo_n2 = scored
    assert ana_q1.brier == pytest.approx(0.09) and ana_q1.log_score == pytest.approx(math.log(0.7))
    assert ana_q1.peer_score == pytest.approx(100 * (math.log(0.7) - math.log(0.4)))
    assert bo_q2.peer_score is None  # alone on Q2
    assert ana_q1.crps is None and ana_n1.brier is None
    assert ana_n1.wis == pytest.approx((0.5 * 0.5 + 0.05 * 4 + 0.25 * 2) / 2.5)
    assert (ana_n1.covered_50, ana_n1.covered_90) == (True, True)
    assert bo_n2.wis is None and bo_n2.crps is not None  # asymmetric levels: WIS undefined, CRPS fine
    assert (bo_n2.covered_50, bo_n2.covered_90) == (None, None)


def test_summaries_are_the_means_per_forecaster():
    batch = [
        rf("Q1", "ana", True, 0.7),
        rf("Q2", "ana", False, 0.2),
        rf("Q1", "bo", True, 0.4),
        rf("N1", "bo", 3.5, quantiles=Q5),
        rf("N2", "bo", 0.5, quantiles=((0.1, 0.0), (0.5, 1.0), (0.8, 2.0))),
    ]
    ana, bo = summarise(score_forecasts(batch))
    assert ana.forecaster == "ana" and bo.forecaster == "bo"
    assert ana.n_binary == 2 and ana.n_numeric == 0
    assert ana.brier == pytest.approx((0.09 + 0.04) / 2)
    assert ana.log_score == pytest.approx((math.log(0.7) + math.log(0.8)) / 2)
    assert ana.peer_score == pytest.approx(100 * (math.log(0.7) - math.log(0.4)))  # Q1 only
    assert ana.n_peer == 1
    assert ana.crps is None and ana.wis is None
    assert bo.n_numeric == 2 and bo.n_wis == 1
    crps_n2 = 2 / 3 * (0.1 * 0.5 + 0.5 * 0.5 + 0.2 * 1.5)
    crps_n1 = 2 / 5 * (0.05 * 2.5 + 0.25 * 1.5 + 0.5 * 0.5 + 0.25 * 0.5 + 0.05 * 1.5)
    assert bo.crps == pytest.approx((crps_n1 + crps_n2) / 2)
    assert bo.wis == pytest.approx((0.5 * 0.5 + 0.05 * 4 + 0.25 * 2) / 2.5)
    assert bo.coverage_50 == 1.0
    assert set(bo.as_dict()) == {"forecaster", "n_binary", "brier", "log_score", "baseline_score",
                                 "peer_score", "n_numeric", "crps", "wis"}
    by_org = summarise(score_forecasts(batch), key=lambda s: "acme")
    assert len(by_org) == 1 and by_org[0].n_binary == 3


def test_aggregate_of_probabilities():
    agg = aggregate_probabilities([0.1, 0.2, 0.4, 0.9])
    assert agg.n == 4 and agg.median == pytest.approx(0.3)
    odds = [0.1 / 0.9, 0.2 / 0.8, 0.4 / 0.6, 0.9 / 0.1]
    gm = math.prod(odds) ** 0.25
    assert agg.geometric_mean_odds == pytest.approx(gm / (1 + gm))
    assert (agg.minimum, agg.maximum) == (0.1, 0.9)
    assert agg.spread == pytest.approx(np.quantile([0.1, 0.2, 0.4, 0.9], 0.75) - 0.175)
    assert agg.as_dict()["spread"] == agg.spread
    assert aggregate_probabilities([]) is None
    assert geometric_mean_odds([0.3, 0.7]) == pytest.approx(0.5)


def test_aggregate_of_quantiles_is_the_median_per_shared_level():
    a = ((0.1, 1.0), (0.5, 2.0), (0.9, 3.0))
    b = ((0.1, 2.0), (0.5, 4.0), (0.9, 9.0))
    c = ((0.1, 0.0), (0.25, 1.0), (0.5, 3.0), (0.9, 5.0))
    assert aggregate_quantiles([a, b, c]) == ((0.1, 1.0), (0.5, 3.0), (0.9, 5.0))
    assert aggregate_quantiles([]) is None
    assert aggregate_quantiles([a, ((0.2, 1.0), (0.4, 2.0), (0.6, 3.0))]) is None


T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def at(days: float) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def test_time_averaged_scores_by_hand():
    # 10-day period; ana holds 0.5 from day 0, 0.9 from day 5; bo holds 0.6 from day 2.5; yes.
    forecasts = [Forecast("ana", at(0), probability=0.5), Forecast("ana", at(5), probability=0.9),
                 Forecast("bo", at(2.5), probability=0.6), Forecast("cy", at(10), probability=0.99)]
    out = time_averaged_scores(forecasts, True, at(0), at(10))
    assert set(out) == {"ana", "bo"}  # cy forecast at the end: ignored
    def base(p):
        return 100 * (math.log2(p) + 1)
    assert out["ana"].baseline_score == pytest.approx(0.5 * base(0.5) + 0.5 * base(0.9))
    assert out["ana"].coverage == pytest.approx(1.0)
    assert out["bo"].baseline_score == pytest.approx(0.75 * base(0.6))  # nothing held for the first quarter
    assert out["bo"].coverage == pytest.approx(0.75)
    ln = math.log
    ana_peer = 0.25 * 100 * (ln(0.5) - ln(0.6)) + 0.5 * 100 * (ln(0.9) - ln(0.6))
    assert out["ana"].peer_score == pytest.approx(ana_peer)  # alone for the first quarter: 0 there
    assert out["bo"].peer_score == pytest.approx(-ana_peer)


def test_time_averaged_lone_forecaster_and_bad_input():
    out = time_averaged_scores([Forecast("ana", at(-1), probability=0.8)], False, at(0), at(4))
    assert out["ana"].peer_score is None
    assert out["ana"].baseline_score == pytest.approx(100 * (math.log2(0.2) + 1))
    assert out["ana"].coverage == pytest.approx(1.0)  # made before the start: held from the start
    with pytest.raises(InvalidInput, match="^end: "):
        time_averaged_scores([], True, at(1), at(1))
    with pytest.raises(InvalidInput, match="^probability: "):
        time_averaged_scores([Forecast("ana", at(1), quantiles=Q5)], True, at(0), at(2))
