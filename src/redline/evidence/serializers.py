"""Plain-dict views of evidence objects, shared by JSON twins, the API and the CLI."""

from __future__ import annotations

from typing import Any

from redline.evidence.models import Evaluation, SafeguardCampaign


def evaluation_dict(e: Evaluation) -> dict[str, Any]:
    """``estimate`` is the file's own figure; ``scored_estimate`` the one verdicts use (scored samples only)."""
    check = e.model_check()
    return {"id": e.pk, "model": e.model.full_slug, "source_model": e.source_model or None,
            "model_match": check.match.value, "model_alias": e.model_alias or None, "model_check": check.describe(),
            "task": e.task, "metric": e.metric, "scorer": e.scorer,
            "source_format": e.source_format, "n": e.n, "successes": e.successes, "unscored": e.unscored,
            "errored": e.errored, "estimate": e.estimate, "scored_estimate": e.scored_estimate, "stderr": e.stderr,
            "total": (e.n or 0) + e.unscored + e.errored, "elicitation": e.elicitation,
            "elicitation_level": e.elicitation_level or None, "run_status": e.run_status or None,
            "run_at": e.run_at.isoformat() if e.run_at else None, "filename": e.filename, "sha256": e.sha256,
            "ran_by": e.ran_by_org.slug if e.ran_by_org else None, "imported_at": e.imported_at.isoformat(),
            "valid_until": e.valid_until.isoformat() if e.valid_until else None, "current": e.is_current(),
            "has_per_sample_scores": e.scores is not None}


def campaign_dict(c: SafeguardCampaign) -> dict[str, Any]:
    return {"id": c.pk, "model": c.model.full_slug, "source_model": c.source_model or None,
            "model_alias": c.model_alias or None, "safeguard": c.safeguard, "tolerance": c.tolerance,
            "passed": c.passed, "result": c.result, "filename": c.filename, "sha256": c.sha256,
            "imported_at": c.imported_at.isoformat()}
