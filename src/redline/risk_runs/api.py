"""API: stored risk runs of threat profiles."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from redline.accounts.api_auth import caller, require_write
from redline.accounts.policy import Action, can
from redline.commitments.lookups import visible_profile
from redline.commitments.models import CommitmentVersion
from redline.http.params import RecordId
from redline.risk_runs import services
from redline.risk_runs.models import RiskRun
from redline.risk_runs.serializers import run_dict

router = Router(tags=["risk estimates"])


class RunOut(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    id: int
    profile: int
    threshold_version: int | None
    model_sha256: str
    """SHA-256 of the risk model's YAML at the time of the run."""
    threshold: float
    """N in P(outcome ≥ N)."""
    probability: float | None
    """The limit p the run was judged against."""
    samples: int
    seed: int
    outer: int | None
    inner: int | None
    result: dict
    """The engine's record: p_exceed {estimate, std_error, interval}, method, hits, samples, seed, …"""
    verdict: dict | None
    """within / exceeds / uncertain with the figures and reason."""
    created_at: str
    url: str
    plot: str


class RunIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    threshold_version: int | None = None
    """An in-force risk threshold of this profile; or give threshold and probability."""
    threshold: float | None = Field(default=None, gt=0)
    probability: float | None = Field(default=None, gt=0, lt=1)
    samples: int = Field(default=services.DEFAULT_SAMPLES, ge=1_000, le=services.MAX_SAMPLES)
    seed: int = Field(default=0, ge=0)
    outer: int | None = None
    inner: int | None = None


@router.get("/threat-profiles/{pk}/risk-runs", response=list[RunOut], summary="Stored risk runs of a profile",
            operation_id="redline_estimates_api_list_runs")  # ids kept from before the app was renamed
def list_runs(request, pk: RecordId):
    return [run_dict(r) for r in visible_profile(caller(request), pk).risk_runs.all()[:100]]


@router.post("/threat-profiles/{pk}/risk-runs", response={201: RunOut}, summary="Run the profile's risk model",
             operation_id="redline_estimates_api_create_run")
def create_run(request, pk: RecordId, payload: RunIn):
    user = require_write(request)
    profile = visible_profile(caller(request), pk)
    version = None
    if payload.threshold_version is not None:
        version = CommitmentVersion.objects.filter(pk=payload.threshold_version,
                                                   commitment__threat_profile=profile).first()
        if version is None:
            raise Http404("no such threshold on this profile")
    run = services.run_profile(user, profile, threshold=payload.threshold, probability=payload.probability,
                               threshold_version=version, samples=payload.samples, seed=payload.seed,
                               outer=payload.outer, inner=payload.inner, user=user)
    return Status(201, run_dict(run))


@router.get("/risk-runs/{pk}", response=RunOut, summary="One stored risk run", operation_id="redline_estimates_api_get_run")
def get_run(request, pk: RecordId):
    run = RiskRun.objects.select_related("profile__model__organisation").filter(pk=pk).first()
    if run is None or not can(caller(request), Action.VIEW, run.profile.model):
        raise Http404("no such run")
    return run_dict(run)
