"""Publication of advisories: reserved ID → published / rejected (tombstone) / withdrawn.

Public IDs look like ``RL-2026-00042`` and are permanent: no transition changes
or frees an ID.  A rejected or withdrawn ID stays as a tombstone with its
reason; a duplicate redirects to its original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from redline.core.errors import InvalidInput
from redline.core.statemachine import StateMachine

PUBLIC_ID_RE = re.compile(r"^RL-(?P<year>\d{4})-(?P<seq>\d{5,})$")


class PublicationState(StrEnum):
    """Public life of an advisory ID."""

    RESERVED = "reserved"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


class PublicationEvent(StrEnum):
    """Moves of an advisory ID."""

    PUBLISH = "publish"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    MARK_DUPLICATE = "mark_duplicate"


PS, PE = PublicationState, PublicationEvent

#: Why each event is refused, in words.
PUBLICATION_REASONS: dict[PublicationEvent, str] = {
    PE.PUBLISH: "an advisory can be published only once, from its reserved ID",
    PE.REJECT: "an ID can be rejected only before its advisory is published",
    PE.WITHDRAW: "only a published advisory can be withdrawn",
    PE.MARK_DUPLICATE: "only a reserved or published advisory can be marked a duplicate",
}

PUBLICATION_MACHINE: StateMachine[PublicationState, PublicationEvent] = StateMachine(
    name="publication",
    initial=PS.RESERVED,
    transitions={
        (PS.RESERVED, PE.PUBLISH): PS.PUBLISHED,
        (PS.RESERVED, PE.REJECT): PS.REJECTED,
        (PS.RESERVED, PE.MARK_DUPLICATE): PS.DUPLICATE,
        (PS.PUBLISHED, PE.WITHDRAW): PS.WITHDRAWN,
        (PS.PUBLISHED, PE.MARK_DUPLICATE): PS.DUPLICATE,
    },
    terminal=frozenset({PS.REJECTED, PS.WITHDRAWN, PS.DUPLICATE}),
    reasons=PUBLICATION_REASONS,
)


def format_public_id(year: int, sequence: int) -> str:
    """``format_public_id(2026, 42) == "RL-2026-00042"``; sequences past 99999 just grow wider."""
    if not 1000 <= year <= 9999 or sequence < 1:
        raise InvalidInput(f"public id: bad year {year} or sequence {sequence}")
    return f"RL-{year:04d}-{sequence:05d}"


def parse_public_id(public_id: str) -> tuple[int, int]:
    """Return ``(year, sequence)`` of a public ID, or raise InvalidInput."""
    match = PUBLIC_ID_RE.match(public_id)
    if match is None:
        raise InvalidInput(f"public id: {public_id!r} is not of the form RL-YYYY-NNNNN")
    return int(match["year"]), int(match["seq"])


@dataclass(frozen=True)
class Publication:
    """An advisory ID and its public state; ``reason`` is the tombstone text, ``redirect_to`` the original."""

    public_id: str
    reserved_at: datetime
    state: PublicationState = PublicationState.RESERVED
    published_at: datetime | None = None
    reason: str | None = None
    redirect_to: str | None = None

    def __post_init__(self) -> None:
        parse_public_id(self.public_id)

    @property
    def is_tombstone(self) -> bool:
        """True for a rejected or withdrawn ID, shown as a tombstone with its reason."""
        return self.state in (PublicationState.REJECTED, PublicationState.WITHDRAWN)


def advance(
    publication: Publication,
    event: PublicationEvent,
    *,
    at: datetime,
    reason: str | None = None,
    redirect_to: str | None = None,
) -> Publication:
    """Apply ``event``; reject and withdraw need a reason, mark_duplicate a different valid public ID."""
    if event in (PublicationEvent.REJECT, PublicationEvent.WITHDRAW) and not (reason and reason.strip()):
        raise InvalidInput("reason", f"'{event.value}' needs a tombstone reason")
    if event is PublicationEvent.MARK_DUPLICATE:
        if redirect_to is None:
            raise InvalidInput("redirect_to", "a duplicate must redirect to its original")
        parse_public_id(redirect_to)
        if redirect_to == publication.public_id:
            raise InvalidInput("redirect_to", "an advisory cannot duplicate itself")
    new_state = PUBLICATION_MACHINE.apply(publication.state, event)
    return replace(
        publication,
        state=new_state,
        published_at=at if event is PublicationEvent.PUBLISH else publication.published_at,
        reason=reason if reason is not None else publication.reason,
        redirect_to=redirect_to if event is PublicationEvent.MARK_DUPLICATE else publication.redirect_to,
    )
