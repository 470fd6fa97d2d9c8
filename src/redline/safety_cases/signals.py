"""Evidence changes reach safety cases at once: a saved record refreshes its model's cases after commit.

Connected in ``AppConfig.ready`` to ``post_save`` of the records a Solution can be bound to
(evaluations, safeguard campaigns, risk runs, decisions, drills) and of commitment versions
(a red line entering into force changes its verdict). The refresh runs once per model per
transaction, after it commits, and only for models that have cases.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

_PENDING: set[int] = set()


def _model_of(instance):
    for path in ("model", "profile.model", "commitment.model", "protocol.deployment.model"):
        obj = instance
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None and getattr(obj, "pk", None):
            return obj
    return None


def _schedule(model) -> None:
    from redline.safety_cases.models import SafetyCase

    if model.pk in _PENDING or not SafetyCase.objects.filter(model=model).exists():
        return
    _PENDING.add(model.pk)

    def run(pk=model.pk):
        _PENDING.discard(pk)
        from redline.ledger.services import acting_as
        from redline.registry.models import AIModel
        from redline.safety_cases.services import refresh_model

        target = AIModel.objects.filter(pk=pk).first()
        if target is not None:
            with acting_as("system"), transaction.atomic():
                refresh_model(target)

    transaction.on_commit(run)


def evidence_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    model = _model_of(instance)
    if model is not None:
        _schedule(model)


def case_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A new case starts the refresh clock (after commit) when no pass is pending."""
    if created and not raw:
        from redline.safety_cases.clock import ensure_refresh_scheduled

        transaction.on_commit(ensure_refresh_scheduled)


def connect() -> None:
    from redline.commitments.models import CommitmentVersion
    from redline.decisions.models import DecisionRecord, Drill
    from redline.evidence.models import Evaluation, SafeguardCampaign
    from redline.risk_runs.models import RiskRun
    from redline.safety_cases.models import SafetyCase

    post_save.connect(case_created, sender=SafetyCase, dispatch_uid="safety_cases.case_created")
    for sender in (Evaluation, SafeguardCampaign, RiskRun, DecisionRecord, Drill, CommitmentVersion):
        post_save.connect(evidence_saved, sender=sender, dispatch_uid=f"safety_cases.{sender._meta.label_lower}")
