"""Publication respects the case (issue 10): embargoes bind, vendors publish only about their own product,
end dates past the policy are refused, and the advisory carries each vendor's status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline.core.disclosure import release as rl
from redline.core.disclosure.case import Action, CaseEvent, apply, open_case, refusal, with_statement
from redline.core.disclosure.embargo import EmbargoPolicy, EmbargoState, embargo_limit
from redline.core.errors import EmbargoBinds, EmbargoTooLong, InvalidInput, PermissionDenied

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
A, B = frozenset({"vendor:acme"}), frozenset({"vendor:globex"})
COORD = frozenset({"coordinator"})


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def ev(action, days=0.0, vendor=None, parties=frozenset(), **kw):
    return CaseEvent(action, at(days), vendor=vendor, parties=parties, **kw)


def run(case, *events):
    for e in events:
        case = apply(case, e)
    return case


def two_vendors_under_embargo():
    """The issue's case: acme accepted and proposed, the reporter agreed; globex is still "received"."""
    case = open_case("C-1", T0, ["acme", "globex"])
    return run(case, ev(Action.VALIDATE, 1, "acme"), ev(Action.ACCEPT, 1, "acme"),
               ev(Action.PROPOSE_EMBARGO, 1, parties=A), ev(Action.ACCEPT_EMBARGO, 2, parties={"reporter"}))


def test_a_vendor_cannot_publish_over_another_vendors_embargo():
    case = two_vendors_under_embargo()
    with pytest.raises(EmbargoBinds, match=r"runs until 2026-05-31, and globex has neither a fix ready nor agreed"):
        rl.check_release(case, parties=A, now=at(3))
    # nor by ending the embargo first
    with pytest.raises(EmbargoBinds, match="only a coordinator may end it earlier"):
        apply(case, ev(Action.TERMINATE_EMBARGO, 3, parties=A, reason="we are done"))
    # nor while it is only proposed
    proposed = run(open_case("C-2", T0, ["acme", "globex"]), ev(Action.VALIDATE, 1, "acme"),
                   ev(Action.ACCEPT, 1, "acme"), ev(Action.PROPOSE_EMBARGO, 1, parties=COORD))
    assert proposed.embargo.state is EmbargoState.PROPOSED
    assert "globex has neither" in rl.release_refusal(proposed, parties=A, now=at(3))


def test_the_other_vendor_agreeing_or_having_a_fix_lets_a_vendor_publish_early():
    case = two_vendors_under_embargo()
    agreed = apply(case, ev(Action.AGREE_TO_PUBLISH, 4, "globex", parties=B))
    release = rl.check_release(agreed, parties=A, now=at(5))
    assert release.ground is rl.Ground.VENDOR_EARLY and release.agreed_end == at(91)
    assert [(v.vendor, v.status) for v in release.vendors] == [("acme", rl.VendorStatus.AFFECTED),
                                                              ("globex", rl.VendorStatus.NO_RESPONSE)]
    with pytest.raises(Exception, match="already agreed"):
        apply(agreed, ev(Action.AGREE_TO_PUBLISH, 4, "globex", parties=B))
    fixed = run(case, ev(Action.VALIDATE, 3, "globex"), ev(Action.ACCEPT, 3, "globex"),
                ev(Action.FIX_READY, 4, "globex"))
    assert rl.check_release(fixed, parties=A, now=at(5)).ground is rl.Ground.VENDOR_EARLY
    # a vendor that judged the report invalid is "not affected" and does not hold it back
    invalid = run(case, ev(Action.INVALIDATE, 3, "globex"))
    lines = rl.check_release(invalid, parties=A, now=at(5)).vendors
    assert lines[1].status is rl.VendorStatus.NOT_AFFECTED


def test_only_a_vendor_that_accepted_publishes_and_only_about_its_own_product():
    case = two_vendors_under_embargo()
    with pytest.raises(PermissionDenied, match="its own product"):
        rl.check_release(case, parties=B, now=at(200))


def test_the_end_date_passing_allows_publication_and_attacks_shorten_it_to_seven_days():
    case = two_vendors_under_embargo()
    assert rl.release_refusal(case, parties=A, now=at(90)) is not None
    assert rl.check_release(case, parties=A, now=at(91)).ground is rl.Ground.EMBARGO_ENDED
    attacked = apply(case, ev(Action.ATTACKS_OBSERVED, 10, parties=A))
    assert attacked.embargo.ends_at == at(17)
    assert rl.release_refusal(attacked, parties=A, now=at(16)) is not None
    assert rl.check_release(attacked, parties=A, now=at(17)).ground is rl.Ground.EMBARGO_ENDED


def test_already_public_allows_publication_but_marking_it_public_needs_a_reason():
    case = two_vendors_under_embargo()
    with pytest.raises(EmbargoBinds, match="say where the flaw or the exploit became public"):
        apply(case, ev(Action.EXPLOIT_PUBLISHED, 5, parties=A))
    public = apply(case, ev(Action.EXPLOIT_PUBLISHED, 5, parties=A, reason="posted on a forum, https://x.test/1"))
    assert public.embargo.state is EmbargoState.EXITED
    assert public.embargo.exit_reason == "the flaw became public: posted on a forum, https://x.test/1"
    assert rl.check_release(public, parties=A, now=at(5)).ground is rl.Ground.ALREADY_PUBLIC


