"""API: threat profiles, commitments and their versions, signed approvals, the model's risk sections."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from redline.accounts.api_auth import caller, require_write
from redline.accounts.policy import Action, can, visible_filter
from redline.commitments import services
from redline.commitments.models import Commitment, CommitmentVersion
from redline.commitments.sections import visible_versions
from redline.commitments.serializers import commitment_dict
from redline.http.params import RecordId
from redline.registry.lookups import visible_model

router = Router(tags=["commitments"])


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class CommitmentIn(DocSchema):
    kind: str
    """red_line or risk_threshold."""
    name: str = Field(min_length=1, max_length=200)
    spec: dict[str, Any]
    """Red line: task, metric, threshold, direction, alert, min_samples, min_elicitation, max_unscored,
    validity_days, inconclusive_policy, action. Threshold: harm_measure, level_n, probability, period,
    period_unit, fn_c, fn_alpha, tier, category."""
    safeguards: list[str] = []
    required_approvals: int = 2
    rationale: str = ""


class ApprovalIn(DocSchema):
    signature: str = ""
    """Base64 Ed25519 signature over canonical_json(spec); empty only with a server-held (demo) key."""


def _version(request, pk: int) -> CommitmentVersion:
    version = get_object_or_404(CommitmentVersion.objects.select_related("commitment__model__organisation"), pk=pk)
    if not can(caller(request), Action.VIEW, version) or not visible_versions(
            version.commitment, caller(request)).filter(pk=pk).exists():
        raise Http404("no such version")
    return version


@router.get("/commitments", response=list[dict], summary="Commitments on models you may see")
def list_commitments(request, model: str | None = None):
    user = caller(request)
    qs = Commitment.objects.filter(visible_filter(user, "model__")).select_related("model__organisation")
    if model:
        org, _, slug = model.partition("/")
        qs = qs.filter(model__organisation__slug=org, model__slug=slug)
    out = [commitment_dict(c, user) for c in qs.order_by("pk")]
    return [c for c in out if c["versions"]]


@router.get("/commitments/{pk}", response=dict, summary="One commitment with every visible version and diff")
def get_commitment(request, pk: RecordId):
    user = caller(request)
    commitment = get_object_or_404(Commitment, pk=pk)
    if not can(user, Action.VIEW, commitment) or not visible_versions(commitment, user).exists():
        raise Http404("no such commitment")
    return commitment_dict(commitment, user)


@router.post("/models/{org}/{slug}/commitments", response={201: dict}, summary="Create a draft commitment")
def create_commitment(request, org: str, slug: str, payload: CommitmentIn):
    user = require_write(request)
    version = services.create_commitment(user, visible_model(caller(request), org, slug), payload.kind, payload.name,
                                         payload.spec, safeguards=payload.safeguards,
                                         required_approvals=payload.required_approvals, rationale=payload.rationale)
    return Status(201, commitment_dict(version.commitment, user))


@router.get("/commitments/versions/{pk}/spec", response=dict, summary="Exactly the object reviewers sign")
def version_spec(request, pk: RecordId):
    return _version(request, pk).spec


@router.post("/commitments/versions/{pk}/propose", response=dict, summary="Open the public comment period")
def propose(request, pk: RecordId, comment_days: int = Query(30, ge=0, le=services.MAX_COMMENT_DAYS,
                                                         description="Length of the public comment period.")):
    user = require_write(request)
    version = services.propose(user, _version(request, pk), comment_days=comment_days)
    return commitment_dict(version.commitment, user)


@router.post("/commitments/versions/{pk}/approvals", response={201: dict}, summary="Approve with a signature")
def approve(request, pk: RecordId, payload: ApprovalIn):
    user = require_write(request)
    approval = services.approve(user, _version(request, pk), signature=payload.signature)
    return Status(201, {"version": pk, "reviewer": user.email, "organisation": approval.organisation.slug,
                        "key_fingerprint": approval.key.fingerprint, "signature": approval.signature,
                        "server_signed": approval.server_signed})


@router.post("/commitments/versions/{pk}/enter-into-force", response=dict, summary="Bring an approved version into force")
def enter(request, pk: RecordId):
    user = require_write(request)
    version = services.enter_into_force(user, _version(request, pk))
    return commitment_dict(version.commitment, user)


class ThreatProfileIn(DocSchema):
    cue_id: str = ""
    """A CUE entry such as CUE-0001 (optional)."""
    category: str = ""
    threat_actor: str
    pathway: str
    impact_scale: str = ""
    attempt_frequency: str = ""
    uplift: str = ""
    risk_model_yaml: str = ""
    """An optional redline.risk model; quantitative thresholds tied to this profile are judged with it."""


@router.post("/models/{org}/{slug}/threat-profiles", response={201: dict}, summary="Add a threat profile")
def create_threat_profile(request, org: str, slug: str, payload: ThreatProfileIn):
    user = require_write(request)
    data = payload.dict()
    profile = services.create_threat_profile(user, visible_model(caller(request), org, slug), cue_id=data.pop("cue_id"),
                                             **data)
    return Status(201, {"id": profile.pk, "model": profile.model.full_slug, "cue": profile.cue_entry_id,
                        "category": profile.category, "threat_actor": profile.threat_actor,
                        "has_risk_model": bool(profile.risk_model_yaml.strip())})
