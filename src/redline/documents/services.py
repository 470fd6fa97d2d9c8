"""Document services: write, revise, review and release documents, and render them for a viewer.

The rules are the core's (:mod:`redline.core.documents`); these functions check the policy, run in
one transaction, store the core's objects and land every event in the ledger:

==========================  ===================================================  =================
event                       function                                             ledger action
==========================  ===================================================  =================
create                      :func:`create_document`, :func:`create_from_template`  ``create``
revise                      :func:`revise`                                        ``revised``
submit for review           :func:`request_review`                                ``state:in_review``
return to the author        :func:`return_to_author`                              ``state:draft``
decide (and release)        :func:`decide`                                        ``state:released``,
                                                                                  ``state:restricted_release``,
                                                                                  ``state:withheld``
==========================  ===================================================  =================

Every surface shows a document through :func:`rendered_for`, which renders only a released
version (or, for those who may see drafts, the version they ask for) with the core's
:func:`~redline.core.documents.render`, so withheld sections read
``[withheld: reason — available to: audiences]``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts.models import Organisation, Role
from redline.accounts.policy import ROLE_RANK, Action, require, role_in
from redline.core import documents as core
from redline.core.documents import (
    PUBLIC,
    Audience,
    AudienceRecommendation,
    DocumentKind,
    HazardChecklist,
    Reader,
    Rendering,
    ReviewerRole,
    ReviewState,
    Section,
    SectionRestriction,
    Viewer,
)
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.documents.models import RELEASED, Document, DocumentClaim, DocumentReview, DocumentVersion
from redline.documents.snapshots import (
    readership_from_dict,
    recommendation_from_dict,
    review_from_row,
    section_from_dict,
    version_from_dict,
)
from redline.ledger.services import record

log = logging.getLogger("redline.documents")

#: The recommendation a document gets when its author gives none: public, as DESIGN §1.4 asks.
DEFAULT_RECOMMENDATION = AudienceRecommendation(PUBLIC, "Public by default: nothing in it needs restricting.")
#: The two kinds of review an author may ask for (``request_review(..., reviewer_kind=...)``).
REVIEWER_KINDS = ("own", "independent")
#: Everyone: the reader of the owner's members and operators (``may_read`` is true for every section).
EVERYONE = Reader(frozenset(Audience), frozenset())


def author_id(user) -> str:
    """The id a core version names its author by (never an e-mail address)."""
    return f"user:{user.pk}"


def _real(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


def _is_operator(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


# --- who is looking ----------------------------------------------------------------------------


def viewer_of(user) -> Viewer:
    """The core's facts about ``user``: anonymous, or their organisations as ``{slug: kind}``."""
    if not getattr(user, "is_authenticated", False):
        return core.ANONYMOUS
    cache = getattr(user, "_redline_doc_viewer", None)
    if cache is None:
        orgs = dict(user.memberships.values_list("organisation__slug", "organisation__kind"))
        cache = Viewer(anonymous=False, organisations=orgs)
        user._redline_doc_viewer = cache
    return cache


def reader_of(who, document: Document) -> Reader:
    """What ``who`` (a request, a user, a core :class:`Viewer` or :class:`Reader`) may read of ``document``.

    Operators read everything, as the policy lets them do everything; members of the owning
    organisation read every section of their own documents (the core's rule).
    """
    if isinstance(who, Reader):
        return who
    if isinstance(who, Viewer):
        return core.reader_for(who, owner=document.organisation.slug)
    user = getattr(who, "user", who)
    if _is_operator(user):
        return EVERYONE
    return core.reader_for(viewer_of(user), owner=document.organisation.slug)


def is_member(user, document: Document) -> bool:
    return _is_operator(user) or role_in(user, document.organisation) is not None


def _reviewer_orgs(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.memberships.filter(organisation__kind="reviewer").values_list("organisation_id", flat=True))


def visible_documents(user) -> QuerySet[Document]:
    """Documents ``user`` may open: released ones, their own organisation's, and those sent to them for review."""
    qs = Document.objects.select_related("organisation", "model__organisation", "released")
    if _is_operator(user):
        return qs
    q = Q(released__isnull=False)
    if getattr(user, "is_authenticated", False):
        q |= Q(organisation_id__in=list(user.memberships.values_list("organisation_id", flat=True)))
        reviewer_orgs = _reviewer_orgs(user)
        if reviewer_orgs:
            open_reviews = DocumentReview.objects.filter(
                state=ReviewState.IN_REVIEW.value, independent=True).filter(
                Q(reviewer_org_id__in=reviewer_orgs) | Q(reviewer_org__isnull=True))
            q |= Q(pk__in=open_reviews.values("version__document_id"))
    return qs.filter(q)


