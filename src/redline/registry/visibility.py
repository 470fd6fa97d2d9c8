"""How the public ledger tells who may see models, scope statements and deployments."""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.ledger import visibility
    from redline.registry.models import AIModel, Deployment, ScopeStatement

    visibility.register("registry.aimodel", visibility.by_filter(AIModel, visible_filter))
    for model in (ScopeStatement, Deployment):
        visibility.register(model._meta.label_lower,
                            visibility.by_filter(model, lambda user: visible_filter(user, prefix="model__")))
