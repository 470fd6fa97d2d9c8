"""The case page's vendor status (pure): "not yet checked" until the acknowledge deadline, then "no response"."""

from datetime import UTC, datetime, timedelta

from redline.core.disclosure import report as rm
from redline.core.disclosure.case import Participant
from redline.core.disclosure.clocks import CLOCK_TARGETS, Severity
from redline.core.disclosure.flags import Flag
from redline.core.disclosure.vendor_status import CaseVendorStatus, case_vendor_status

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_silence_is_not_yet_checked_until_the_acknowledge_deadline_then_no_response():
    p = Participant("acme", received_at=T0, severity=Severity.CRITICAL)
    due = T0 + CLOCK_TARGETS[Severity.CRITICAL].acknowledge
    assert case_vendor_status(p, due) is CaseVendorStatus.NOT_YET_CHECKED
    assert case_vendor_status(p, due + timedelta(seconds=1)) is CaseVendorStatus.NO_RESPONSE
    acked = Participant("acme", received_at=T0, severity=Severity.CRITICAL, acknowledged_at=T0,
                        flags=frozenset({Flag.VENDOR_AWARE}))
    assert case_vendor_status(acked, due + timedelta(days=30)) is CaseVendorStatus.NOT_YET_CHECKED


def test_an_answer_gives_the_advisory_status():
    late = T0 + timedelta(days=400)
    accepted = Participant("acme", received_at=T0, report=rm.ReportStatus(rm.ReportState.ACCEPTED, None, True))
    invalid = Participant("acme", received_at=T0, report=rm.ReportStatus(rm.ReportState.INVALID))
    fixed = Participant("acme", received_at=T0, flags=frozenset({Flag.FIX_READY}))
    assert [case_vendor_status(p, late) for p in (accepted, invalid, fixed)] == [
        CaseVendorStatus.AFFECTED, CaseVendorStatus.NOT_AFFECTED, CaseVendorStatus.FIX_READY]
