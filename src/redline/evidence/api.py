"""API: import evaluation files and campaigns; list a model's evidence."""

from __future__ import annotations

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from redline.accounts.api_auth import caller, require_write
from redline.evidence import serializers, services
from redline.registry.lookups import visible_model

router = Router(tags=["evidence"])


@router.get("/models/{org}/{slug}/evaluations", response=dict, summary="A model's evaluations and campaigns")
def list_evidence(request, org: str, slug: str):
    model = visible_model(caller(request), org, slug)
    caller(request)
    return {"model": model.full_slug,
            "evaluations": [serializers.evaluation_dict(e) for e in model.evaluations.order_by("-imported_at")],
            "campaigns": [serializers.campaign_dict(c) for c in model.safeguard_campaigns.order_by("-imported_at")]}


@router.post("/models/{org}/{slug}/evaluations", response={201: dict},
             summary="Import an evaluation file (Inspect, lm-eval, garak) or a safeguard campaign")
def import_evidence(request, org: str, slug: str, file: File[UploadedFile], kind: Form[str] = "",
                    elicitation: Form[str] = "", tolerance: Form[float] = 0.05, model_alias: Form[str] = ""):
    """The model the file names must be this one, or model_alias declares the mapping: SOURCE=ORG/NAME,
    several separated by commas. The answer's warnings say, e.g., that the evidence is already stale."""
    user = require_write(request)
    result = services.import_upload(user, visible_model(caller(request), org, slug), file, kind=kind or None,
                                    elicitation_level=elicitation or None, tolerance=tolerance,
                                    model_alias=model_alias or None)
    return Status(201, result.summary())
