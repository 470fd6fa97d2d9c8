"""The multi-vendor case aggregate: rules joining the machines, and invariants under random events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.core.disclosure.case import (
    VENDOR_ACTIONS,
    Action,
    CaseEvent,
    add_participant,
    apply,
    clock_snapshot,
    for_vendor,
    open_case,
    violations,
)
from redline.core.disclosure.clocks import Deadline, missed_deadlines
from redline.core.disclosure.embargo import EmbargoState
from redline.core.disclosure.flags import Flag
from redline.core.disclosure.report import ReportState
from redline.core.errors import EmbargoTooLong, IllegalTransition, InvalidInput

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
VENDORS = ["acme", "globex", "openlab"]


def ev(action, days=0.0, vendor=None, **kw):
    return CaseEvent(action, T0 + timedelta(days=days), vendor=vendor, **kw)


def run(case, *events):
    for e in events:
        case = apply(case, e)
        assert violations(case) == []
    return case


def new_case():
    return open_case("C-1", T0, VENDORS, open_weights=frozenset({"openlab"}))


def test_happy_path_embargo_fix_and_publication():
    case = run(
        new_case(),
        ev(Action.ACKNOWLEDGE, 0.1, "acme"),
        ev(Action.VALIDATE, 1, "acme"),
        ev(Action.ACCEPT, 2, "acme"),
        ev(Action.PROPOSE_EMBARGO, 2),
        ev(Action.ACCEPT_EMBARGO, 3),
    )
    assert case.embargo.state is EmbargoState.ACTIVE
    assert case.embargo.ends_at == T0 + timedelta(days=2 + 90)
    case = run(case, ev(Action.FIX_READY, 10, "acme"))
    # acme is the only accepted vendor: 30 days after its fix
    assert case.embargo.ends_at == T0 + timedelta(days=40)
    assert case.state_string("acme") == "VFdpxa"
    case = run(case, ev(Action.FIX_DEPLOYED, 11, "acme"), ev(Action.MADE_PUBLIC, 20, reason="on a blog"))
    assert case.embargo.state is EmbargoState.EXITED
    assert case.embargo.exit_reason == "the flaw became public: on a blog"
    assert case.state_string("acme") == "VFDPxa"
    assert case.state_string("globex") == "vfdPxa"


def test_fix_ready_needs_the_vendors_report_accepted():
    case = run(new_case(), ev(Action.VALIDATE, 1, "acme"))
    with pytest.raises(IllegalTransition, match="only after the vendor has accepted the report"):
        apply(case, ev(Action.FIX_READY, 2, "acme"))


def test_open_weights_can_never_have_a_deployed_fix():
    case = run(new_case(), ev(Action.VALIDATE, 1, "openlab"), ev(Action.ACCEPT, 1, "openlab"),
               ev(Action.FIX_READY, 2, "openlab"))
    with pytest.raises(IllegalTransition, match="open-weight model"):
        apply(case, ev(Action.FIX_DEPLOYED, 3, "openlab"))


def test_exploit_public_exits_the_embargo_and_blocks_a_new_one():
    case = run(new_case(), ev(Action.PROPOSE_EMBARGO, 0), ev(Action.ACCEPT_EMBARGO, 1),
               ev(Action.EXPLOIT_PUBLISHED, 5, reason="exploit kit for sale"))
    assert case.embargo.state is EmbargoState.EXITED
    assert {Flag.PUBLIC_AWARE, Flag.EXPLOIT_PUBLIC} <= case.case_flags
    with pytest.raises(IllegalTransition):
        apply(case, ev(Action.PROPOSE_EMBARGO, 6))


def test_public_drops_a_pending_proposal():
    case = run(new_case(), ev(Action.PROPOSE_EMBARGO, 0), ev(Action.MADE_PUBLIC, 1, reason="a news story"))
    assert case.embargo.state is EmbargoState.NONE
    with pytest.raises(IllegalTransition):
        apply(case, ev(Action.PROPOSE_EMBARGO, 2))


def test_attacks_in_the_wild_cut_the_embargo_to_seven_days():
    case = run(new_case(), ev(Action.PROPOSE_EMBARGO, 0), ev(Action.ACCEPT_EMBARGO, 1),
               ev(Action.ATTACKS_OBSERVED, 4))
    assert case.embargo.ends_at == T0 + timedelta(days=11)
    with pytest.raises(EmbargoTooLong, match="7 days after misuse was seen"):  # refused, not cut short
        apply(case, ev(Action.PROPOSE_REVISION, 5, requested_end=T0 + timedelta(days=60)))
    later = run(case, ev(Action.PROPOSE_REVISION, 5, requested_end=T0 + timedelta(days=10)),
                ev(Action.ACCEPT_REVISION, 6))
    assert later.embargo.ends_at == T0 + timedelta(days=10)


def test_fix_shortening_waits_for_every_accepted_vendor():
    case = run(new_case(), ev(Action.PROPOSE_EMBARGO, 0), ev(Action.ACCEPT_EMBARGO, 0),
               ev(Action.VALIDATE, 1, "acme"), ev(Action.ACCEPT, 1, "acme"),
               ev(Action.VALIDATE, 1, "globex"), ev(Action.ACCEPT, 1, "globex"),
               ev(Action.FIX_READY, 5, "acme"))
    assert case.embargo.ends_at == T0 + timedelta(days=90)
    case = run(case, ev(Action.FIX_READY, 20, "globex"))
    assert case.embargo.ends_at == T0 + timedelta(days=50)


def test_duplicates_are_deferred_with_a_link():
    case = run(new_case(), ev(Action.VALIDATE, 1, "acme"),
               ev(Action.MARK_DUPLICATE, 2, "acme", duplicate_of="RL-2026-00007"))
    p = case.participant("acme")
    assert (p.report.state, p.report.duplicate_of) == (ReportState.DEFERRED, "RL-2026-00007")
    with pytest.raises(InvalidInput, match="duplicate_of"):
        apply(run(new_case(), ev(Action.VALIDATE, 1, "acme")), ev(Action.MARK_DUPLICATE, 2, "acme"))


def test_vendor_field_is_checked_and_vendors_are_isolated():
    case = new_case()
    with pytest.raises(InvalidInput, match="needs vendor"):
        apply(case, ev(Action.ACCEPT))
    with pytest.raises(InvalidInput, match="takes no vendor"):
        apply(case, ev(Action.MADE_PUBLIC, vendor="acme"))
    with pytest.raises(InvalidInput, match="not a participant"):
        apply(case, ev(Action.VALIDATE, vendor="initech"))
    case = run(case, ev(Action.VALIDATE, 1, "acme"))
    assert case.participant("globex").report.state is ReportState.RECEIVED
    with pytest.raises(InvalidInput):
        add_participant(case, "acme", T0)
    assert add_participant(case, "initech", T0).vendors == ("acme", "globex", "openlab", "initech")


def test_vendor_view_shows_only_its_own_participation():
    case = run(new_case(), ev(Action.VALIDATE, 1, "globex"), ev(Action.PROPOSE_EMBARGO, 1))
    view = for_vendor(case, "acme")
    assert view.vendors == ("acme",) and view.embargo == case.embargo
    with pytest.raises(InvalidInput):
        for_vendor(case, "initech")


def test_clocks_escalate_each_missed_deadline_with_controlled_time():
    case = run(new_case(), ev(Action.ACKNOWLEDGE, 0.5, "acme"), ev(Action.PROPOSE_EMBARGO, 0),
               ev(Action.ACCEPT_EMBARGO, 0))
    snap = clock_snapshot(case)
    assert missed_deadlines(snap, T0 + timedelta(days=4)) == []
    missed = missed_deadlines(snap, T0 + timedelta(days=5, hours=1))
    assert {(m.vendor, m.deadline) for m in missed} == {("globex", Deadline.ACKNOWLEDGE),
                                                        ("openlab", Deadline.ACKNOWLEDGE)}
    late = missed_deadlines(snap, T0 + timedelta(days=91))
    assert (None, Deadline.EMBARGO_END) in {(m.vendor, m.deadline) for m in late}
    assert ("acme", Deadline.FIX) in {(m.vendor, m.deadline) for m in late}


# --- property-based: random event sequences never break the invariants -------------------

ACTIONS = list(Action)
events = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.sampled_from(VENDORS),
              st.floats(min_value=0, max_value=3, allow_nan=False),
              st.sampled_from([None, 5, 30, 200])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(events)
def test_random_event_sequences_keep_every_invariant(seq):
    case = new_case()
    day = 0.0
    for action, vendor, step, end_days in seq:
        day += step
        event = CaseEvent(
            action, T0 + timedelta(days=day),
            vendor=vendor if action in VENDOR_ACTIONS else None,
            duplicate_of="RL-2026-00001" if action is Action.MARK_DUPLICATE else None,
            requested_end=None if end_days is None else T0 + timedelta(days=day + end_days),
            reason="seen on a forum" if end_days == 30 else None,
            parties=frozenset({"coordinator"}) if end_days == 5 else frozenset(),
        )
        before = case
        try:
            case = apply(case, event)
        except (IllegalTransition, InvalidInput):  # a refused end date is InvalidInput (EmbargoTooLong)
            continue
        assert violations(case) == [], (action, vendor)
        if action in VENDOR_ACTIONS:  # a vendor's action never touches another vendor's participation
            for other in VENDORS:
                if other != vendor:
                    assert case.participant(other) == before.participant(other)
        if case.public:
            assert case.embargo.state in (EmbargoState.NONE, EmbargoState.EXITED)
        for p in case.participants:
            if Flag.FIX_READY in p.flags:
                assert p.report.ever_accepted
            if p.open_weights:
                assert Flag.FIX_DEPLOYED not in p.flags


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(VENDORS), max_size=5), st.sampled_from(VENDORS))
def test_fix_ready_without_acceptance_always_raises(prefix_vendors, vendor):
    case = new_case()
    for v in prefix_vendors:
        try:
            case = apply(case, ev(Action.VALIDATE, 1, v))
        except IllegalTransition:
            pass
    with pytest.raises(IllegalTransition):
        apply(case, ev(Action.FIX_READY, 2, vendor))


def _legal_events(case, at):
    out = []
    for action in ACTIONS:
        for vendor in (VENDORS if action in VENDOR_ACTIONS else [None]):
            event = CaseEvent(action, at, vendor=vendor,
                              duplicate_of="RL-2026-00001" if action is Action.MARK_DUPLICATE else None)
            try:
                apply(case, event)
            except IllegalTransition:
                continue
            out.append(event)
    return out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_guided_walks_through_legal_events_keep_every_invariant(data):
    """Uniform random events go public early; choosing among legal events reaches embargoes and fixes."""
    case = new_case()
    at = T0
    for _ in range(data.draw(st.integers(min_value=1, max_value=30))):
        at += timedelta(hours=data.draw(st.integers(min_value=0, max_value=96)))
        legal = _legal_events(case, at)
        if not legal:
            break
        case = apply(case, data.draw(st.sampled_from(legal)))
        assert violations(case) == []
        e = case.embargo
        if e.binding:
            assert e.ends_at is not None and e.starts_at is not None
            assert e.ends_at <= e.starts_at + timedelta(days=90)
            if case.attacks_observed_at:
                assert e.ends_at <= case.attacks_observed_at + timedelta(days=7)
