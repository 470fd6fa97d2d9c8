"""The question lifecycle: every legal move moves, every other move raises the named error."""

from __future__ import annotations

import itertools

import pytest

from redline.core.errors import IllegalTransition, InvalidInput
from redline.core.forecasts.lifecycle import (
    FORECASTABLE,
    QUESTION_MACHINE,
    RESOLVABLE,
    REVEALED,
    AnnulReason,
    QuestionEvent,
    QuestionState,
    advance,
)

QS, QE = QuestionState, QuestionEvent

LEGAL = {
    (QS.DRAFT, QE.OPEN): QS.OPEN,
    (QS.OPEN, QE.CLOSE): QS.CLOSED,
    (QS.OPEN, QE.RESOLVE): QS.RESOLVED,
    (QS.OPEN, QE.ANNUL): QS.ANNULLED,
    (QS.CLOSED, QE.RESOLVE): QS.RESOLVED,
    (QS.CLOSED, QE.ANNUL): QS.ANNULLED,
    (QS.RESOLVED, QE.REVERSE): QS.CLOSED,
    (QS.ANNULLED, QE.REVERSE): QS.CLOSED,
}


def _payload(event):
    if event is QE.ANNUL:
        return {"annul_reason": AnnulReason.ILL_POSED}
    if event is QE.REVERSE:
        return {"note": "the log was re-run with the right model"}
    return {}


def test_the_table_is_exactly_the_issue_s_lifecycle():
    assert dict(QUESTION_MACHINE.transitions) == LEGAL
    assert QUESTION_MACHINE.initial is QS.DRAFT
    assert QUESTION_MACHINE.reachable() == set(QS)


@pytest.mark.parametrize(("state", "event"), list(itertools.product(QS, QE)))
def test_every_pair_is_legal_or_raises_illegal_transition(state, event):
    if (state, event) in LEGAL:
        assert advance(state, event, **_payload(event)) is LEGAL[(state, event)]
    else:
        with pytest.raises(IllegalTransition) as info:
            advance(state, event, **_payload(event))
        assert (info.value.machine, info.value.state, info.value.event) == ("question", state.value, event.value)


def test_happy_paths():
    assert QUESTION_MACHINE.run([QE.OPEN, QE.CLOSE, QE.RESOLVE]) is QS.RESOLVED
    assert QUESTION_MACHINE.run([QE.OPEN, QE.RESOLVE]) is QS.RESOLVED  # evidence arrived before the close
    state = advance(QS.CLOSED, QE.ANNUL, annul_reason="nothing_imported")
    assert state is QS.ANNULLED


def test_a_draft_cannot_be_resolved_or_reopened_once_closed():
    with pytest.raises(IllegalTransition, match="cannot 'resolve' from state 'draft'"):
        advance(QS.DRAFT, QE.RESOLVE)
    with pytest.raises(IllegalTransition, match="cannot 'open' from state 'closed'"):
        advance(QS.CLOSED, QE.OPEN)
    with pytest.raises(IllegalTransition, match="cannot 'resolve' from state 'resolved'"):
        advance(QS.RESOLVED, QE.RESOLVE)


def test_annul_needs_a_known_reason_and_only_annul_takes_one():
    with pytest.raises(InvalidInput, match="^annul_reason: annulling a question needs a reason"):
        advance(QS.CLOSED, QE.ANNUL)
    with pytest.raises(InvalidInput, match="^annul_reason: 'bored' is not one of evidence_invalid"):
        advance(QS.CLOSED, QE.ANNUL, annul_reason="bored")
    with pytest.raises(InvalidInput, match="^annul_reason: only allowed with 'annul'"):
        advance(QS.OPEN, QE.CLOSE, annul_reason=AnnulReason.ILL_POSED)
    assert {r.value for r in AnnulReason} == {"evidence_invalid", "ill_posed", "nothing_imported"}


def test_reverse_needs_a_written_reason():
    with pytest.raises(InvalidInput, match="^note: reversing"):
        advance(QS.RESOLVED, QE.REVERSE)
    with pytest.raises(InvalidInput, match="^note: reversing"):
        advance(QS.RESOLVED, QE.REVERSE, note="   ")
    assert advance(QS.RESOLVED, QE.REVERSE, note="wrong model") is QS.CLOSED


def test_state_sets_for_the_app():
    assert FORECASTABLE == {QS.OPEN}
    assert REVEALED == {QS.CLOSED, QS.RESOLVED, QS.ANNULLED}
    assert RESOLVABLE == {QS.OPEN, QS.CLOSED}
