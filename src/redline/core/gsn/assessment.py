"""A safety case's lifecycle and the document an independent assessor signs (pure).

A case is written by the developer (*draft*), *submitted* for assessment, and then
*accepted*, *accepted with conditions* or *rejected* by an independent reviewer. Editing
an assessed case, or rebinding its evidence, *revises* it back to a draft: the earlier
assessment stays on record but no longer applies. The legal moves are the table
:data:`LIFECYCLE`.

The assessor signs :func:`assessment_document`: the case's canonical document
(:func:`redline.core.gsn.canonical.case_document`) and digest, the evidence digests each
bound Solution rests on, the verdict, the reasons (overall and per element) and the
conditions, with Ed25519 over its canonical JSON (:mod:`redline.core.signing`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

from redline.core.gsn.canonical import case_digest, case_document
from redline.core.gsn.model import Case
from redline.core.statemachine import StateMachine


class CaseState(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_CONDITIONS = "accepted_with_conditions"
    REJECTED = "rejected"


class CaseEvent(enum.Enum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    ACCEPT = "accept"
    ACCEPT_WITH_CONDITIONS = "accept_with_conditions"
    REJECT = "reject"
    REVISE = "revise"


class AssessmentVerdict(enum.Enum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_CONDITIONS = "accepted_with_conditions"
    REJECTED = "rejected"

    @property
    def event(self) -> CaseEvent:
        return {AssessmentVerdict.ACCEPTED: CaseEvent.ACCEPT,
                AssessmentVerdict.ACCEPTED_WITH_CONDITIONS: CaseEvent.ACCEPT_WITH_CONDITIONS,
                AssessmentVerdict.REJECTED: CaseEvent.REJECT}[self]


_D, _S, _A, _AC, _R = (CaseState.DRAFT, CaseState.SUBMITTED, CaseState.ACCEPTED,
                       CaseState.ACCEPTED_WITH_CONDITIONS, CaseState.REJECTED)

LIFECYCLE: StateMachine[CaseState, CaseEvent] = StateMachine(
    "safety case",
    _D,
    {
        (_D, CaseEvent.SUBMIT): _S,
        (_S, CaseEvent.WITHDRAW): _D,
        (_S, CaseEvent.ACCEPT): _A,
        (_S, CaseEvent.ACCEPT_WITH_CONDITIONS): _AC,
        (_S, CaseEvent.REJECT): _R,
        (_D, CaseEvent.REVISE): _D,
        (_A, CaseEvent.REVISE): _D,
        (_AC, CaseEvent.REVISE): _D,
        (_R, CaseEvent.REVISE): _D,
    },
)

#: States in which the case text and its bindings may change (a submitted case is frozen).
EDITABLE = frozenset({_D, _A, _AC, _R})


def assessment_document(case: Case, *, model: str, case_id: int, revision: int, verdict: AssessmentVerdict,
                        reasons: str, element_reasons: Mapping[str, str], conditions: Sequence[str],
                        evidence: Sequence[Mapping[str, Any]], assessor: str, organisation: str) -> dict[str, Any]:
    """The JSON document an assessor signs; ``evidence`` is one ``{element, kind, record, digest, status}`` each."""
    return {
        "type": "redline.safety_case_assessment",
        "model": model,
        "case": case_id,
        "revision": revision,
        "case_sha256": case_digest(case),
        "argument": case_document(case),
        "evidence": [dict(e) for e in sorted(evidence, key=lambda e: str(e["element"]))],
        "verdict": verdict.value,
        "reasons": reasons,
        "element_reasons": {str(k): str(v) for k, v in sorted(element_reasons.items())},
        "conditions": [str(c) for c in conditions],
        "assessor": assessor,
        "organisation": organisation,
    }
