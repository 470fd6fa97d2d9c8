"""The information-hazard review a document version passes before release (DESIGN §1.4).

Lifecycle, as data (:data:`REVIEW_MACHINE`)::

    draft ──submit──► in review ──publish──► released
      ▲                  │ ├─────restrict──► restricted release
      └────return────────┘ └─────withhold──► withheld

One review belongs to one version, identified by its digest, so the text the
reviewer read is the text released. The reviewer is not the author; when the
author asks for an independent review, the reviewer must be an independent
reviewer. The reviewer answers :class:`HazardChecklist` about everything that would
become public, then decides:

* **publish** — only when no checklist answer is "yes"; the version is released as is;
* **restrict sections** — narrows the audience of named sections, each with a reason
  from the fixed list; the restricted copy becomes the next version (authored by the
  reviewer) and is what gets released;
* **withhold** — nothing is released; a rationale is required.

Publishing or restricting refuses a version that still holds unsupported claims
(done or partial without evidence). :func:`require_released` is the gate every
surface calls: only a version whose digest a finished review approved is released.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from redline.core.documents.audiences import Readership, Restriction
from redline.core.documents.claims import require_supported
from redline.core.documents.document import DocumentVersion
from redline.core.documents.versions import revise
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.core.statemachine import StateMachine


class ReviewState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RELEASED = "released"
    RESTRICTED_RELEASE = "restricted_release"
    WITHHELD = "withheld"


class ReviewEvent(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    RESTRICT = "restrict"
    WITHHOLD = "withhold"


_S, _E = ReviewState, ReviewEvent
REVIEW_MACHINE: StateMachine[ReviewState, ReviewEvent] = StateMachine(
    name="hazard review",
    initial=_S.DRAFT,
    transitions={
        (_S.DRAFT, _E.SUBMIT): _S.IN_REVIEW,
        (_S.IN_REVIEW, _E.RETURN): _S.DRAFT,
        (_S.IN_REVIEW, _E.PUBLISH): _S.RELEASED,
        (_S.IN_REVIEW, _E.RESTRICT): _S.RESTRICTED_RELEASE,
        (_S.IN_REVIEW, _E.WITHHOLD): _S.WITHHELD,
    },
    terminal=frozenset({_S.RELEASED, _S.RESTRICTED_RELEASE, _S.WITHHELD}),
)

#: States in which a version (the approved digest) may be shown to its audiences.
RELEASED_STATES = frozenset({_S.RELEASED, _S.RESTRICTED_RELEASE})


class Decision(StrEnum):
    PUBLISH = "publish"
    RESTRICT = "restrict"
    WITHHOLD = "withhold"


_DECISION_EVENTS = {Decision.PUBLISH: _E.PUBLISH, Decision.RESTRICT: _E.RESTRICT, Decision.WITHHOLD: _E.WITHHOLD}


class ReviewerRole(StrEnum):
    """Who may review: a triager or admin of the owning organisation, or an independent reviewer."""

    TRIAGER = "triager"
    ADMIN = "admin"
    INDEPENDENT = "independent"


@dataclass(frozen=True)
class Reviewer:
    id: str
    role: ReviewerRole

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "role", ReviewerRole(self.role))
        except ValueError:
            raise InvalidInput("reviewer", f"{self.role!r} may not review; a triager, admin or independent "
                               "reviewer may") from None


@dataclass(frozen=True)
class HazardChecklist:
    """The reviewer's answers about everything that would become public ("yes" means a hazard)."""

    cbrn_cyber_uplift: bool
    exploit_steps: bool
    personal_data: bool
    model_theft_aid: bool
    notes: str = ""

    def __post_init__(self) -> None:
        for item in QUESTIONS:
            if not isinstance(getattr(self, item), bool):
                raise InvalidInput(f"checklist.{item}: answer yes or no")

    @property
    def hazards(self) -> tuple[str, ...]:
        return tuple(item for item in QUESTIONS if getattr(self, item))

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: The checklist's questions, in order, as shown to the reviewer.
QUESTIONS = {
    "cbrn_cyber_uplift": "Would the public parts give meaningful uplift towards CBRN or cyber harm?",
    "exploit_steps": "Do they contain reproducible exploit steps (working jailbreaks, attack code)?",
    "personal_data": "Do they contain personal data about identifiable people?",
    "model_theft_aid": "Would they help someone steal or exfiltrate model weights?",
}


@dataclass(frozen=True)
class SectionRestriction:
    """The reviewer's restriction of one section: its new readership and the reason."""

    key: str
    readership: Readership
    restriction: Restriction

    def __post_init__(self) -> None:
        if self.readership.public:
            raise InvalidInput(f"restrictions.{self.key}: a restriction must narrow the audience below public")


@dataclass(frozen=True)
class Review:
    """The review of one version; build it with :func:`open_review`, move it with the functions below."""

    version: int
    version_digest: str
    author: str
    independent_requested: bool = False
    state: ReviewState = ReviewState.DRAFT
    reviewer: Reviewer | None = None
    checklist: HazardChecklist | None = None
    decision: Decision | None = None
    restrictions: tuple[SectionRestriction, ...] = ()
    rationale: str = ""
    released_digest: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"version": self.version, "version_digest": self.version_digest, "author": self.author,
                "independent_requested": self.independent_requested, "state": self.state.value,
                "reviewer": None if self.reviewer is None else {"id": self.reviewer.id,
                                                                "role": self.reviewer.role.value},
                "checklist": None if self.checklist is None else self.checklist.as_dict(),
                "decision": None if self.decision is None else self.decision.value,
                "restrictions": [{"key": r.key, **r.readership.as_dict(), "restriction": r.restriction.as_dict()}
                                 for r in self.restrictions],
                "rationale": self.rationale, "released_digest": self.released_digest}


