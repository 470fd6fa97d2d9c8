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

    from redline.ledger import describe

    describe.register("commitments.commitment", noun="commitment", label=lambda c: f"“{c.name}” on {c.model.name}",
                      related=("model",))
    describe.register("commitments.commitmentversion", noun="commitment",
                      label=lambda v: f"“{v.commitment.name}” version {v.number}", related=("commitment",))
    describe.register("commitments.approval", noun="approval",
                      label=lambda a: f"of “{a.version.commitment.name}” version {a.version.number} by "
                                      f"{a.organisation.name}",
                      related=("version__commitment", "organisation"))
    describe.register("commitments.comment", noun="comment",
                      label=lambda c: f"on “{c.version.commitment.name}” version {c.version.number}",
                      related=("version__commitment",))
    describe.register("commitments.threatprofile", noun="threat profile",
                      label=lambda t: f"{t.category} on {t.model.name}", url=lambda t: f"/threat-profiles/{t.pk}/",
                      related=("model",))
    describe.register("commitments.reviewerkey", noun="reviewer key",
                      label=lambda k: f"{k.fingerprint} of {k.organisation.name}", url=lambda k: "/commitments/keys/",
                      related=("organisation",))
