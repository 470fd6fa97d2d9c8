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
