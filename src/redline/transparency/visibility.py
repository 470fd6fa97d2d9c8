"""Who may see this app's records in the public ledger: imported FMTI reports and practice claims are
what the organisation publishes (everyone); a form entry follows its model's visibility."""

from __future__ import annotations


def register() -> None:
    from redline.accounts.policy import visible_filter
    from redline.ledger import describe, visibility
    from redline.transparency.models import EuFormEntry

    visibility.register("transparency.fmtireport", visibility.everyone)
    visibility.register("transparency.practiceclaim", visibility.everyone)
    visibility.register("transparency.euformentry",
                        visibility.by_filter(EuFormEntry, lambda user: visible_filter(user, prefix="model__")))
    describe.register("transparency.fmtireport", noun="FMTI report",
                      label=lambda r: f"{r.source_name} ({r.score} of 100)", related=("organisation",))
    describe.register("transparency.practiceclaim", noun="practice claim",
                      label=lambda c: f"practice {c.practice}: {c.status.replace('_', ' ')}", related=("organisation",))
    describe.register("transparency.euformentry", noun="EU form entry",
                      label=lambda e: f"item {e.item} of {e.model.name}", related=("model__organisation",))
