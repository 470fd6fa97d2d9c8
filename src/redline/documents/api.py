"""API: documents as their caller may read them (list, detail, versions), and writing with a token.

Reads render through :func:`redline.documents.services.rendered_for`: a section outside the
caller's audience comes back with its withheld marker as its body, exactly as on the page.
Writes (create, revise, request a review, decide) need a token with the write scope.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from redline.accounts.api_auth import caller, require_write
from redline.accounts.models import Organisation
from redline.core.errors import InvalidInput
from redline.documents import services
from redline.documents.exports import export_data
from redline.documents.lookups import visible_document, visible_version
from redline.documents.serializers import document_summary, version_summary
from redline.http.pagination import Mapped, Page

router = Router(tags=["documents"])


class ClaimIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    practice: str
    """The practice the claim is about (e.g. a NIST AI 800-1 practice, "4.1")."""
    statement: str
    status: str
    """done, partial, planned or not_yet_feasible."""
    evidence: list[str] = []
    """Links (http(s) URLs or paths on this site); done and partial need at least one."""
    reason: str = ""
    """Why it is only planned or not yet feasible."""


class SectionIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    key: str
    """Stable across versions: lower-case letters, digits, '-' or '_'."""
    title: str
    body: str = ""
    """Markdown."""
    audiences: list[str] = ["public"]
    """public, or some of regulators, reviewers, developers, named, internal."""
    organisations: list[str] = []
    """The named organisations' slugs (with 'named')."""
    reason: str | None = None
    """Required when not public: capability_uplift, exploit_detail, personal_data, security_of_systems, legal."""
    detail: str = ""
    """The reason in words (up to 300 characters)."""
    claims: list[ClaimIn] = []


class RecommendationIn(Schema):
    audiences: list[str] = ["public"]
    organisations: list[str] = []
    rationale: str


class DocumentIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    organisation: str
    """The owning organisation's slug (you must be a member)."""
    kind: str
    """threat_profile, impact_assessment, capability_report, safeguards_report, transparency_report,
    governance_card, safety_case_summary, post_incident_report or other."""
    title: str
    sections: list[SectionIn]
    recommendation: RecommendationIn | None = None
    """Who should receive it and why; public by default."""
    model: str | None = None
    """The model's slug (a model of the organisation)."""
    incident: int | None = None
    slug: str | None = None
    note: str = ""


class RevisionIn(Schema):
    sections: list[SectionIn]
    title: str | None = None
    recommendation: RecommendationIn | None = None
    note: str = ""


class ReviewRequestIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    reviewer_kind: str = "own"
    """own (a triager or admin of the organisation) or independent."""
    reviewer_org: str | None = None
    """With independent: the reviewer organisation's slug (any when empty)."""


class DecisionIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    checklist: dict[str, bool | str]
    """cbrn_cyber_uplift, exploit_steps, personal_data, model_theft_aid (true means a hazard), and notes."""
    decision: str
    """publish, restrict, withhold, or return (to the author)."""
    restrictions: list[dict] = []
    """With restrict: [{"key", "audiences", "organisations", "reason", "detail"}]."""
    rationale: str = ""


def _section(s: SectionIn) -> dict:
    return {"key": s.key, "title": s.title, "body": s.body, "audiences": s.audiences or ["public"],
            "organisations": s.organisations,
            "restriction": {"reason": s.reason, "detail": s.detail} if s.reason else None,
            "claims": [c.dict() for c in s.claims]}


def _recommendation(r: RecommendationIn | None) -> dict | None:
    return None if r is None else {"audiences": r.audiences, "organisations": r.organisations,
                                   "rationale": r.rationale}


def _detail(request, document) -> dict:
    user = caller(request)
    version = services.released_version(document) or services.latest_version(document)
    return export_data(user, document, version)


@router.get("/documents", response=list[dict], summary="Documents you may open")
@paginate(Page)
def list_documents(request, organisation: str | None = None, kind: str | None = None, q: str | None = None):
    user = caller(request)
    docs = services.visible_documents(user).order_by("-updated_at", "-pk")
    if organisation:
        docs = docs.filter(organisation__slug=organisation)
    if kind:
        docs = docs.filter(kind=services.parse_kind(kind).value)
    if q:
        docs = docs.filter(title__icontains=q[:200])
    return Mapped(docs, lambda d: document_summary(d, user))


