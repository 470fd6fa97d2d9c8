"""API: the deployment gate, decision records with re-check, protocols and drills."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from redline.accounts.models import User
from redline.accounts.policy import Action, can
from redline.commitments.api import model_or_404
from redline.decisions import services
from redline.decisions.models import DecisionRecord
from redline.decisions.views import decision_dict
from redline.web.api import caller, require_write

router = Router(tags=["gate and decisions"])


class DecisionIn(Schema):
    mode: str
    outcome: str
    rationale: str
    approvers: list[str] = []


@router.get("/models/{org}/{slug}/gate", response=dict, summary="May the model be deployed in this mode, and why")
def gate(request, org: str, slug: str, mode: str):
    return services.evaluate_gate(model_or_404(request, org, slug), mode).as_dict()


@router.get("/models/{org}/{slug}/decisions", response=list[dict], summary="A model's decision records")
def list_decisions(request, org: str, slug: str):
    return [decision_dict(d) for d in model_or_404(request, org, slug).decisions.all()]


@router.post("/models/{org}/{slug}/decisions", response={201: dict}, summary="Record a decision (evidence frozen)")
def create_decision(request, org: str, slug: str, payload: DecisionIn):
    user = require_write(request)
    approvers = list(User.objects.filter(email__in=payload.approvers))
    if len(approvers) != len(set(payload.approvers)):
        from redline.core.errors import InvalidInput

        raise InvalidInput("approvers: unknown e-mail address among the approvers")
    decision = services.record_decision(user, model_or_404(request, org, slug), payload.mode, payload.outcome,
                                        payload.rationale, approvers)
    return Status(201, decision_dict(decision))


@router.get("/decisions/{pk}/recheck", response=dict, summary="Recompute the gate and list what changed")
def recheck(request, pk: int):
    decision = get_object_or_404(DecisionRecord, pk=pk)
    if not can(caller(request), Action.VIEW, decision):
        raise Http404("no such decision")
    return services.recheck(decision)