def may_review(user, review: DocumentReview) -> ReviewerRole | None:
    """The role ``user`` would review ``review`` in, or None: not the author, and the right organisation."""
    if not getattr(user, "is_authenticated", False) or review.state != ReviewState.IN_REVIEW.value:
        return None
    if author_id(user) == review.version.snapshot["author"]:
        return None
    if review.independent:
        orgs = _reviewer_orgs(user)
        if review.reviewer_org_id in orgs or (review.reviewer_org_id is None and orgs):
            return ReviewerRole.INDEPENDENT
        return None
    role = role_in(user, review.version.document.organisation)
    if role is None or ROLE_RANK[Role(role)] < ROLE_RANK[Role.TRIAGER]:
        return None
    return ReviewerRole.ADMIN if role == Role.ADMIN else ReviewerRole.TRIAGER


def may_see_version(user, version: DocumentVersion) -> bool:
    """Released versions for whoever may see the document; others for members and the version's reviewer."""
    if is_released(version) or is_member(user, version.document):
        return True
    review = getattr(version, "review", None)
    return review is not None and may_review(user, review) is not None


# --- reading ----------------------------------------------------------------------------------


def core_version(version: DocumentVersion) -> core.DocumentVersion:
    """The core version a stored row holds."""
    return version_from_dict(version.snapshot)


def is_released(version: DocumentVersion) -> bool:
    """True when a finished review released exactly this version (its digest)."""
    review = DocumentReview.objects.filter(released_version=version, state__in=RELEASED).select_related(
        "version").first()
    return review is not None and core.is_released(core_version(version), review_from_row(review))


def released_version(document: Document) -> DocumentVersion | None:
    """The version readers see, checked against the review that released it; None while nothing is released."""
    version = document.released
    if version is None:
        return None
    if not is_released(version):  # a tampered row: show nothing rather than an unreviewed text
        log.error("documents.release_mismatch", extra={"document": document.pk, "version": version.number})
        return None
    return version


def latest_version(document: Document) -> DocumentVersion:
    return document.versions.order_by("-number").first()


def rendered_for(who, document: Document, *, version: DocumentVersion | None = None) -> Rendering:
    """``document`` as ``who`` (a request, user, core Viewer or Reader) may read it: the core :class:`Rendering`.

    Without ``version``, the released version; PermissionDenied when nothing is released yet. With
    ``version``, that version, which a user must be allowed to see (members, its reviewer); a Viewer
    or Reader gets released versions only. Withheld sections are logged as ``rendering.withheld``.
    """
    if version is None:
        version = released_version(document)
        if version is None:
            raise PermissionDenied(f"{document.ref} has no reviewed, released version yet")
    elif version.document_id != document.pk:
        raise InvalidInput("version", "that version belongs to another document")
    elif isinstance(who, Viewer | Reader):
        if not is_released(version):
            raise PermissionDenied(f"version {version.number} is not released")
    elif not may_see_version(getattr(who, "user", who), version):
        raise PermissionDenied(f"version {version.number} is not released")
    reader = reader_of(who, document)
    review = getattr(version, "review", None)
    user = getattr(who, "user", who)
    if review is not None and not isinstance(who, Viewer | Reader) and may_review(user, review):
        reader = EVERYONE  # the reviewer reads everything that would be released
    rendering = core.render(core_version(version), reader)
    if rendering.withheld:
        log.info("rendering.withheld", extra={"document": document.ref, "version": version.number,
                                              "sections": list(rendering.withheld)})
    return rendering


def released_versions(document: Document) -> list[DocumentVersion]:
    """Every version a review released, oldest first (the public history)."""
    return list(document.versions.filter(released_by__state__in=RELEASED).order_by("number"))


def diff(who, old: DocumentVersion, new: DocumentVersion) -> list:
    """The changes from ``old`` to ``new`` that ``who`` may see (the core's :func:`diff_versions` with a reader)."""
    return core.diff_versions(core_version(old), core_version(new), reader_of(who, old.document))


