"""The one shape every evidence importer returns: :class:`EvidenceRecord`.

One record is one (task, metric, scorer) measurement of one model from one file.
Readers fill what their format knows and leave the rest ``None``; the verdict code
decides what it can conclude from what is there.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from redline.core.evidence.elicitation import Elicitation


class SourceFormat(enum.Enum):
    """The file format a record was read from."""

    INSPECT = "inspect"
    LM_EVAL = "lm_eval"
    GARAK = "garak"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class EvidenceRecord:
    """One measurement read from an evaluation file.

    Counting convention: ``n`` is the number of *scored* samples (those that enter the
    estimate); ``unscored`` and ``errored`` are counted apart and never dropped, so the
    total attempted is ``n + unscored + errored``. ``scores`` holds one entry per
    sample (``None`` for unscored or errored ones) when the format has per-sample
    scores; ``successes`` is set when the scores are pass/fail. ``estimate`` and
    ``stderr`` carry the aggregate the file reports (``stderr`` is ``None`` when the
    file says "N/A").
    """

    source_format: SourceFormat
    task: str
    metric: str
    model: str | None = None
    scorer: str | None = None
    scores: tuple[float | None, ...] | None = None
    n: int | None = None
    successes: int | None = None
    unscored: int = 0
    errored: int = 0
    epochs: int | None = None
    estimate: float | None = None
    stderr: float | None = None
    higher_is_better: bool | None = None
    elicitation: Mapping[str, Any] = field(default_factory=dict)
    run_status: str | None = None  # "success", "error", "cancelled", … as the format says
    run_error: str | None = None
    run_at: dt.datetime | None = None
    run_metadata: Mapping[str, Any] = field(default_factory=dict)
    sha256: str = ""
    filename: str = ""

    @property
    def total(self) -> int:
        """Samples attempted: scored + unscored + errored."""
        return (self.n or 0) + self.unscored + self.errored

    @property
    def unscored_fraction(self) -> float:
        """(unscored + errored) / total, or 0.0 when nothing was attempted."""
        total = self.total
        return (self.unscored + self.errored) / total if total else 0.0

    @property
    def scored_values(self) -> tuple[float, ...]:
        """The per-sample scores without the ``None`` entries (empty when none are known)."""
        return tuple(s for s in (self.scores or ()) if s is not None)

    @property
    def scored_estimate(self) -> float | None:
        """The estimate verdicts use: over the scored samples only (the mean of their scores, else
        ``successes / n``), else the file's own aggregate.

        It can differ from :attr:`estimate`, the file's figure, when the file counts unscored or
        errored samples in its denominator (9 of 37 scored is 0.243; the log says 9 of 40, 0.225).
        """
        scored = self.scored_values
        if scored:
            return sum(scored) / len(scored)
        if self.successes is not None and self.n:
            return self.successes / self.n
        return self.estimate

    @property
    def failed(self) -> bool:
        """True when the run did not complete (Inspect status error/cancelled, or a run error)."""
        return self.run_status in {"error", "cancelled"} or bool(self.run_error)

    def elicitation_record(self) -> Elicitation | None:
        """The elicitation record, parsed, or ``None`` when the file carries none."""
        return Elicitation.from_mapping(self.elicitation) if self.elicitation else None

    def label(self) -> str:
        """``task / metric [scorer]``, for tables and error messages."""
        scorer = f" [{self.scorer}]" if self.scorer and self.scorer != self.metric else ""
        return f"{self.task} / {self.metric}{scorer}"

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary without the per-sample scores."""
        return {
            "source_format": self.source_format.value,
            "task": self.task,
            "metric": self.metric,
            "scorer": self.scorer,
            "model": self.model,
            "n": self.n,
            "successes": self.successes,
            "unscored": self.unscored,
            "errored": self.errored,
            "epochs": self.epochs,
            "estimate": self.estimate,
            "stderr": self.stderr,
            "run_status": self.run_status,
            "run_at": self.run_at.isoformat() if self.run_at else None,
            "sha256": self.sha256,
            "filename": self.filename,
        }
