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

    from redline.ledger import describe

    def evidence_url(e):
        return f"/models/{e.model.full_slug}/evidence/"

    describe.register("evidence.evaluation", noun="evaluation", label=lambda e: f"{e} on {e.model.name}",
                      url=evidence_url, related=("model__organisation",))
    describe.register("evidence.safeguardcampaign", noun="safeguard test",
                      label=lambda c: f"of “{c.safeguard}” on {c.model.name}", url=evidence_url,
                      related=("model__organisation",))
    describe.register("evidence.storedverdict", noun="verdict",
                      label=lambda v: f"“{v.status.replace('_', ' ')}” of “{v.version.commitment.name}” version "
                                      f"{v.version.number}", related=("version__commitment",))
