"""Claims about practices, in language that says what is done, partial, planned or not yet feasible.

MIRI asked that documents say precisely what is measured, what is only planned and
what is not yet feasible (DESIGN §1.1). A :class:`Claim` carries one of the four
:class:`ClaimStatus` values. *Done* and *partial* need evidence links; *planned*
and *not yet feasible* need a reason. A claim that lacks them can still be written
down in a draft, so that it can be shown and flagged: :attr:`Claim.flags` names what
is missing, and :func:`require_supported` (called before any release) refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from redline.core.errors import InvalidInput


class ClaimStatus(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_YET_FEASIBLE = "not_yet_feasible"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def needs_evidence(self) -> bool:
        return self in (ClaimStatus.DONE, ClaimStatus.PARTIAL)


#: An evidence link: an http(s) URL or a path on this redline site ("/evidence/12/").
_LINK = re.compile(r"^(https?://\S+|/\S*)$")

FLAG_DONE_WITHOUT_EVIDENCE = "stated done without evidence"
FLAG_PARTIAL_WITHOUT_EVIDENCE = "stated partial without evidence"
FLAG_NO_REASON = "no reason given"


@dataclass(frozen=True)
class Claim:
    """One statement about a practice (e.g. NIST AI 800-1 practice ``"4.1"``) and its status."""

    practice: str
    statement: str
    status: ClaimStatus
    evidence: tuple[str, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "status", ClaimStatus(self.status))
        except ValueError:
            choices = ", ".join(s.value for s in ClaimStatus)
            raise InvalidInput(f"claim {self.practice!r}: unknown status {self.status!r}; choose one of: {choices}") \
                from None
        if not str(self.practice).strip():
            raise InvalidInput("claim", "name the practice it is about")
        if not str(self.statement).strip():
            raise InvalidInput(f"claim {self.practice!r}: the statement is empty")
        links = tuple(str(e).strip() for e in self.evidence)
        for link in links:
            if not _LINK.match(link):
                raise InvalidInput(f"claim {self.practice!r}: evidence {link!r} is not a URL or a path on this site")
        object.__setattr__(self, "evidence", links)

    @property
    def flags(self) -> tuple[str, ...]:
        """What makes this claim unsupported, if anything (empty when it is fine)."""
        if self.status is ClaimStatus.DONE and not self.evidence:
            return (FLAG_DONE_WITHOUT_EVIDENCE,)
        if self.status is ClaimStatus.PARTIAL and not self.evidence:
            return (FLAG_PARTIAL_WITHOUT_EVIDENCE,)
        if not self.status.needs_evidence and not self.reason.strip():
            return (FLAG_NO_REASON,)
        return ()

    def as_dict(self) -> dict[str, Any]:
        return {"practice": self.practice, "statement": self.statement, "status": self.status.value,
                "evidence": list(self.evidence), "reason": self.reason, "flags": list(self.flags)}


def flagged(claims: Iterable[Claim]) -> list[Claim]:
    """The claims that carry a flag, in the order given."""
    return [claim for claim in claims if claim.flags]


def require_supported(claims: Iterable[Claim], *, where: str = "document") -> None:
    """Raise InvalidInput naming the first unsupported claim (done or partial without evidence, no reason)."""
    for claim in claims:
        if claim.flags:
            raise InvalidInput(where, f"claim on {claim.practice!r} is {claim.flags[0]}")


__all__ = [
    "FLAG_DONE_WITHOUT_EVIDENCE",
    "FLAG_NO_REASON",
    "FLAG_PARTIAL_WITHOUT_EVIDENCE",
    "Claim",
    "ClaimStatus",
    "flagged",
    "require_supported",
]
