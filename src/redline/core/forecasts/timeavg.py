"""Time-averaged baseline and peer scores over a binary question's open period, as Metaculus does.

The standing-forecast scores (:mod:`.scoring`) look at each forecaster's last
forecast before the cut-off only. These look at the whole period: at every
moment between ``start`` (the question opened) and ``end`` (the scoring cut-off)
each forecaster holds their latest forecast, and the instantaneous score is
averaged over the period's length T:

    score = Σ over stretches of (score of the forecast held) × (stretch length / T)

A stretch in which the forecaster held no forecast yet counts as 0, so joining
late costs score (``coverage`` says what fraction of the period was held). The
peer score of a stretch compares the forecasts held by everyone at that moment;
a stretch with nobody else counts as 0, and a forecaster who never overlapped
anyone has no time-averaged peer score (``None``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from redline.core.errors import InvalidInput
from redline.core.forecasts.question import Forecast, aware
from redline.core.forecasts.scores import baseline_score, peer_scores


@dataclass(frozen=True)
class TimeAveraged:
    """One forecaster's time-averaged scores on one question."""

    forecaster: str
    baseline_score: float
    peer_score: float | None
    coverage: float


def time_averaged_scores(
    forecasts: Iterable[Forecast], outcome: bool, start: dt.datetime, end: dt.datetime
) -> dict[str, TimeAveraged]:
    """Time-averaged baseline and peer scores of every forecaster with a forecast in [start, end).

    Forecasts made at or after ``end`` are ignored; one made before ``start`` is held from ``start``.
    """
    start, end = aware(start), aware(end)
    total = (end - start).total_seconds()
    if total <= 0:
        raise InvalidInput("end", "the scoring period must end after it starts")
    made = sorted((f for f in forecasts if f.made_at < end), key=lambda f: f.made_at)
    if any(f.probability is None for f in made):
        raise InvalidInput("probability", "time-averaged scores are for binary forecasts")
    names = sorted({f.forecaster for f in made})
    slot = {name: i for i, name in enumerate(names)}
    held = np.full(len(names), np.nan)
    baseline = np.zeros(len(names))
    peer = np.zeros(len(names))
    peered = np.zeros(len(names), dtype=bool)
    covered = np.zeros(len(names))
    i = 0
    moment = start
    while i < len(made) and made[i].made_at <= start:
        held[slot[made[i].forecaster]] = made[i].probability
        i += 1
    while moment < end:
        next_moment = made[i].made_at if i < len(made) else end
        weight = (next_moment - moment).total_seconds() / total
        active = ~np.isnan(held)
        if weight > 0 and active.any():
            p = held[active]
            yes = np.full(p.shape, outcome)
            baseline[active] += weight * baseline_score(p, yes)
            covered[active] += weight
            if p.size > 1:
                peer[active] += weight * peer_scores(p, yes, np.zeros(p.shape))
                peered[active] = True
        moment = next_moment
        while i < len(made) and made[i].made_at <= moment:
            held[slot[made[i].forecaster]] = made[i].probability
            i += 1
    return {
        name: TimeAveraged(
            forecaster=name,
            baseline_score=float(baseline[k]),
            peer_score=float(peer[k]) if peered[k] else None,
            coverage=float(covered[k]),
        )
        for name, k in slot.items()
    }