def claims_of(organisation: Organisation, who=core.ANONYMOUS) -> list[tuple[Document, core.Claim]]:
    """The claims in the released versions of ``organisation``'s documents, in sections ``who`` may read.

    For practice maps and transparency reports: each pair is the document and one core :class:`Claim`.
    """
    out = []
    for document in Document.objects.filter(organisation=organisation, released__isnull=False).select_related(
            "organisation", "released"):
        version = released_version(document)
        if version is None:
            continue
        reader = reader_of(who, document)
        for section in core_version(version).sections:
            if core.may_read(section.readership, reader):
                out.extend((document, claim) for claim in section.claims)
    return out


# --- writing ----------------------------------------------------------------------------------


def parse_kind(kind: DocumentKind | str) -> DocumentKind:
    try:
        return DocumentKind(str(kind).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in DocumentKind)
        raise InvalidInput("kind", f"unknown document kind {kind!r}; choose one of: {choices}") from None


def _sections(sections: Iterable[Section | Mapping[str, Any]]) -> tuple[Section, ...]:
    out = []
    for section in sections:
        out.append(section if isinstance(section, Section) else section_from_dict(dict(section)))
    return tuple(out)


def _recommendation(value: AudienceRecommendation | Mapping[str, Any] | None) -> AudienceRecommendation:
    if value is None:
        return DEFAULT_RECOMMENDATION
    if isinstance(value, AudienceRecommendation):
        return value
    return recommendation_from_dict(dict(value))


def _check_named(version: core.DocumentVersion) -> None:
    """Every organisation a section or the recommendation names must exist."""
    named = set(version.recommendation.readership.organisations)
    for section in version.sections:
        named |= set(section.readership.organisations)
    if named:
        known = set(Organisation.objects.filter(slug__in=named).values_list("slug", flat=True))
        missing = sorted(named - known)
        if missing:
            raise InvalidInput("audiences", f"no organisation {missing[0]!r}")


