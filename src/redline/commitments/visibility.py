"""How the public ledger tells who may see threat profiles and commitments: whoever may see the model.

Reviewer keys are public (anyone checks an approval's signature with them).
"""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.commitments import models
    from redline.ledger import visibility

    prefixes = {models.ThreatProfile: "model__", models.Commitment: "model__",
                models.CommitmentVersion: "commitment__model__", models.Comment: "version__commitment__model__",
                models.Approval: "version__commitment__model__"}
    for model, prefix in prefixes.items():
        visibility.register(model._meta.label_lower,
                            visibility.by_filter(model, lambda user, prefix=prefix: visible_filter(user, prefix=prefix)))
    visibility.register("commitments.reviewerkey", visibility.everyone)
