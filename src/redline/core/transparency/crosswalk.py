"""The FMTI crosswalk: which redline records can satisfy which of the 100 indicators, and how.

Each :class:`Rule` names one indicator of the Dec 2025 index, the facts keys it reads
(:mod:`.facts`), what must be on record in words, and a function that either returns
a :class:`Fill` (the disclosure text and references built from those records) or
``None`` when the records fall short of what FMTI's notes ask for. A rule never
guesses: "no bug bounty on record" is not evidence that there is none, so rules only
ever fill positive disclosures.

``Rule.origin`` says where the records come from: ``"records"`` for tables redline
keeps today, ``"documents"`` for sections of a released governance card, and
``"supply_chain"`` for the registry fields the issue adds (data origins, architecture,
compute). :data:`RULES` is keyed by indicator number; docs/transparency.md lists them.
"""

from __future__ import annotations

from redline.core.transparency import _rules_downstream, _rules_model, _rules_upstream  # noqa: F401  (register)
from redline.core.transparency._rulebook import ORIGINS, RULES, Fill, Rule, modalities
from redline.core.transparency.facts import Facts, check_facts


def satisfy(facts: Facts) -> dict[int, Fill]:
    """Every indicator the records satisfy, with its fill."""
    facts = check_facts(facts)
    out = {}
    for number, r in sorted(RULES.items()):
        fill = r.fill(facts)
        if fill is not None:
            out[number] = fill
    return out


__all__ = ["ORIGINS", "RULES", "Fill", "Rule", "modalities", "satisfy"]