def _unique_slug(owner: Organisation, wanted: str) -> str:
    base = slugify(wanted)[:70] or "document"
    slug, n = base, 2
    while Document.objects.filter(organisation=owner, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _append(document: Document, version: core.DocumentVersion, user, note: str = "") -> DocumentVersion:
    """Store ``version`` as the document's next row (with its claims) and mirror its title on the document."""
    _check_named(version)
    previous = [version_from_dict(v.snapshot) for v in document.versions.order_by("number")]
    history = core.History()
    for old in previous:
        history = history.append(old)
    history.append(version)  # the core checks the number, kind and owner
    row = DocumentVersion.objects.create(document=document, number=version.number, snapshot=version.as_dict(),
                                         digest=version.digest(), author=_real(user), note=note[:300])
    position = 0
    for section in version.sections:
        for claim in section.claims:
            DocumentClaim.objects.create(version=row, section=section.key, position=position,
                                         practice=claim.practice, statement=claim.statement,
                                         status=claim.status.value, evidence=list(claim.evidence),
                                         reason=claim.reason)
            position += 1
    document.title = version.title
    document.recommendation = version.recommendation.as_dict()
    document.updated_at = timezone.now()
    return row


@transaction.atomic
def create_document(owner: Organisation, author, kind: DocumentKind | str, title: str,
                    sections: Sequence[Section], *, recommendation: AudienceRecommendation | None = None,
                    model=None, incident=None, slug: str | None = None, period: str = "",
                    extra: Mapping[str, Any] | None = None, note: str = "") -> Document:
    """A new draft document of ``owner`` with version 1 written by ``author`` (a member of ``owner``).

    ``sections`` are core :class:`Section` objects (public unless they say otherwise, a restricted one
    with its reason); ``recommendation`` is the author's :class:`AudienceRecommendation` (public by
    default); ``model`` (an AIModel of ``owner``) and ``incident`` (a disclosure Incident) are optional
    links. Nothing is released until a review decides (:func:`request_review`, :func:`decide`).
    """
    require(author, Action.CREATE, owner, "documents of this organisation")
    kind = parse_kind(kind)
    if model is not None and model.organisation_id != owner.pk:
        raise InvalidInput("model", f"{model.full_slug} is not a model of {owner.slug}")
    version = core.DocumentVersion(1, kind, title, owner.slug, author_id(author), _sections(sections),
                                   _recommendation(recommendation), model=model.full_slug if model else "",
                                   period=period, extra=dict(extra or {}))
    if slug:
        wanted = slugify(slug)
        if not wanted:
            raise InvalidInput("slug", "use letters, digits and hyphens")
        if Document.objects.filter(organisation=owner, slug=wanted).exists():
            raise InvalidInput("slug", f"{owner.slug} already has a document {wanted!r}")
    else:
        wanted = _unique_slug(owner, version.title)
    document = Document(organisation=owner, kind=kind.value, slug=wanted, title=version.title, model=model,
                        incident=incident, created_by=_real(author))
    document.save()
    _append(document, version, author, note or "first version")
    document.save()
    return document


@transaction.atomic
def create_from_template(owner: Organisation, author, kind: DocumentKind | str, title: str, *,
                         bodies: Mapping[str, str] | None = None,
                         recommendation: AudienceRecommendation | None = None, model=None,
                         period: str = "") -> Document:
    """A new draft of a kind with a template (governance card, transparency report), sections from the template."""
    kind = parse_kind(kind)
    start = core.new_from_template(kind, title=title, owner=owner.slug, author=author_id(author),
                                   recommendation=_recommendation(recommendation), bodies=dict(bodies or {}))
    return create_document(owner, author, kind, title, start.sections, recommendation=start.recommendation,
                           model=model, period=period)


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("organisation").get(pk=document.pk)


def pending_review(document: Document) -> DocumentReview | None:
    """The open review of ``document``'s latest version, if one is in progress."""
    return DocumentReview.objects.filter(version__document=document, state=ReviewState.IN_REVIEW.value).first()


@transaction.atomic
def revise(document: Document, author, sections: Sequence[Section], *, title: str | None = None,
           recommendation: AudienceRecommendation | None = None, note: str = "") -> DocumentVersion:
    """Append the next version of ``document`` with ``sections`` (and a new title or recommendation).

    Refused (IllegalTransition) while a version is in review: the reviewer reads a fixed text.
    """
    require(author, Action.UPDATE, document, "this document")
    document = _locked(document)
    if pending_review(document) is not None:
        raise IllegalTransition("hazard review", ReviewState.IN_REVIEW.value, "revise")
    previous = core_version(latest_version(document))
    changes: dict[str, Any] = {"sections": _sections(sections)}
    if title is not None:
        changes["title"] = title
    if recommendation is not None:
        changes["recommendation"] = _recommendation(recommendation)
    version = core.revise(previous, author=author_id(author), **changes)
    row = _append(document, version, author, note)
    document.state = ReviewState.DRAFT.value
    document.save()
    record(document, "revised")
    return row


@transaction.atomic
def request_review(version: DocumentVersion, requester, reviewer_kind: str = "own", *,
                   reviewer_org: Organisation | None = None) -> DocumentReview:
    """Send ``version`` (the document's latest) to its information-hazard review.

    ``reviewer_kind`` is ``"own"`` (a triager or admin of the owning organisation, not the author) or
    ``"independent"`` (a member of ``reviewer_org``, an independent reviewer organisation; any
    reviewer organisation when it is None).
    """
    document = version.document
    require(requester, Action.UPDATE, document, "this document")
    if reviewer_kind not in REVIEWER_KINDS:
        raise InvalidInput("reviewer_kind", f"choose {' or '.join(REVIEWER_KINDS)}, not {reviewer_kind!r}")
    independent = reviewer_kind == "independent"
    if reviewer_org is not None and (not independent or reviewer_org.kind != "reviewer"):
        raise InvalidInput("reviewer_org", "name an independent reviewer organisation, with an independent review")
    document = _locked(document)
    if latest_version(document).pk != version.pk:
        raise InvalidInput("version", f"version {version.number} is not the latest; review the latest version")
    row = DocumentReview.objects.filter(version=version).first()
    if row is not None and row.state != ReviewState.DRAFT.value:
        raise IllegalTransition("hazard review", row.state, "submit")
    current = core_version(version)
    review = core.submit(core.open_review(current, independent=independent), current)
    if row is None:
        row = DocumentReview(version=version)
    row.state, row.independent, row.reviewer_org = review.state.value, independent, reviewer_org
    row.requested_by, row.requested_at = _real(requester), timezone.now()
    row.save()
    document.state = ReviewState.IN_REVIEW.value
    document.updated_at = timezone.now()
    document.save()
    record(document, "state:in_review")
    return row


def _checklist(value: HazardChecklist | Mapping[str, Any]) -> HazardChecklist:
    if isinstance(value, HazardChecklist):
        return value
    data = dict(value)
    unknown = set(data) - {*core.QUESTIONS, "notes"}
    if unknown:
        raise InvalidInput("checklist", f"no question {sorted(unknown)[0]!r}")
    missing = [q for q in core.QUESTIONS if q not in data]
    if missing:
        raise InvalidInput(f"checklist.{missing[0]}", "answer yes or no")
    return HazardChecklist(**data)


def _restriction(value: SectionRestriction | Mapping[str, Any]) -> SectionRestriction:
    if isinstance(value, SectionRestriction):
        return value
    data = dict(value)
    key = str(data.get("key", ""))
    reason = data.get("restriction") or {"reason": data.get("reason", ""), "detail": data.get("detail", "")}
    return SectionRestriction(key, readership_from_dict(data), core.Restriction(reason["reason"],
                                                                                reason.get("detail", "")))


def _reviewer(user, review: DocumentReview) -> core.Reviewer:
    role = may_review(user, review)
    if role is None:
        if author_id(user) == review.version.snapshot["author"]:
            raise PermissionDenied("reviewer: the author may not review their own document")
        if review.independent:
            raise PermissionDenied("reviewer: the author asked for an independent reviewer")
        raise PermissionDenied("you may not review this document: a triager or admin of its organisation may")
    return core.Reviewer(author_id(user), role)


def _locked_review(review: DocumentReview) -> DocumentReview:
    return DocumentReview.objects.select_for_update().select_related("version__document__organisation").get(
        pk=review.pk)


@transaction.atomic
def decide(review: DocumentReview, reviewer, *, checklist: HazardChecklist | Mapping[str, Any],
           decision: str, restrictions: Iterable[SectionRestriction | Mapping[str, Any]] = (),
           rationale: str = "") -> DocumentReview:
    """The reviewer's answers to the checklist and decision: ``publish``, ``restrict`` or ``withhold``.

    *publish* releases the version as it is (refused when a checklist answer is yes); *restrict*
    narrows the named sections (each a :class:`SectionRestriction`, or a dict ``{key, audiences,
    organisations, reason, detail}``) and releases that copy as the next version, written by the
    reviewer; *withhold* releases nothing (an earlier release stays). Publish and restrict refuse a
    version with a claim stated done or partial without evidence.
    """
    review = _locked_review(review)
    who = _reviewer(reviewer, review)
    version = review.version
    document = _locked(version.document)
    current = core_version(version)
    done, released = core.decide(review_from_row(review), current, reviewer=who, checklist=_checklist(checklist),
                                 decision=decision, restrictions=[_restriction(r) for r in restrictions],
                                 rationale=rationale)
    released_row = None
    if released is not None:
        if released.number == version.number:
            released_row = version
        else:
            released_row = _append(document, released, reviewer, "restricted by the information-hazard review")
    review.state, review.reviewer, review.reviewer_role = done.state.value, _real(reviewer), who.role.value
    review.checklist = done.checklist.as_dict() if done.checklist else None
    review.decision = done.decision.value if done.decision else ""
    review.restrictions = done.as_dict()["restrictions"]
    review.rationale, review.released_digest = done.rationale, done.released_digest
    review.released_version, review.decided_at = released_row, timezone.now()
    review.save()
    document.state = done.state.value
    if released_row is not None:
        document.released, document.released_at = released_row, timezone.now()
    document.updated_at = timezone.now()
    document.save()
    record(document, f"state:{done.state.value}")
    return review


@transaction.atomic
def return_to_author(review: DocumentReview, reviewer, rationale: str) -> DocumentReview:
    """Send the version back to its author with the reviewer's reasons (it goes back to draft)."""
    review = _locked_review(review)
    who = _reviewer(reviewer, review)
    done = core.return_to_author(review_from_row(review), reviewer=who, rationale=rationale)
    review.state, review.rationale = done.state.value, done.rationale
    review.reviewer, review.reviewer_role = _real(reviewer), who.role.value
    review.save()
    document = _locked(review.version.document)
    document.state = ReviewState.DRAFT.value
    document.updated_at = timezone.now()
    document.save()
    record(document, "state:draft")
    return review


def flagged_claims(version: DocumentVersion) -> list[core.Claim]:
    """The claims of ``version`` that a release would refuse (done or partial without evidence, no reason)."""
    return core.flagged(core_version(version).claims)
