"""What the case page says of each vendor while the case runs, beside what an advisory would say.

An advisory is written once the case ends, so a vendor that never triaged is "no response" there
(:func:`redline.core.disclosure.release.vendor_status`). While the case runs, silence is ambiguous
until the vendor's acknowledge deadline passes (VINCE's users complained of exactly that): a vendor
is "not yet checked" until it has said whether it is affected, and "no response" once its
acknowledge deadline passed without an acknowledgement.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from redline.core.disclosure import report as rm
from redline.core.disclosure.case import Participant
from redline.core.disclosure.clocks import CLOCK_TARGETS, ClockTargets, Severity
from redline.core.disclosure.flags import Flag
from redline.core.disclosure.release import vendor_status


class CaseVendorStatus(StrEnum):
    """A vendor's status on the case page (the advisory's statuses plus "not yet checked")."""

    NOT_YET_CHECKED = "not yet checked"
    NO_RESPONSE = "no response"
    AFFECTED = "affected"
    NOT_AFFECTED = "not affected"
    FIX_READY = "fix ready"
    FIX_DEPLOYED = "fix deployed"


#: What each status means on the case page (docs/disclosure.md shows this table; a test compares them).
CASE_STATUS_MEANING = {
    CaseVendorStatus.NOT_YET_CHECKED: "the vendor has not yet said whether it is affected, and its acknowledge "
                                      "deadline has not passed (or it acknowledged the report and is checking)",
    CaseVendorStatus.NO_RESPONSE: "the vendor's acknowledge deadline passed and it has not acknowledged the report",
    CaseVendorStatus.AFFECTED: "the vendor confirmed the flaw (accepted or deferred the report) and has no fix yet",
    CaseVendorStatus.NOT_AFFECTED: "the vendor judged the report invalid for its product",
    CaseVendorStatus.FIX_READY: "the vendor has a fix ready",
    CaseVendorStatus.FIX_DEPLOYED: "the vendor's fix is deployed",
}


def case_vendor_status(p: Participant, at: datetime,
                       targets: dict[Severity, ClockTargets] = CLOCK_TARGETS) -> CaseVendorStatus:
    """``p``'s status at ``at``: a vendor that has not triaged is "not yet checked" until its acknowledge
    deadline (from ``targets`` by its severity) passes unacknowledged, then "no response"."""
    if p.report.state is rm.ReportState.RECEIVED and not p.flags & {Flag.FIX_READY, Flag.FIX_DEPLOYED}:
        if p.acknowledged_at is None and at > p.received_at + targets[p.severity].acknowledge:
            return CaseVendorStatus.NO_RESPONSE
        return CaseVendorStatus.NOT_YET_CHECKED
    return CaseVendorStatus(vendor_status(p).value)