@router.post("/documents", response={201: dict}, summary="Write a new draft document")
def create_document(request, payload: DocumentIn):
    user = require_write(request)
    owner = Organisation.objects.filter(slug=payload.organisation).first()
    if owner is None:
        raise InvalidInput("organisation", f"no organisation {payload.organisation!r}")
    model = None
    if payload.model:
        model = owner.models.filter(slug=payload.model.split("/")[-1]).first()
        if model is None:
            raise InvalidInput("model", f"{owner.slug} has no model {payload.model!r}")
    incident = None
    if payload.incident:
        from redline.disclosure.incidents import visible

        incident = visible(user).filter(pk=payload.incident).first()
        if incident is None:
            raise InvalidInput("incident", f"no incident {payload.incident}")
    document = services.create_document(owner, user, payload.kind, payload.title,
                                        [_section(s) for s in payload.sections],
                                        recommendation=_recommendation(payload.recommendation), model=model,
                                        incident=incident, slug=payload.slug, note=payload.note)
    return Status(201, _detail(request, document))


@router.get("/documents/{org}/{slug}", response=dict, summary="A document as you may read it")
def get_document(request, org: str, slug: str):
    return _detail(request, visible_document(caller(request), org, slug))


@router.get("/documents/{org}/{slug}/versions", response=list[dict], summary="A document's versions you may see")
def list_versions(request, org: str, slug: str):
    user = caller(request)
    document = visible_document(user, org, slug)
    released = services.released_versions(document)
    versions = list(document.versions.order_by("number")) if services.is_member(user, document) else released
    pks = {v.pk for v in released}
    return [version_summary(v, released=v.pk in pks) for v in versions]


@router.get("/documents/{org}/{slug}/versions/{number}", response=dict, summary="One version as you may read it")
def get_version(request, org: str, slug: str, number: int):
    user = caller(request)
    document = visible_document(user, org, slug)
    return export_data(user, document, visible_version(user, document, number))


@router.post("/documents/{org}/{slug}/versions", response={201: dict}, summary="Revise: append the next version")
def revise(request, org: str, slug: str, payload: RevisionIn):
    user = require_write(request)
    document = visible_document(caller(request), org, slug)
    version = services.revise(document, user, [_section(s) for s in payload.sections], title=payload.title,
                              recommendation=_recommendation(payload.recommendation), note=payload.note)
    return Status(201, export_data(user, document, version))


@router.post("/documents/{org}/{slug}/review", response={201: dict},
             summary="Send the latest version to its information-hazard review")
def request_review(request, org: str, slug: str, payload: ReviewRequestIn):
    user = require_write(request)
    document = visible_document(caller(request), org, slug)
    reviewer_org = None
    if payload.reviewer_org:
        reviewer_org = Organisation.objects.filter(slug=payload.reviewer_org, kind="reviewer").first()
        if reviewer_org is None:
            raise InvalidInput("reviewer_org", f"no reviewer organisation {payload.reviewer_org!r}")
    review = services.request_review(services.latest_version(document), user, payload.reviewer_kind,
                                     reviewer_org=reviewer_org)
    return Status(201, {"version": review.version.number, "state": review.state, "independent": review.independent})


@router.post("/documents/{org}/{slug}/versions/{number}/decision", response=dict,
             summary="The reviewer's checklist and decision (publish, restrict, withhold, return)")
def decide(request, org: str, slug: str, number: int, payload: DecisionIn):
    user = require_write(request)
    document = visible_document(caller(request), org, slug)
    version = visible_version(caller(request), document, number)
    review = getattr(version, "review", None)
    if review is None:
        raise Http404("this version has not been sent for review")
    if payload.decision == "return":
        services.return_to_author(review, user, payload.rationale)
    else:
        checklist = {k: (v if k == "notes" else bool(v)) for k, v in payload.checklist.items()}
        services.decide(review, user, checklist=checklist, decision=payload.decision,
                        restrictions=payload.restrictions, rationale=payload.rationale)
    document.refresh_from_db()
    return _detail(request, document)
