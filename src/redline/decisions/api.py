"""API: the deployment gate, decision records with re-check, protocols and drills."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from redline.accounts.api_auth import caller, require_write
from redline.accounts.models import User
from redline.accounts.policy import Action, can
from redline.decisions import services
from redline.decisions.models import DecisionRecord
from redline.decisions.serializers import decision_dict
from redline.http.params import RecordId
from redline.registry.lookups import visible_model

router = Router(tags=["gate and decisions"])


class DecisionIn(Schema):
    mode: str
    outcome: str
    rationale: str
    approvers: list[str] = []


@router.get("/models/{org}/{slug}/gate", response=dict, summary="May the model be deployed in this mode, and why")
def gate(request, org: str, slug: str, mode: str):
    return services.evaluate_gate(visible_model(caller(request), org, slug), mode).as_dict()


@router.get("/models/{org}/{slug}/decisions", response=list[dict], summary="A model's decision records")
def list_decisions(request, org: str, slug: str):
    return [decision_dict(d) for d in visible_model(caller(request), org, slug).decisions.all()]


@router.post("/models/{org}/{slug}/decisions", response={201: dict}, summary="Record a decision (evidence frozen)")
def create_decision(request, org: str, slug: str, payload: DecisionIn):
    user = require_write(request)
    approvers = list(User.objects.filter(email__in=payload.approvers))
    if len(approvers) != len(set(payload.approvers)):
        from redline.core.errors import InvalidInput

        raise InvalidInput("approvers", "unknown e-mail address among the approvers")
    decision = services.record_decision(user, visible_model(caller(request), org, slug), payload.mode, payload.outcome,
                                        payload.rationale, approvers)
    return Status(201, decision_dict(decision))


@router.get("/decisions/{pk}/recheck", response=dict, summary="Recompute the gate and list what changed")
def recheck(request, pk: RecordId):
    decision = get_object_or_404(DecisionRecord, pk=pk)
    if not can(caller(request), Action.VIEW, decision):
        raise Http404("no such decision")
    return services.recheck(decision)


class StepIn(Schema):
    title: str
    owner_role: str
    target_minutes: float


class ProtocolIn(Schema):
    name: str
    triggers: list[str]
    steps: list[StepIn]


class DrillIn(Schema):
    timings: list[float]
    notes: str = ""


def _protocol_dict(p) -> dict:
    return {"id": p.pk, "model": p.deployment.model.full_slug, "deployment": p.deployment_id,
            "mode": p.deployment.mode, "name": p.name, "triggers": p.triggers, "steps": p.steps,
            "drills": [{"id": d.pk, "held_at": d.held_at.isoformat(), "all_met": d.all_met, "steps": d.comparison(),
                        "notes": d.notes} for d in p.drills.all()]}


@router.post("/deployments/{pk}/protocols", response={201: dict}, summary="Add a de-deployment protocol")
def create_protocol(request, pk: RecordId, payload: ProtocolIn):
    from redline.registry.models import Deployment

    user = require_write(request)
    deployment = get_object_or_404(Deployment.objects.select_related("model"), pk=pk)
    if not can(user, Action.VIEW, deployment.model):
        raise Http404("no such deployment")
    protocol = services.create_protocol(user, deployment, payload.name, [s.dict() for s in payload.steps],
                                        payload.triggers)
    return Status(201, _protocol_dict(protocol))


@router.get("/protocols/{pk}", response=dict, summary="A protocol with its drills compared with the targets")
def get_protocol(request, pk: RecordId):
    from redline.decisions.models import DeDeploymentProtocol

    protocol = get_object_or_404(DeDeploymentProtocol.objects.select_related("deployment__model"), pk=pk)
    if not can(caller(request), Action.VIEW, protocol):
        raise Http404("no such protocol")
    return _protocol_dict(protocol)


@router.post("/protocols/{pk}/drills", response={201: dict}, summary="Record a drill's step timings (minutes)")
def record_drill(request, pk: RecordId, payload: DrillIn):
    from redline.decisions.models import DeDeploymentProtocol

    user = require_write(request)
    protocol = get_object_or_404(DeDeploymentProtocol.objects.select_related("deployment__model"), pk=pk)
    if not can(user, Action.VIEW, protocol):
        raise Http404("no such protocol")
    services.record_drill(user, protocol, payload.timings, notes=payload.notes)
    return Status(201, _protocol_dict(protocol))
