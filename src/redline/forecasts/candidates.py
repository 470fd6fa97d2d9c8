"""Stored evidence of a model as resolution candidates for the core's matching rule."""

from __future__ import annotations

from redline.core.forecasts import EvidenceCandidate
from redline.registry.models import AIModel


def candidates_for(model: AIModel) -> list[tuple[EvidenceCandidate, object]]:
    """Every stored evaluation (and safeguard campaign) of ``model`` as a resolution candidate.

    The import already checked that each file is about this model, so the candidate carries the
    model's own name; a failed run or one without an estimate is a candidate that never matches.
    A campaign answers task = the safeguard's name, metric ``undetected_success_rate``.
    """
    out: list[tuple[EvidenceCandidate, object]] = []
    for evaluation in model.evaluations.all():
        record = evaluation.to_record()
        base = EvidenceCandidate.from_record(record)
        out.append((EvidenceCandidate(model=model.full_slug, task=base.task, metric=base.metric, scorer=base.scorer,
                                      run_at=base.run_at, estimate=base.estimate, interval=base.interval,
                                      valid=base.valid, digest=base.digest), evaluation))
    for campaign in model.safeguard_campaigns.all():
        rate = (campaign.result or {}).get("undetected_success_rate") or {}
        interval = rate.get("interval")
        out.append((EvidenceCandidate(model=model.full_slug, task=campaign.safeguard, metric="undetected_success_rate",
                                      run_at=campaign.imported_at, estimate=rate.get("estimate"),
                                      interval=tuple(interval) if interval else None,
                                      valid=rate.get("estimate") is not None, digest=campaign.sha256), None))
    return out
