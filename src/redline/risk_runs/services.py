"""Run a threat profile's risk model and keep the run; find the run a gate may rely on."""

from __future__ import annotations

import hashlib

from django.db import transaction

from redline.accounts.policy import Action, can
from redline.core.errors import InvalidInput, PermissionDenied
from redline.risk_runs.models import RiskRun

#: Sizes a web request can afford on two cores; the CLI takes larger ones.
DEFAULT_SAMPLES = 200_000
MAX_SAMPLES = 5_000_000
CURVE_SAMPLES = 200_000


def yaml_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def threshold_spec(version) -> tuple[float, float]:
    """(N, p) of a risk-threshold commitment version."""
    spec = version.spec
    try:
        return float(spec["level_n"]), float(spec["probability"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("threshold", "the commitment has no numeric level_n and probability") from None


@transaction.atomic
def run_profile(actor, profile, *, threshold: float | None = None, probability: float | None = None,
                threshold_version=None, samples: int = DEFAULT_SAMPLES, seed: int = 0,
                outer: int | None = None, inner: int | None = None, user=None) -> RiskRun:
    """Run ``profile``'s risk model for P(outcome ≥ N), judge it against p when given, and store it."""
    from redline.risk import exceedance_curve, loads_model, run_model, verdict_for

    if not can(actor, Action.UPDATE, profile.model):
        raise PermissionDenied("only the model's organisation can run its risk model")
    text = profile.risk_model_yaml.strip()
    if not text:
        raise InvalidInput("risk_model_yaml", "this threat profile has no risk model attached")
    if threshold_version is not None:
        threshold, probability = threshold_spec(threshold_version)
    if threshold is None or threshold <= 0:
        raise InvalidInput("threshold", "give the harm level N (a positive number)")
    if probability is not None and not 0 < probability < 1:
        raise InvalidInput("probability", "must be between 0 and 1")
    if not 1_000 <= samples <= MAX_SAMPLES:
        raise InvalidInput("samples", f"must be between 1000 and {MAX_SAMPLES}")
    if (outer is None) != (inner is None):
        raise InvalidInput("outer", "give both outer and inner for a two-level run, or neither")
    if outer is not None and (outer < 10 or inner < 100 or outer * inner > MAX_SAMPLES):
        raise InvalidInput("outer", f"need outer ≥ 10, inner ≥ 100 and outer × inner ≤ {MAX_SAMPLES}")
    model = loads_model(text)  # ModelError (an InvalidInput) names the line and field
    result = run_model(model, threshold=threshold, samples=samples, seed=seed, workers=1, outer=outer,
                       inner=inner, tolerance=probability)
    verdict = verdict_for(result, probability).to_dict() if probability is not None else None
    curve = exceedance_curve(model, samples=min(samples, CURVE_SAMPLES), seed=seed,
                             outer=min(outer, 200) if outer else None, inner=min(inner, 2_000) if inner else None,
                             workers=1)
    return RiskRun.objects.create(
        profile=profile, threshold_version=threshold_version, model_sha256=yaml_digest(text),
        threshold=threshold, probability=probability, samples=samples, seed=seed, outer=outer, inner=inner,
        result=result.to_dict(), verdict=verdict, curve=curve.to_dict(),
        created_by=user if getattr(user, "pk", None) else None,
    )


def current_run(profile, threshold: float, probability: float) -> RiskRun | None:
    """The newest stored run of the profile's *current* model for (N, p), or None."""
    text = profile.risk_model_yaml.strip()
    if not text:
        return None
    return (RiskRun.objects.filter(profile=profile, model_sha256=yaml_digest(text), threshold=threshold,
                                   probability=probability).order_by("-created_at").first())
