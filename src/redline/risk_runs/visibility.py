"""How the public ledger tells who may see risk runs: whoever may see the threat profile's model."""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.ledger import visibility
    from redline.risk_runs.models import RiskRun

    visibility.register("risk_runs.riskrun",
                        visibility.by_filter(RiskRun, lambda user: visible_filter(user, prefix="profile__model__")))

    from redline.ledger import describe

    describe.register("risk_runs.riskrun", noun="risk run", label=lambda r: f"{r.pk} of “{r.profile.category}”",
                      url=lambda r: f"/risk-runs/{r.pk}/", related=("profile",))
