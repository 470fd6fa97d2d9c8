"""Legal actions per party and state, next steps, and refusals in words (issue 10, "case pages that guide")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline.core.disclosure import actions as ca
from redline.core.disclosure import case as core_case
from redline.core.disclosure.case import Action, CaseEvent
from redline.core.disclosure.publication import PublicationState
from redline.core.errors import IllegalTransition

T0 = datetime(2026, 3, 1, tzinfo=UTC)
TRIAGER_A = ca.Party(vendors=frozenset({"a"}), speaks_for=frozenset({"vendor:a"}))
COORD = ca.Party(coordinator=True, speaks_for=frozenset({"coordinator"}))
REPORTER = ca.Party(reporter=True, speaks_for=frozenset({"reporter"}))


def _case(*events: tuple[Action, str | None], vendors=("a", "b"), open_weights=frozenset()):
    case = core_case.open_case("R-1", T0, list(vendors), open_weights=open_weights)
    for i, (action, vendor) in enumerate(events):
        case = core_case.apply(case, CaseEvent(action=action, at=T0 + timedelta(hours=i + 1), vendor=vendor))
    return case


def _ops(situation, party, vendor="a"):
    return {o.op for o in ca.legal_actions(situation, party, at=T0 + timedelta(days=1)) if o.vendor in (vendor, None)}


def test_a_received_report_offers_triage_not_fixes_or_withdrawal():
    ops = _ops(ca.Situation(_case()), TRIAGER_A)
    assert {"acknowledge", "accept", "invalid", "defer"} <= ops
    assert not ops & {"fix_ready", "fix_deployed", "close", "withdraw", "accept_embargo", "terminate_embargo"}


def test_a_vendor_sees_only_its_own_participation():
    offers = ca.legal_actions(ca.Situation(_case()), TRIAGER_A, at=T0)
    assert {o.vendor for o in offers} <= {"a", None}


def test_fix_deployed_appears_only_after_fix_ready_and_never_for_open_weights():
    accepted = _case((Action.VALIDATE, "a"), (Action.ACCEPT, "a"))
    assert "fix_ready" in _ops(ca.Situation(accepted), TRIAGER_A)
    assert "fix_deployed" not in _ops(ca.Situation(accepted), TRIAGER_A)
    fixed = core_case.apply(accepted, CaseEvent(Action.FIX_READY, T0 + timedelta(days=1), vendor="a"))
    assert "fix_deployed" in _ops(ca.Situation(fixed), TRIAGER_A)
    ow = _case((Action.VALIDATE, "a"), (Action.ACCEPT, "a"), (Action.FIX_READY, "a"), open_weights={"a"})
    assert "fix_deployed" not in _ops(ca.Situation(ow), TRIAGER_A)


def test_the_proposer_cannot_accept_its_own_embargo_but_the_reporter_can():
    proposed = core_case.apply(_case((Action.VALIDATE, "a")), CaseEvent(Action.PROPOSE_EMBARGO, T0))
    situation = ca.Situation(proposed, proposers=frozenset({"vendor:a"}))
    assert "accept_embargo" not in _ops(situation, TRIAGER_A) and "reject_embargo" in _ops(situation, TRIAGER_A)
    assert _ops(situation, REPORTER) == {"accept_embargo", "reject_embargo"}
    assert "accept_embargo" in _ops(situation, COORD)


def test_publication_actions_follow_the_publication_machine():
    accepted = _case((Action.VALIDATE, "a"), (Action.ACCEPT, "a"), vendors=("a",))
    assert {"publish", "reject"} <= _ops(ca.Situation(accepted), TRIAGER_A)
    assert "withdraw" not in _ops(ca.Situation(accepted), TRIAGER_A)
    published = ca.Situation(accepted, publication=PublicationState.PUBLISHED)
    assert "withdraw" in _ops(published, TRIAGER_A) and "publish" not in _ops(published, TRIAGER_A)
    # a vendor that has not accepted does not publish; a coordinator may
    assert "publish" not in _ops(ca.Situation(_case()), TRIAGER_A)
    assert "publish" in _ops(ca.Situation(_case()), COORD)


def test_publish_is_offered_only_when_the_case_allows_it_and_says_why_not():
    """Issue 10: vendor b has neither a fix nor agreed, so vendor a may not publish (and is told why)."""
    two = _case((Action.VALIDATE, "a"), (Action.ACCEPT, "a"))
    assert "publish" not in _ops(ca.Situation(two), TRIAGER_A)
    why = ca.publication_blocked(ca.Situation(two), TRIAGER_A, at=T0 + timedelta(days=1), names={"b": "Beta AI"})
    assert "Beta AI is on this case too" in why
    agreed = core_case.apply(two, CaseEvent(Action.AGREE_TO_PUBLISH, T0 + timedelta(hours=5), vendor="b"))
    assert "publish" in _ops(ca.Situation(agreed), TRIAGER_A)
    assert "agree_to_publish" in _ops(ca.Situation(two), ca.Party(vendors=frozenset({"b"}),
                                                                   speaks_for=frozenset({"vendor:b"})), vendor="b")
    # under an embargo a coordinator publishes early only with a reason: the offer asks for one
    embargoed = core_case.apply(core_case.apply(two, CaseEvent(Action.PROPOSE_EMBARGO, T0 + timedelta(hours=5))),
                                CaseEvent(Action.ACCEPT_EMBARGO, T0 + timedelta(hours=6)))
    offers = {o.op: o for o in ca.legal_actions(ca.Situation(embargoed), COORD, at=T0 + timedelta(days=1))}
    assert offers["publish"].fields == ("reason",) and "terminate_embargo" in offers
    assert "terminate_embargo" not in _ops(ca.Situation(embargoed), TRIAGER_A)


def test_csam_path_offers_vendors_nothing():
    assert not ca.legal_actions(ca.Situation(_case(), csam_path=True), TRIAGER_A, at=T0)


def test_one_primary_per_vendor_and_destructive_ones_apart():
    offers = ca.legal_actions(ca.Situation(_case()), COORD, at=T0)
    primary = [o for o in offers if o.style is ca.Style.PRIMARY]
    assert sorted((o.vendor or "") for o in primary) == ["", "a", "b"]
    assert {o.op for o in primary if o.vendor} == {"accept"}
    assert all(o.style is ca.Style.DESTRUCTIVE for o in offers if o.op in ("invalid", "remove_participant"))


def test_offers_are_grouped_vendor_first_then_case():
    boxes = ca.boxes(ca.legal_actions(ca.Situation(_case(), candidates=("c",)), COORD, at=T0))
    assert [b.vendor for b in boxes][:2] == ["a", "b"] and boxes[-1].vendor is None
    assert any(b.group is ca.Group.PARTICIPANTS and {o.op for o in b.offers} >= {"add_participant",
                                                                              "remove_participant"} for b in boxes)


def test_every_case_action_has_words():
    assert all(spec.label and spec.done for spec in ca.ACTIONS.values())
    assert ca.done_message("accept", "Aurora Labs") == "Aurora Labs accepted the report; the fix clock runs."


def test_next_step_and_deadline_follow_the_clock():
    steps = ca.next_steps(ca.Situation(_case()), at=T0)
    first = next(s for s in steps if s.vendor == "a")
    assert first.text == "acknowledge the report" and first.due == T0 + timedelta(days=5)
    accepted = _case((Action.VALIDATE, "a"), (Action.ACCEPT, "a"))
    a = next(s for s in ca.next_steps(ca.Situation(accepted), at=T0 + timedelta(days=91)) if s.vendor == "a")
    assert a.text == "make a fix ready" and a.due == T0 + timedelta(days=90) and a.overdue


@pytest.mark.parametrize("events,bad,words", [
    ((), (Action.FIX_DEPLOYED, "a"), "a fix can be deployed only after it is ready"),
    ((), (Action.FIX_READY, "a"), "a fix can be marked ready only after the vendor has accepted the report"),
    ((), (Action.CLOSE, "a"), "a report can be closed only once"),
    ((), (Action.ACCEPT_EMBARGO, None), "an embargo can be agreed only while a proposal is pending"),
    (((Action.ACKNOWLEDGE, "a"),), (Action.ACKNOWLEDGE, "a"), "already acknowledged"),
])
def test_refusals_read_as_sentences(events, bad, words):
    case = _case(*events)
    with pytest.raises(IllegalTransition) as info:
        core_case.apply(case, CaseEvent(action=bad[0], at=T0 + timedelta(days=2), vendor=bad[1]))
    assert words in str(info.value) and "cannot '" not in str(info.value)


def test_remove_participant():
    assert core_case.remove_participant(_case(), "b").vendors == ("a",)
