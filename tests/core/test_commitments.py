"""Commitment lifecycle and the weakening flag."""

import pytest

from redline.core.commitments import (
    LIFECYCLE,
    CommitmentEvent,
    CommitmentState,
    Effect,
    PeriodUnit,
    RedLine,
    RiskThreshold,
    advance,
    diff,
    require_editable,
    weakenings,
)
from redline.core.errors import IllegalTransition, InvalidInput
from redline.core.evidence import ElicitationLevel
from redline.core.verdict import CommittedAction, Direction, InconclusivePolicy, RedLineTest

S, E = CommitmentState, CommitmentEvent

BASE = RedLineTest(
    "bio",
    "accuracy",
    0.10,
    alert=0.05,
    min_samples=100,
    min_elicitation=ElicitationLevel.STRONG,
    max_unscored=0.05,
    validity_days=180,
    inconclusive_policy=InconclusivePolicy.REQUIRE_MORE_PRECISE,
    action=CommittedAction.API_ONLY_WITH_SAFEGUARDS,
)


def red_line(**changes):
    fields = {**BASE.__dict__, **changes}
    return RedLine("bio-uplift", RedLineTest(**fields))


def test_lifecycle_happy_path():
    state = LIFECYCLE.run([E.PROPOSE, E.APPROVE, E.ENTER_INTO_FORCE, E.SUPERSEDE])
    assert state is S.SUPERSEDED
    assert advance(S.PROPOSED, E.WITHDRAW) is S.DRAFT


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (S.DRAFT, E.APPROVE),
        (S.DRAFT, E.ENTER_INTO_FORCE),
        (S.PROPOSED, E.ENTER_INTO_FORCE),
        (S.IN_FORCE, E.PROPOSE),
        (S.SUPERSEDED, E.ENTER_INTO_FORCE),
        (S.IN_FORCE, E.APPROVE),
    ],
)
def test_illegal_transitions(state, event):
    with pytest.raises(IllegalTransition, match=f"cannot '{event.value}' from state '{state.value}'"):
        advance(state, event)


def test_only_drafts_are_editable():
    require_editable(S.DRAFT)
    with pytest.raises(IllegalTransition):
        require_editable(S.IN_FORCE)


# (field, new value, expected effect)
RED_LINE_CASES = [
    ("threshold", 0.20, Effect.WEAKENS),
    ("threshold", 0.08, Effect.STRENGTHENS),
    ("alert", 0.08, Effect.WEAKENS),
    ("alert", None, Effect.WEAKENS),  # no alert: the bound need only clear 0.10
    ("alert", 0.02, Effect.STRENGTHENS),
    ("min_samples", 50, Effect.WEAKENS),
    ("min_samples", 500, Effect.STRENGTHENS),
    ("min_elicitation", ElicitationLevel.MODERATE, Effect.WEAKENS),
    ("min_elicitation", ElicitationLevel.EXPERT, Effect.STRENGTHENS),
    ("max_unscored", 0.2, Effect.WEAKENS),
    ("validity_days", 365, Effect.WEAKENS),
    ("validity_days", None, Effect.WEAKENS),
    ("validity_days", 90, Effect.STRENGTHENS),
    ("inconclusive_policy", InconclusivePolicy.TREAT_AS_CROSSED, Effect.WEAKENS),
    ("inconclusive_policy", InconclusivePolicy.BLOCK, Effect.STRENGTHENS),
    ("action", CommittedAction.NO_OPEN_WEIGHTS, Effect.WEAKENS),
    ("action", CommittedAction.HALT_DEVELOPMENT, Effect.STRENGTHENS),
    ("task", "bio-v2", Effect.UNCLEAR),
    ("metric", "f1", Effect.UNCLEAR),
]


@pytest.mark.parametrize(("field", "value", "effect"), RED_LINE_CASES)
def test_red_line_field_effects(field, value, effect):
    changes = diff(red_line(), red_line(**{field: value}))
    assert [(c.field, c.effect) for c in changes] == [(field, effect)]
    flagged = weakenings(red_line(), red_line(**{field: value}))
    assert bool(flagged) is (effect in (Effect.WEAKENS, Effect.UNCLEAR))


def test_lower_is_worse_threshold_weakens_downwards():
    old = red_line(direction=Direction.LE, threshold=0.90, alert=0.95)
    assert diff(old, red_line(direction=Direction.LE, threshold=0.80, alert=0.95))[0].effect is Effect.WEAKENS
    assert (
        diff(old, red_line(direction=Direction.LE, threshold=0.92, alert=0.95))[0].effect
        is Effect.STRENGTHENS
    )


def test_direction_change_is_flagged():
    changes = weakenings(red_line(), red_line(direction=Direction.LE, alert=None))
    assert {c.field for c in changes} >= {"direction"}


def test_name_change_is_neutral_and_identical_is_empty():
    renamed = RedLine("bio-uplift-renamed", BASE)
    assert [c.effect for c in diff(red_line(), renamed)] == [Effect.NEUTRAL]
    assert weakenings(red_line(), renamed) == []
    assert diff(red_line(), red_line()) == []


def test_several_weakenings_at_once():
    new = red_line(threshold=0.2, min_samples=10, max_unscored=0.3)
    assert {c.field for c in weakenings(red_line(), new)} == {"threshold", "min_samples", "max_unscored"}


THRESHOLD = RiskThreshold(
    "cbrn-deaths", "fatalities", level_n=1000, probability=1e-3, fn_c=1e-3, fn_alpha=2.0
)


def threshold(**changes):
    return RiskThreshold(**{**THRESHOLD.__dict__, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "effect"),
    [
        ({"probability": 1e-2}, "probability", Effect.WEAKENS),
        ({"probability": 1e-4}, "probability", Effect.STRENGTHENS),
        ({"level_n": 10_000}, "level_n", Effect.WEAKENS),
        ({"period": 5}, "period", Effect.WEAKENS),
        ({"period_unit": PeriodUnit.DECADE}, "period_unit", Effect.WEAKENS),
        ({"period_unit": PeriodUnit.MONTH}, "period_unit", Effect.STRENGTHENS),
        ({"fn_c": 1e-2}, "fn_c", Effect.WEAKENS),
        ({"fn_alpha": 1.0}, "fn_alpha", Effect.WEAKENS),
        ({"fn_alpha": 3.0}, "fn_alpha", Effect.STRENGTHENS),
        ({"harm_measure": "people affected"}, "harm_measure", Effect.UNCLEAR),
        ({"tier": "high"}, "tier", Effect.UNCLEAR),
    ],
)
def test_risk_threshold_effects(changes, field, effect):
    (change,) = [c for c in diff(THRESHOLD, threshold(**changes)) if c.field == field]
    assert change.effect is effect


def test_removing_fn_line_weakens():
    changes = weakenings(THRESHOLD, threshold(fn_c=None, fn_alpha=None))
    assert {c.field for c in changes} == {"fn_c", "fn_alpha"}


def test_same_period_in_other_units_is_neutral():
    a = threshold(period=12, period_unit=PeriodUnit.MONTH)
    assert all(c.effect is Effect.NEUTRAL for c in diff(THRESHOLD, a))


def test_validation():
    with pytest.raises(InvalidInput):
        threshold(probability=0)
    with pytest.raises(InvalidInput):
        threshold(fn_alpha=None)
    with pytest.raises(InvalidInput):
        diff(THRESHOLD, red_line())
