"""When a case's advisory may be published, and what it then says about each vendor.

Publication respects the case.  While an embargo holds (active, under revision, or
proposed and not declined) the advisory may be published only when

- the embargo's end has come (attacks seen in the wild pull it to 7 days), or
- the flaw or an exploit is already public, or
- a coordinator ends the embargo early, with a written reason that is published
  with the advisory.

A vendor publishes only about its own product (a vendor on the case that accepted
the report) and, in a multi-vendor case, only when every other vendor has a fix
ready, has agreed to the publication, or has said it is not affected — whether
or not an embargo was agreed.  The rules are the table :data:`GROUNDS` plus
:func:`blocking_vendors`; :func:`check_release` applies them and raises
:class:`~redline.core.errors.EmbargoBinds` with the reason in words, and
:func:`release_refusal` answers the same question without raising, for pages
that list what each party may do now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from redline.core.disclosure import report as rm
from redline.core.disclosure.case import (
    COORDINATOR,
    EARLY_PREFIX,
    Case,
    Participant,
    vendor_party,
    written_reason,
)
from redline.core.disclosure.embargo import EmbargoState
from redline.core.disclosure.flags import Flag
from redline.core.errors import EmbargoBinds, PermissionDenied


class VendorStatus(StrEnum):
    """What a multi-vendor advisory says of each vendor."""

    AFFECTED = "affected"
    NOT_AFFECTED = "not affected"
    FIX_READY = "fix ready"
    FIX_DEPLOYED = "fix deployed"
    NO_RESPONSE = "no response"


#: What each status means, for the advisory page and docs/disclosure.md.
VENDOR_STATUS_MEANING = {
    VendorStatus.AFFECTED: "the vendor confirmed the flaw (accepted or deferred the report) and has no fix yet",
    VendorStatus.NOT_AFFECTED: "the vendor judged the report invalid for its product",
    VendorStatus.FIX_READY: "the vendor has a fix ready",
    VendorStatus.FIX_DEPLOYED: "the vendor's fix is deployed",
    VendorStatus.NO_RESPONSE: "the vendor has not said whether it is affected (it has not triaged the report)",
}


def vendor_status(p: Participant) -> VendorStatus:
    """One vendor's status from its flags and report state; silence is "no response", never "not affected"."""
    if Flag.FIX_DEPLOYED in p.flags:
        return VendorStatus.FIX_DEPLOYED
    if Flag.FIX_READY in p.flags:
        return VendorStatus.FIX_READY
    if p.report.state is rm.ReportState.RECEIVED:
        return VendorStatus.NO_RESPONSE
    if p.report.state is rm.ReportState.INVALID or (p.report.state is rm.ReportState.CLOSED
                                                    and not p.report.ever_accepted):
        return VendorStatus.NOT_AFFECTED
    return VendorStatus.AFFECTED


class Ground(StrEnum):
    """Why publication is allowed now."""

    NO_EMBARGO = "no_embargo"
    EMBARGO_ENDED = "embargo_ended"
    ALREADY_PUBLIC = "already_public"
    COORDINATOR_EARLY = "coordinator_early"
    VENDOR_EARLY = "vendor_early"


#: Each ground in words, as the advisory states it.
GROUNDS = {
    Ground.NO_EMBARGO: "no embargo was agreed on the case",
    Ground.EMBARGO_ENDED: "the embargo reached its agreed end",
    Ground.ALREADY_PUBLIC: "the flaw or an exploit was already public",
    Ground.COORDINATOR_EARLY: "a coordinator ended the embargo early",
    Ground.VENDOR_EARLY: "a vendor published about its own product before the embargo's end, with every other "
                         "vendor's agreement or fix",
}


@dataclass(frozen=True)
class VendorLine:
    """One vendor's line on the advisory."""

    vendor: str
    status: VendorStatus
    statement: str | None = None


@dataclass(frozen=True)
class Release:
    """A publication the case allows: its ground, the date agreed on the case, and each vendor's line."""

    ground: Ground
    at: datetime
    agreed_end: datetime | None = None
    """The embargo's end as agreed (or proposed) on the case: the one publication date for every vendor."""
    early_reason: str | None = None
    """A coordinator's written reason for ending the embargo early (published)."""
    vendors: tuple[VendorLine, ...] = ()

    @property
    def basis(self) -> str:
        """The ground in words, with the coordinator's reason when there is one."""
        text = GROUNDS[self.ground]
        return f"{text}: {self.early_reason}" if self.early_reason else text


def vendor_lines(case: Case) -> tuple[VendorLine, ...]:
    """Every vendor on the case with its status and statement, in the case's order."""
    return tuple(VendorLine(p.vendor, vendor_status(p), p.statement) for p in case.participants)


