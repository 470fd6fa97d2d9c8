"""How the public ledger tells who may see decisions, protocols and drills: whoever may see the model."""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.decisions.models import DecisionRecord, DeDeploymentProtocol, Drill
    from redline.ledger import visibility

    prefixes = {DecisionRecord: "model__", DeDeploymentProtocol: "deployment__model__",
                Drill: "protocol__deployment__model__"}
    for model, prefix in prefixes.items():
        visibility.register(model._meta.label_lower,
                            visibility.by_filter(model, lambda user, prefix=prefix: visible_filter(user, prefix=prefix)))

    from redline.ledger import describe

    describe.register("decisions.decisionrecord", noun="deployment decision",
                      label=lambda d: f"“{d.outcome}” for {d.model.name} ({d.mode.replace('_', ' ')})",
                      url=lambda d: f"/decisions/{d.pk}/", related=("model",))
    describe.register("decisions.dedeploymentprotocol", noun="de-deployment protocol", label=lambda p: f"“{p.name}”",
                      url=lambda p: f"/protocols/{p.pk}/")
    describe.register("decisions.drill", noun="drill", label=lambda d: f"of “{d.protocol.name}”",
                      url=lambda d: f"/protocols/{d.protocol_id}/", related=("protocol",))
