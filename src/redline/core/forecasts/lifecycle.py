"""The life of a forecast question, as data.

    draft ─open─► open ─close─► closed ─resolve─► resolved
                   ├─resolve─► resolved      └─annul─► annulled
                   └─annul─► annulled
    resolved | annulled ─reverse─► closed

- **open → resolved** is legal: matching evidence may arrive before the close
  date, and resolving ends forecasting at once.
- **annul** needs an :class:`AnnulReason`: the evidence was invalid, the question
  was ill-posed (also while it is still open), or nothing was imported by the
  resolve-by date (the clock's reason).
- A resolution or annulment is never edited: **reverse** moves the question back
  to closed with a written reason, and a new resolve or annul event follows.
  Every event lands in the ledger, so the history shows both.

:func:`advance` is the only way to move; it checks the event's payload and
raises :class:`~redline.core.errors.IllegalTransition` for a move the table does
not hold.
"""

from __future__ import annotations

from enum import StrEnum

from redline.core.errors import InvalidInput
from redline.core.statemachine import StateMachine


class QuestionState(StrEnum):
    """Where a question stands."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    RESOLVED = "resolved"
    ANNULLED = "annulled"


class QuestionEvent(StrEnum):
    """Moves of a question."""

    OPEN = "open"
    CLOSE = "close"
    RESOLVE = "resolve"
    ANNUL = "annul"
    REVERSE = "reverse"


class AnnulReason(StrEnum):
    """Why a question was annulled; nobody's forecast on it is scored."""

    EVIDENCE_INVALID = "evidence_invalid"
    ILL_POSED = "ill_posed"
    NOTHING_IMPORTED = "nothing_imported"


QS, QE = QuestionState, QuestionEvent

QUESTION_MACHINE: StateMachine[QuestionState, QuestionEvent] = StateMachine(
    name="question",
    initial=QS.DRAFT,
    transitions={
        (QS.DRAFT, QE.OPEN): QS.OPEN,
        (QS.OPEN, QE.CLOSE): QS.CLOSED,
        (QS.OPEN, QE.RESOLVE): QS.RESOLVED,
        (QS.OPEN, QE.ANNUL): QS.ANNULLED,
        (QS.CLOSED, QE.RESOLVE): QS.RESOLVED,
        (QS.CLOSED, QE.ANNUL): QS.ANNULLED,
        (QS.RESOLVED, QE.REVERSE): QS.CLOSED,
        (QS.ANNULLED, QE.REVERSE): QS.CLOSED,
    },
)

#: States in which forecasts may be made or updated.
FORECASTABLE = frozenset({QS.OPEN})
#: States in which everyone's forecasts and the aggregate are shown (no herding before close).
REVEALED = frozenset({QS.CLOSED, QS.RESOLVED, QS.ANNULLED})
#: States in which a matching import may resolve the question automatically.
RESOLVABLE = frozenset({QS.OPEN, QS.CLOSED})


def advance(
    state: QuestionState,
    event: QuestionEvent,
    *,
    annul_reason: AnnulReason | str | None = None,
    note: str | None = None,
) -> QuestionState:
    """The state reached from ``state`` by ``event``.

    ``annul`` needs ``annul_reason``; ``reverse`` needs a written ``note`` (the
    reason for reversing). A manual resolve or annul should carry a ``note`` too;
    the service stores it with the event. An annul reason on any other event is
    refused, so a caller cannot believe it was recorded.
    """
    if event is QuestionEvent.ANNUL:
        if annul_reason is None:
            raise InvalidInput("annul_reason", "annulling a question needs a reason")
        try:
            AnnulReason(annul_reason)
        except ValueError:
            allowed = ", ".join(r.value for r in AnnulReason)
            raise InvalidInput("annul_reason", f"{annul_reason!r} is not one of {allowed}") from None
    elif annul_reason is not None:
        raise InvalidInput("annul_reason", f"only allowed with '{QuestionEvent.ANNUL.value}'")
    if event is QuestionEvent.REVERSE and not (note and note.strip()):
        raise InvalidInput("note", "reversing a resolution or annulment needs a written reason")
    return QUESTION_MACHINE.apply(state, event)
