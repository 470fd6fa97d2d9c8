"""A forecaster's (or an organisation's) track record: everything its page shows, in one call.

The app scores every resolved question's forecasts together
(:func:`~redline.core.forecasts.scoring.score_forecasts`, so peer scores see all
forecasters), keeps the rows of one forecaster — or of the forecasts an
organisation made as a body — and passes them to :func:`track_record`. The
record's plots come from :mod:`redline.core.forecasts.plots`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.core.forecasts.baselines import BaselineComparison, brier_vs_half, crps_vs_extrapolation
from redline.core.forecasts.calibration import (
    BIN_CONFIDENCE,
    BINS,
    Discrimination,
    MurphyDecomposition,
    ReliabilityDiagram,
    discrimination,
    murphy_decomposition,
    reliability_diagram,
)
from redline.core.forecasts.question import QuestionKind
from redline.core.forecasts.scoring import ScoredForecast, ScoreSummary, summarise_one


@dataclass(frozen=True)
class TrackRecord:
    """Counts and means, calibration, discrimination and the naive baselines of one record."""

    summary: ScoreSummary
    reliability: ReliabilityDiagram
    murphy: MurphyDecomposition | None
    discrimination: Discrimination
    versus_half: BaselineComparison
    versus_extrapolation: BaselineComparison

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the track-record page's JSON twin and the API."""
        summary = self.summary
        return {
            "summary": {**summary.as_dict(), "n_peer": summary.n_peer, "n_wis": summary.n_wis,
                        "coverage_50": summary.coverage_50, "coverage_90": summary.coverage_90},
            "reliability": self.reliability.as_dict(),
            "murphy": self.murphy.as_dict() if self.murphy else None,
            "discrimination": self.discrimination.as_dict(),
            "versus_half": self.versus_half.as_dict(),
            "versus_extrapolation": self.versus_extrapolation.as_dict(),
        }


def track_record(
    name: str,
    scored: Sequence[ScoredForecast],
    *,
    naive: Mapping[str, float | None] | None = None,
    bins: int = BINS,
    confidence: float = BIN_CONFIDENCE,
) -> TrackRecord:
    """The track record of ``scored`` under ``name``.

    ``naive`` maps numeric questions to the linear extrapolation of the
    organisation's earlier models (see
    :func:`~redline.core.forecasts.baselines.linear_extrapolation`); without it
    the numeric baseline compares nothing.
    """
    binary = [s for s in scored if s.forecast.kind is QuestionKind.BINARY]
    p = np.array([s.forecast.probability for s in binary], dtype=float)
    o = np.array([s.forecast.outcome for s in binary], dtype=bool)
    return TrackRecord(
        summary=summarise_one(name, scored),
        reliability=reliability_diagram(p, o, bins, confidence),
        murphy=murphy_decomposition(p, o, bins),
        discrimination=discrimination(p, o, bins),
        versus_half=brier_vs_half(p, o),
        versus_extrapolation=crps_vs_extrapolation(scored, naive or {}),
    )
