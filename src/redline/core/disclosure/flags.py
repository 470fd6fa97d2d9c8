"""Case state flags vfd·pxa, after Vultron's CS model.

``vfd`` (vendor aware, fix ready, fix deployed) belong to each vendor
participant; ``pxa`` (public aware, exploit public, attacks observed) to the
whole case.  Flags only ever go up.  The rules are a table: each event sets one
flag and names the flags it requires; for open-weight models "fix deployed"
can never hold, because weights already released cannot be patched.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from redline.core.errors import IllegalTransition


class Flag(StrEnum):
    """The six Vultron case-state flags; upper-case letter = set."""

    VENDOR_AWARE = "V"
    FIX_READY = "F"
    FIX_DEPLOYED = "D"
    PUBLIC_AWARE = "P"
    EXPLOIT_PUBLIC = "X"
    ATTACKS_OBSERVED = "A"


class FlagEvent(StrEnum):
    """Events that raise one flag each."""

    VENDOR_NOTIFIED = "vendor_notified"
    FIX_READY = "fix_ready"
    FIX_DEPLOYED = "fix_deployed"
    MADE_PUBLIC = "made_public"
    EXPLOIT_PUBLISHED = "exploit_published"
    ATTACKS_OBSERVED = "attacks_observed"


@dataclass(frozen=True)
class FlagRule:
    """What an event sets, what must already be set, and whether the flag is per vendor."""

    sets: Flag
    requires: frozenset[Flag]
    per_vendor: bool
    #: Why the event is refused when a required flag is missing, in words.
    why: str = ""


FLAG_RULES: dict[FlagEvent, FlagRule] = {
    FlagEvent.VENDOR_NOTIFIED: FlagRule(Flag.VENDOR_AWARE, frozenset(), per_vendor=True),
    FlagEvent.FIX_READY: FlagRule(Flag.FIX_READY, frozenset({Flag.VENDOR_AWARE}), per_vendor=True,
                                  why="a fix can be ready only once the vendor is aware of the report"),
    FlagEvent.FIX_DEPLOYED: FlagRule(Flag.FIX_DEPLOYED, frozenset({Flag.FIX_READY}), per_vendor=True,
                                     why="a fix can be deployed only after it is ready"),
    FlagEvent.MADE_PUBLIC: FlagRule(Flag.PUBLIC_AWARE, frozenset(), per_vendor=False),
    # An exploit in public means the public knows of the flaw too (Vultron: X implies P).
    FlagEvent.EXPLOIT_PUBLISHED: FlagRule(Flag.EXPLOIT_PUBLIC, frozenset(), per_vendor=False),
    FlagEvent.ATTACKS_OBSERVED: FlagRule(Flag.ATTACKS_OBSERVED, frozenset(), per_vendor=False),
}

VENDOR_FLAGS = frozenset({Flag.VENDOR_AWARE, Flag.FIX_READY, Flag.FIX_DEPLOYED})
CASE_FLAGS = frozenset({Flag.PUBLIC_AWARE, Flag.EXPLOIT_PUBLIC, Flag.ATTACKS_OBSERVED})
#: What a flag that is already set means, for refusing to set it twice.
ALREADY: dict[Flag, str] = {
    Flag.VENDOR_AWARE: "the vendor has already acknowledged the report",
    Flag.FIX_READY: "the fix is already marked ready",
    Flag.FIX_DEPLOYED: "the fix is already marked deployed",
    Flag.PUBLIC_AWARE: "the flaw is already marked public",
    Flag.EXPLOIT_PUBLIC: "an exploit is already marked public",
    Flag.ATTACKS_OBSERVED: "attacks in the wild are already recorded",
}
OPEN_WEIGHTS_WHY = ("a fix cannot be deployed for an open-weight model: weights already released cannot be "
                    "recalled")
_ORDER = (Flag.VENDOR_AWARE, Flag.FIX_READY, Flag.FIX_DEPLOYED,
          Flag.PUBLIC_AWARE, Flag.EXPLOIT_PUBLIC, Flag.ATTACKS_OBSERVED)


def raise_flag(flags: frozenset[Flag], event: FlagEvent, *, open_weights: bool = False) -> frozenset[Flag]:
    """Return ``flags`` with the flag ``event`` sets; raise IllegalTransition when it is not allowed.

    ``flags`` is the union of the vendor's vfd and the case's pxa.  Setting a
    flag twice is illegal, so a replayed message is caught rather than ignored.
    """
    rule = FLAG_RULES[event]
    state = flag_string(flags)
    if rule.sets in flags:
        raise IllegalTransition("flags", state, event.value, ALREADY[rule.sets])
    if not rule.requires <= flags:
        raise IllegalTransition("flags", state, event.value, rule.why or None)
    if open_weights and rule.sets is Flag.FIX_DEPLOYED:
        raise IllegalTransition("flags (open weights)", state, event.value, OPEN_WEIGHTS_WHY)
    added = {rule.sets}
    if rule.sets is Flag.EXPLOIT_PUBLIC:
        added.add(Flag.PUBLIC_AWARE)
    return flags | added


def can_raise(flags: frozenset[Flag], event: FlagEvent, *, open_weights: bool = False) -> bool:
    """True when :func:`raise_flag` would succeed."""
    try:
        raise_flag(flags, event, open_weights=open_weights)
    except IllegalTransition:
        return False
    return True


def flag_string(flags: frozenset[Flag]) -> str:
    """Vultron's notation, e.g. ``VFdPxa``: upper case = set, lower case = not set."""
    return "".join(f.value if f in flags else f.value.lower() for f in _ORDER)


def parse_flag_string(text: str) -> frozenset[Flag]:
    """Inverse of :func:`flag_string`."""
    if len(text) != len(_ORDER) or text.upper() != "".join(f.value for f in _ORDER):
        raise ValueError(f"not a vfdpxa flag string: {text!r}")
    return frozenset(f for f, ch in zip(_ORDER, text, strict=True) if ch.isupper())


def markdown_table() -> str:
    """The flag rules as a Markdown table (used by docs/disclosure.md, checked by a test)."""
    lines = ["| event | sets | requires | scope |", "|---|---|---|---|"]
    for event, rule in FLAG_RULES.items():
        requires = ", ".join(sorted(f.value for f in rule.requires)) or "—"
        name = rule.sets.name.lower().replace("_", " ")
        lines.append(f"| {event.value} | {rule.sets.value} ({name}) | {requires} | "
                     f"{'vendor' if rule.per_vendor else 'case'} |")
    return "\n".join(lines)
