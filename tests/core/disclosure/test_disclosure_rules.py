"""Per-machine rules: embargo limits, flags, disputes, publication IDs and clock targets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline.core.disclosure import dispute as dp
from redline.core.disclosure import embargo as em
from redline.core.disclosure import publication as pub
from redline.core.disclosure import report as rm
from redline.core.disclosure.clocks import (
    CLOCK_TARGETS,
    ClockSnapshot,
    Deadline,
    ParticipantClock,
    Severity,
    missed_deadlines,
)
from redline.core.disclosure.flags import (
    Flag,
    FlagEvent,
    can_raise,
    flag_string,
    parse_flag_string,
    raise_flag,
)
from redline.core.errors import DisputeRefused, IllegalTransition, InvalidInput

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_embargo_end_takes_the_earliest_limit():
    assert em.embargo_end(T0) == T0 + timedelta(days=90)
    assert em.embargo_end(T0, fix_ready_at=T0 + timedelta(days=10)) == T0 + timedelta(days=40)
    assert em.embargo_end(T0, attacks_observed_at=T0 + timedelta(days=10)) == T0 + timedelta(days=17)
    assert em.embargo_end(T0, requested_end=T0 + timedelta(days=200)) == T0 + timedelta(days=90)
    assert em.embargo_end(T0, requested_end=T0 + timedelta(days=5)) == T0 + timedelta(days=5)


def test_embargo_revision_waits_for_acceptance():
    e = em.advance(em.Embargo(), em.EmbargoEvent.PROPOSE, at=T0, requested_end=T0 + timedelta(days=30))
    e = em.advance(e, em.EmbargoEvent.ACCEPT, at=T0)
    assert e.binding and e.ends_at == T0 + timedelta(days=30)
    r = em.advance(e, em.EmbargoEvent.PROPOSE_REVISION, at=T0, requested_end=T0 + timedelta(days=60))
    assert r.state is em.EmbargoState.REVISE and r.ends_at == T0 + timedelta(days=30)
    assert em.advance(r, em.EmbargoEvent.ACCEPT_REVISION, at=T0).ends_at == T0 + timedelta(days=60)
    assert em.advance(r, em.EmbargoEvent.REJECT_REVISION, at=T0).ends_at == T0 + timedelta(days=30)
    assert e.expired(T0 + timedelta(days=30)) and not e.expired(T0 + timedelta(days=29))
    x = em.advance(e, em.EmbargoEvent.TERMINATE, at=T0 + timedelta(days=3), exit_reason="fix shipped")
    assert (x.state, x.exit_reason, x.binding) == (em.EmbargoState.EXITED, "fix shipped", False)
    with pytest.raises(IllegalTransition):
        em.advance(x, em.EmbargoEvent.PROPOSE, at=T0)


def test_flags_need_their_prerequisites_and_go_up_once():
    with pytest.raises(IllegalTransition):
        raise_flag(frozenset(), FlagEvent.FIX_READY)
    f = raise_flag(frozenset(), FlagEvent.VENDOR_NOTIFIED)
    with pytest.raises(IllegalTransition):
        raise_flag(f, FlagEvent.VENDOR_NOTIFIED)
    f = raise_flag(f, FlagEvent.FIX_READY)
    assert not can_raise(f, FlagEvent.FIX_DEPLOYED, open_weights=True)
    assert flag_string(raise_flag(f, FlagEvent.EXPLOIT_PUBLISHED)) == "VFdPXa"
    assert parse_flag_string("VFdPXa") == f | {Flag.PUBLIC_AWARE, Flag.EXPLOIT_PUBLIC}
    with pytest.raises(ValueError):
        parse_flag_string("VFQ")


def test_report_duplicate_link_rules():
    s = rm.advance(rm.ReportStatus(), rm.ReportEvent.VALIDATE)
    with pytest.raises(InvalidInput):
        rm.advance(s, rm.ReportEvent.ACCEPT, duplicate_of="X")
    d = rm.advance(s, rm.ReportEvent.MARK_DUPLICATE, duplicate_of="RL-2026-00001")
    assert d.state is rm.ReportState.DEFERRED and d.duplicate_of == "RL-2026-00001"
    with pytest.raises(IllegalTransition):
        rm.advance(rm.ReportStatus(), rm.ReportEvent.ACCEPT)


def decision(outcome="upheld", rationale="The vendor's scope statement covers this behaviour."):
    return dp.Decision(outcome, rationale, "panel-1", T0)


def test_dispute_is_tagged_until_decided_and_appeals_once():
    d = dp.Dispute(filed_by="reporter", grounds="closed as invalid", filed_at=T0, vendor_answered_at=T0)
    assert d.disputed
    d = dp.advance(d, dp.DisputeEvent.BEGIN_REVIEW)
    with pytest.raises(InvalidInput, match="rationale"):
        dp.advance(d, dp.DisputeEvent.DECIDE, decision=decision(rationale="  "))
    d = dp.advance(d, dp.DisputeEvent.DECIDE, decision=decision())
    assert not d.disputed
    d = dp.advance(dp.advance(d, dp.DisputeEvent.APPEAL, grounds="The logs were misread."),
                   dp.DisputeEvent.BEGIN_REVIEW)
    assert d.disputed
    d = dp.advance(d, dp.DisputeEvent.DECIDE, decision=decision("overturned"))
    assert d.state is dp.DisputeState.FINAL and len(d.decisions) == 2 and not d.disputed
    with pytest.raises(IllegalTransition):
        dp.advance(d, dp.DisputeEvent.APPEAL)


def test_public_ids_are_formatted_parsed_and_permanent():
    assert pub.format_public_id(2026, 42) == "RL-2026-00042"
    assert pub.parse_public_id("RL-2026-123456") == (2026, 123456)
    for bad in ("RL-26-00042", "rl-2026-00042", "RL-2026-42", "CVE-2026-00042"):
        with pytest.raises(InvalidInput):
            pub.parse_public_id(bad)
    with pytest.raises(InvalidInput):
        pub.Publication("RL-2026-1", T0)
    p = pub.Publication("RL-2026-00042", T0)
    with pytest.raises(InvalidInput, match="reason"):
        pub.advance(p, pub.PublicationEvent.REJECT, at=T0)
    rejected = pub.advance(p, pub.PublicationEvent.REJECT, at=T0, reason="not reproducible")
    assert rejected.is_tombstone and rejected.public_id == "RL-2026-00042"
    published = pub.advance(p, pub.PublicationEvent.PUBLISH, at=T0)
    assert published.published_at == T0
    dup = pub.advance(published, pub.PublicationEvent.MARK_DUPLICATE, at=T0, redirect_to="RL-2026-00007")
    assert dup.redirect_to == "RL-2026-00007" and dup.public_id == "RL-2026-00042"
    with pytest.raises(InvalidInput):
        pub.advance(published, pub.PublicationEvent.MARK_DUPLICATE, at=T0, redirect_to="RL-2026-00042")
    with pytest.raises(IllegalTransition):
        pub.advance(rejected, pub.PublicationEvent.PUBLISH, at=T0)


def test_clock_targets_tighten_with_severity():
    tiers = [CLOCK_TARGETS[s] for s in Severity]
    for more, less in zip(tiers, tiers[1:], strict=False):
        assert more.acknowledge < less.acknowledge and more.triage < less.triage and more.fix < less.fix


def test_missed_deadlines_skip_done_steps_and_unneeded_fixes():
    p = ParticipantClock("acme", Severity.CRITICAL, T0, acknowledged_at=T0, triaged_at=None)
    snap = ClockSnapshot("C", (p,))
    assert missed_deadlines(snap, T0 + timedelta(hours=23)) == []
    [m] = missed_deadlines(snap, T0 + timedelta(days=4))
    assert (m.deadline, m.overdue_by) == (Deadline.TRIAGE, timedelta(days=1))
    invalid = ParticipantClock("acme", Severity.CRITICAL, T0, T0, T0, needs_fix=False)
    assert missed_deadlines(ClockSnapshot("C", (invalid,)), T0 + timedelta(days=365)) == []


def test_vendor_answers_in_writing_while_the_dispute_is_open():
    d = dp.Dispute(filed_by="reporter", grounds="closed as invalid", filed_at=T0)
    answer = dp.Statement("acme", "vendor", "The behaviour is outside our scope statement.", T0)
    d = dp.add_statement(d, answer)
    assert d.statements == (answer,) and d.vendor_answered_at == T0
    with pytest.raises(InvalidInput):
        dp.add_statement(d, dp.Statement("acme", "vendor", "   ", T0))
    decided = dp.advance(dp.advance(d, dp.DisputeEvent.BEGIN_REVIEW), dp.DisputeEvent.DECIDE, decision=decision())
    with pytest.raises(IllegalTransition):
        dp.add_statement(decided, answer)


# --- dispute preconditions (issue 10) ---------------------------------------------------


def test_a_dispute_is_filed_only_after_the_vendor_decided_or_missed_a_deadline():
    for state in (rm.ReportState.RECEIVED, rm.ReportState.VALID, rm.ReportState.ACCEPTED):
        assert "has not decided yet" in dp.filing_refusal(state)
        assert dp.filing_refusal(state, missed_deadlines=["triage"]) is None
    for state in (rm.ReportState.INVALID, rm.ReportState.DEFERRED, rm.ReportState.CLOSED):
        assert dp.filing_refusal(state) is None


def test_the_adjudicator_decides_after_the_answer_or_its_deadline():
    d = dp.advance(dp.Dispute(filed_by="reporter", grounds="closed as invalid", filed_at=T0),
                   dp.DisputeEvent.BEGIN_REVIEW)
    early = dp.Decision("upheld", "Reasons.", "panel-1", T0 + timedelta(days=13))
    with pytest.raises(DisputeRefused, match="has until 2026-01-15 to answer"):
        dp.advance(d, dp.DisputeEvent.DECIDE, decision=early)
    late = dp.Decision("upheld", "Reasons.", "panel-1", T0 + timedelta(days=14))
    assert dp.advance(d, dp.DisputeEvent.DECIDE, decision=late).state is dp.DisputeState.DECIDED
    answered = dp.add_statement(d, dp.Statement("acme", "vendor", "Out of scope.", T0 + timedelta(days=1)))
    assert dp.advance(answered, dp.DisputeEvent.DECIDE, decision=early).state is dp.DisputeState.DECIDED
    quick = dp.DisputePolicy(answer_days=3)
    assert dp.decision_refusal(d, T0 + timedelta(days=3), quick) is None


def test_outcome_is_one_of_three_and_an_appeal_needs_grounds():
    d = dp.Dispute(filed_by="reporter", grounds="g", filed_at=T0, vendor_answered_at=T0,
                   state=dp.DisputeState.UNDER_REVIEW)
    with pytest.raises(InvalidInput, match="choose one of upheld, overturned, partly upheld"):
        dp.advance(d, dp.DisputeEvent.DECIDE, decision=decision("for the reporter"))
    decided = dp.advance(d, dp.DisputeEvent.DECIDE, decision=decision("partly upheld"))
    with pytest.raises(DisputeRefused, match="an appeal needs grounds"):
        dp.advance(decided, dp.DisputeEvent.APPEAL, grounds="  ")
    appealed = dp.advance(decided, dp.DisputeEvent.APPEAL, grounds="New logs show a live tenant.")
    assert appealed.appeal_grounds == "New logs show a live tenant."