def _own_vendors(case: Case, parties: frozenset[str]) -> list[Participant]:
    return [p for p in case.participants if vendor_party(p.vendor) in parties]


def blocking_vendors(case: Case, publishers: list[str]) -> list[Participant]:
    """The other vendors that hold a vendor's publication back: no fix ready, no agreement, not "not affected"."""
    clear = {VendorStatus.FIX_READY, VendorStatus.FIX_DEPLOYED, VendorStatus.NOT_AFFECTED}
    return [p for p in case.participants if p.vendor not in publishers and p.publish_agreed_at is None
            and vendor_status(p) not in clear]


def _names(parts: list[Participant], names: Mapping[str, str]) -> str:
    shown = [names.get(p.vendor, p.vendor) for p in parts]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def check_release(case: Case, *, parties: frozenset[str], now: datetime, reason: str | None = None,
                  names: Mapping[str, str] | None = None) -> Release:
    """The release the case allows to ``parties`` now, or EmbargoBinds saying why not and what would allow it.

    ``reason`` is a coordinator's written reason for ending a holding embargo early; ``names`` maps vendor
    slugs to the names the refusal uses.
    """
    names = names or {}
    reason = written_reason(reason) or None
    e = case.embargo
    lines = vendor_lines(case)
    coordinator = COORDINATOR in parties
    own = [p.vendor for p in _own_vendors(case, parties) if p.report.ever_accepted]
    if not coordinator and not own:
        raise PermissionDenied("only a coordinator, or a vendor on the case that accepted the report, publishes "
                               "its advisory (a vendor publishes only about its own product)")
    if case.public:
        return Release(Ground.ALREADY_PUBLIC, now, None, None, lines)
    until = f" until {e.ends_at.date().isoformat()}" if e.ends_at else ""
    if e.holds and not e.over(now):
        if coordinator:
            if not reason:
                agreed = "proposed" if e.state is EmbargoState.PROPOSED else "agreed"
                raise EmbargoBinds("publish", f"the embargo {agreed} on this case runs{until}. To publish before "
                                              "then, write why it ends early; the reason is published with the "
                                              "advisory")
            return Release(Ground.COORDINATOR_EARLY, now, e.ends_at, reason, lines)
        blockers = blocking_vendors(case, own)
        if blockers:
            raise EmbargoBinds("publish", f"the embargo on this case runs{until}, and {_names(blockers, names)} "
                                          f"{_has(blockers)} neither a fix ready nor agreed to early publication. "
                                          f"Wait for the embargo's end, ask {_names(blockers, names)} to agree, or ask "
                                          "a coordinator to end the embargo early")
        return Release(Ground.VENDOR_EARLY, now, e.ends_at, None, lines)
    if e.holds:  # its end has come
        return Release(Ground.EMBARGO_ENDED, now, e.ends_at, None, lines)
    if e.state is EmbargoState.EXITED:
        early = (e.exit_reason or "").startswith(EARLY_PREFIX)
        return Release(Ground.COORDINATOR_EARLY if early else Ground.EMBARGO_ENDED, now, e.ends_at,
                       (e.exit_reason or "").removeprefix(EARLY_PREFIX) or None if early else None, lines)
    blockers = [] if coordinator else blocking_vendors(case, own)
    if blockers:
        raise EmbargoBinds("publish", f"{_names(blockers, names)} {'is' if len(blockers) == 1 else 'are'} on this case "
                                      f"too and {_has(blockers)} neither a fix ready nor agreed to publication: "
                                      "a vendor publishes about other vendors' products only with their "
                                      f"agreement or fix. Ask {_names(blockers, names)} to agree, or ask a coordinator "
                                      "to publish")
    return Release(Ground.NO_EMBARGO, now, None, None, lines)


def _has(parts: list[Participant]) -> str:
    return "has" if len(parts) == 1 else "have"


def release_refusal(case: Case, *, parties: frozenset[str], now: datetime, reason: str | None = None,
                    names: Mapping[str, str] | None = None) -> str | None:
    """Why ``parties`` may not publish now, in words, or None when they may (for "legal actions now")."""
    try:
        check_release(case, parties=parties, now=now, reason=reason, names=names)
    except EmbargoBinds as exc:
        return exc.explanation
    except PermissionDenied as exc:
        return str(exc)
    return None


def needs_early_reason(case: Case, *, now: datetime) -> bool:
    """True when a coordinator must write a reason to publish now (an embargo holds and has not ended)."""
    return not case.public and case.embargo.holds and not case.embargo.over(now)
