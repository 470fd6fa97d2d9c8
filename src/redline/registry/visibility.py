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

    from redline.ledger import describe

    describe.register("registry.aimodel", noun="model", label=lambda m: m.name)
    describe.register("registry.deployment", noun="deployment",
                      label=lambda d: f"{d.get_mode_display()} of {d.model.name}", related=("model__organisation",))
    describe.register("registry.scopestatement", noun="scope statement",
                      label=lambda s: f"version {s.version} of {s.model.name}", related=("model__organisation",))