def open_review(version: DocumentVersion, *, independent: bool = False) -> Review:
    """A draft review of ``version``; ``independent`` is the author's request for an independent reviewer."""
    return Review(version.number, version.digest(), version.author, independent_requested=independent)


def _same_text(review: Review, version: DocumentVersion) -> None:
    if version.number != review.version or version.digest() != review.version_digest:
        raise InvalidInput("review", f"this review is for version {review.version} as submitted; "
                           "a changed version needs its own review")


def submit(review: Review, version: DocumentVersion) -> Review:
    """Send the draft to review."""
    _same_text(review, version)
    return replace(review, state=REVIEW_MACHINE.apply(review.state, ReviewEvent.SUBMIT))


def _check_reviewer(review: Review, reviewer: Reviewer) -> None:
    if reviewer.id == review.author:
        raise PermissionDenied("reviewer: the author may not review their own document")
    if review.independent_requested and reviewer.role is not ReviewerRole.INDEPENDENT:
        raise PermissionDenied("reviewer: the author asked for an independent reviewer")


def return_to_author(review: Review, *, reviewer: Reviewer, rationale: str) -> Review:
    """Send the version back to its author with the reviewer's reasons."""
    _check_reviewer(review, reviewer)
    if not rationale.strip():
        raise InvalidInput("rationale", "say what the author should change")
    return replace(review, state=REVIEW_MACHINE.apply(review.state, ReviewEvent.RETURN), rationale=rationale)


def decide(
    review: Review,
    version: DocumentVersion,
    *,
    reviewer: Reviewer,
    checklist: HazardChecklist,
    decision: Decision | str,
    restrictions: Iterable[SectionRestriction] = (),
    rationale: str = "",
) -> tuple[Review, DocumentVersion | None]:
    """Finish the review; returns it and the version to release (``None`` when withheld).

    After *restrict*, the returned version is new (number + 1, authored by the reviewer):
    append it to the document's history; it is the one :func:`require_released` accepts.
    """
    try:
        decision = Decision(decision)
    except ValueError:
        raise InvalidInput("decision", f"choose publish, restrict or withhold, not {decision!r}") from None
    event = _DECISION_EVENTS[decision]
    if not REVIEW_MACHINE.can(review.state, event):
        raise IllegalTransition(REVIEW_MACHINE.name, review.state.value, event.value)
    _same_text(review, version)
    _check_reviewer(review, reviewer)
    restrictions = tuple(restrictions)
    done = replace(review, state=REVIEW_MACHINE.apply(review.state, event), reviewer=reviewer,
                   checklist=checklist, decision=decision, restrictions=restrictions, rationale=rationale)
    if decision is Decision.WITHHOLD:
        if not rationale.strip():
            raise InvalidInput("rationale", "say why the document is withheld")
        if restrictions:
            raise InvalidInput("restrictions", "a withheld document restricts no sections")
        return done, None
    require_supported(version.claims, where=f"version {version.number}")
    if decision is Decision.PUBLISH:
        if checklist.hazards:
            raise InvalidInput("decision", f"the checklist found {', '.join(checklist.hazards)} in the public "
                               "parts; restrict those sections or withhold the document")
        if restrictions:
            raise InvalidInput("restrictions", "'publish' releases the version as it is; use 'restrict'")
        return replace(done, released_digest=version.digest()), version
    if not restrictions:
        raise InvalidInput("restrictions", "name at least one section to restrict")
    if not rationale.strip():
        raise InvalidInput("rationale", "say why these sections are restricted")
    by_key = {}
    for item in restrictions:
        version.section(item.key)  # raises for an unknown key
        if item.key in by_key:
            raise InvalidInput(f"restrictions.{item.key}: restricted twice")
        by_key[item.key] = item
    sections = tuple(
        s.restrict(by_key[s.key].readership, by_key[s.key].restriction) if s.key in by_key else s
        for s in version.sections
    )
    released = revise(version, author=reviewer.id, sections=sections)
    return replace(done, released_digest=released.digest()), released


def require_released(version: DocumentVersion, review: Review | None) -> None:
    """Raise unless ``review`` finished with a release of exactly this version."""
    if review is None or review.state not in RELEASED_STATES:
        state = "unreviewed" if review is None else review.state.value
        raise PermissionDenied(f"version {version.number} is {state}; only reviewed versions are released")
    if version.digest() != review.released_digest:
        raise PermissionDenied(f"version {version.number} is not the version its review released")


def is_released(version: DocumentVersion, review: Review | None) -> bool:
    try:
        require_released(version, review)
    except PermissionDenied:
        return False
    return True


__all__ = [
    "QUESTIONS",
    "RELEASED_STATES",
    "REVIEW_MACHINE",
    "Decision",
    "HazardChecklist",
    "Review",
    "ReviewEvent",
    "ReviewState",
    "Reviewer",
    "ReviewerRole",
    "SectionRestriction",
    "decide",
    "is_released",
    "open_review",
    "require_released",
    "return_to_author",
    "submit",
]
