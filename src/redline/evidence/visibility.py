"""How the public ledger tells who may see evaluations, stored verdicts and safeguard campaigns: whoever may see the model."""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.evidence.models import Evaluation, SafeguardCampaign, StoredVerdict
    from redline.ledger import visibility

    for model in (Evaluation, SafeguardCampaign):
        visibility.register(model._meta.label_lower,
                            visibility.by_filter(model, lambda user: visible_filter(user, prefix="model__")))
    visibility.register(StoredVerdict._meta.label_lower,
                        visibility.by_filter(StoredVerdict, lambda user: visible_filter(user, prefix="evaluation__model__")))
