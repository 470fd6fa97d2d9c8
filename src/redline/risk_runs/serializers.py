"""Plain-dict views of risk_runs objects, shared by JSON twins, the API and the CLI."""

from __future__ import annotations

from redline.commitments.models import ThreatProfile
from redline.risk_runs import services
from redline.risk_runs.models import RiskRun


def run_dict(run: RiskRun) -> dict:
    return {"id": run.pk, "profile": run.profile_id, "threshold_version": run.threshold_version_id,
            "model_sha256": run.model_sha256, "threshold": run.threshold, "probability": run.probability,
            "samples": run.samples, "seed": run.seed, "outer": run.outer, "inner": run.inner,
            "result": run.result, "verdict": run.verdict, "created_at": run.created_at.isoformat(),
            "url": f"/risk-runs/{run.pk}/", "plot": f"/risk-runs/{run.pk}/curve.png"}


def profile_dict(profile: ThreatProfile, runs) -> dict:
    return {"id": profile.pk, "model": profile.model.full_slug, "cue": profile.cue_entry_id,
            "category": profile.category, "threat_actor": profile.threat_actor, "pathway": profile.pathway,
            "impact_scale": profile.impact_scale, "attempt_frequency": profile.attempt_frequency,
            "uplift": profile.uplift, "risk_model_yaml": profile.risk_model_yaml,
            "risk_model_sha256": services.yaml_digest(profile.risk_model_yaml.strip())
            if profile.risk_model_yaml.strip() else None,
            "runs": [run_dict(r) for r in runs]}
