"""The Common Use Enumeration is public, entries and proposals alike: the ledger shows them to everyone."""

from __future__ import annotations


def register() -> None:
    from redline.ledger import visibility

    for label in ("enumeration.cueentry", "enumeration.cueproposal"):
        visibility.register(label, visibility.everyone)

    from redline.ledger import describe

    describe.register("enumeration.cueentry", noun="CUE entry", label=str)
    describe.register("enumeration.cueproposal", noun="CUE proposal", label=lambda p: f"{p.pk}")