def test_a_coordinator_ends_it_early_only_with_a_written_reason():
    case = two_vendors_under_embargo()
    with pytest.raises(EmbargoBinds, match="write why it ends early"):
        rl.check_release(case, parties=COORD, now=at(5))
    release = rl.check_release(case, parties=COORD, now=at(5), reason="The technique is being sold.")
    assert release.ground is rl.Ground.COORDINATOR_EARLY
    assert release.basis == "a coordinator ended the embargo early: The technique is being sold."
    with pytest.raises(EmbargoBinds, match="write why it ends early"):
        apply(case, ev(Action.TERMINATE_EMBARGO, 5, parties=COORD))
    ended = apply(case, ev(Action.TERMINATE_EMBARGO, 5, parties=COORD, reason="The technique is being sold."))
    assert ended.embargo.exit_reason == "ended early by a coordinator: The technique is being sold."
    after = rl.check_release(ended, parties=A, now=at(6))  # the coordinator's decision stands for every vendor
    assert (after.ground, after.early_reason) == (rl.Ground.COORDINATOR_EARLY, "The technique is being sold.")
    # after its end anyone on the case may close it
    assert apply(case, ev(Action.TERMINATE_EMBARGO, 92, parties=A)).embargo.exit_reason == \
        "the embargo reached its agreed end"


def test_without_an_embargo_a_vendor_still_needs_the_other_vendors():
    case = run(open_case("C-3", T0, ["acme", "globex"]), ev(Action.VALIDATE, 1, "acme"), ev(Action.ACCEPT, 1, "acme"))
    assert "globex is on this case too" in rl.release_refusal(case, parties=A, now=at(2))
    assert rl.check_release(case, parties=COORD, now=at(2)).ground is rl.Ground.NO_EMBARGO
    alone = run(open_case("C-4", T0, ["acme"]), ev(Action.VALIDATE, 1, "acme"), ev(Action.ACCEPT, 1, "acme"))
    assert rl.check_release(alone, parties=A, now=at(2)).ground is rl.Ground.NO_EMBARGO


def test_vendor_statuses_and_statements():
    case = open_case("C-5", T0, ["a", "b", "c", "d", "e"])
    case = run(case, ev(Action.VALIDATE, 1, "a"), ev(Action.ACCEPT, 1, "a"),
               ev(Action.VALIDATE, 1, "b"), ev(Action.ACCEPT, 1, "b"), ev(Action.FIX_READY, 2, "b"),
               ev(Action.VALIDATE, 1, "c"), ev(Action.ACCEPT, 1, "c"), ev(Action.FIX_READY, 2, "c"),
               ev(Action.FIX_DEPLOYED, 3, "c"), ev(Action.INVALIDATE, 1, "d"), ev(Action.ACKNOWLEDGE, 1, "e"))
    case = with_statement(case, "b", "  Patched in 2.1.4.  ")
    lines = {v.vendor: (v.status.value, v.statement) for v in rl.vendor_lines(case)}
    assert lines == {"a": ("affected", None), "b": ("fix ready", "Patched in 2.1.4."),
                     "c": ("fix deployed", None), "d": ("not affected", None), "e": ("no response", None)}
    with pytest.raises(InvalidInput, match="statement"):
        with_statement(case, "a", "x" * 5000)


def test_an_end_past_the_policy_is_refused_with_the_limit_and_why():
    case = run(open_case("C-6", T0, ["acme"]), ev(Action.VALIDATE, 1, "acme"), ev(Action.ACCEPT, 1, "acme"))
    with pytest.raises(EmbargoTooLong, match=r"no later than 2026-05-30, 90 days after the embargo started "
                                             r"\(2026-03-01\), the longest embargo") as exc:
        apply(case, ev(Action.PROPOSE_EMBARGO, 0, parties=A, requested_end=at(120)))
    assert exc.value.field == "requested_end" and "2026-06-29 is later" in exc.value.message
    ok = apply(case, ev(Action.PROPOSE_EMBARGO, 0, parties=A, requested_end=at(60)))
    assert ok.embargo.ends_at == at(60)
    assert apply(case, ev(Action.PROPOSE_EMBARGO, 0, parties=A)).embargo.ends_at == at(90)  # empty: the limit
    active = apply(ok, ev(Action.ACCEPT_EMBARGO, 1, parties=COORD))
    attacked = apply(active, ev(Action.ATTACKS_OBSERVED, 10, parties=A))
    with pytest.raises(EmbargoTooLong, match=r"7 days after misuse was seen in the wild \(2026-03-11\)"):
        apply(attacked, ev(Action.PROPOSE_REVISION, 11, parties=A, requested_end=at(30)))
    fixed = apply(active, ev(Action.FIX_READY, 5, "acme"))
    with pytest.raises(EmbargoTooLong, match="30 days after the last vendor's fix was ready"):
        apply(fixed, ev(Action.PROPOSE_REVISION, 6, parties=A, requested_end=at(50)))
    with pytest.raises(InvalidInput, match="later than now"):
        apply(case, ev(Action.PROPOSE_EMBARGO, 5, parties=A, requested_end=at(4)))
    assert refusal(case, ev(Action.PROPOSE_EMBARGO, 0, parties=A, requested_end=at(120))).startswith(
        "this embargo may end no later than")


def test_the_limits_are_a_policy():
    short = EmbargoPolicy(default_days=45, after_fix_days=10, in_the_wild_days=2)
    limit = embargo_limit(T0, policy=short)
    assert (limit.end, limit.rule) == (at(45), "default") and "45 days after" in limit.why
    case = open_case("C-7", T0, ["acme"], policy=short)
    with pytest.raises(EmbargoTooLong, match="no later than 2026-04-15"):
        apply(case, ev(Action.PROPOSE_EMBARGO, 0, parties=A, requested_end=at(60)))
