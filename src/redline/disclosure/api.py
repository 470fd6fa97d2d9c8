"""API: public advisories (search), report intake (no account needed), cases and case actions; the incident
database's routes live in :mod:`redline.disclosure.incident_api`."""


import datetime as dt

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from redline.accounts import policy, ratelimit
from redline.accounts.api_auth import caller, require_write
from redline.accounts.models import Organisation
from redline.core.disclosure.case import VENDOR_ACTIONS, Action
from redline.core.errors import InvalidInput
from redline.disclosure import incident_api, intake, publishing, serializers, services
from redline.disclosure.lookups import visible_case
from redline.disclosure.models import Advisory, Report
from redline.http.pagination import Mapped, Page
from redline.http.params import RecordId

router = Router(tags=["disclosure"])
router.add_router("/", incident_api.router)


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class AdvisoryFilters(DocSchema):
    q: str = ""
    """Full-text search over the public record."""
    model: str = ""
    """``organisation/slug`` of an affected model."""
    organisation: str = ""
    cue: str = ""
    """A CUE entry ID, e.g. CUE-0001."""
    kind: str = ""
    severity: str = ""
    state: str = "published"
    """published, rejected or withdrawn."""
    since: dt.date | None = None
    until: dt.date | None = None


class AffectedSystemIn(DocSchema):
    vendor: str | None = Field(default=None, max_length=200)
    """The vendor's name or slug."""
    model: str | None = Field(default=None, max_length=200)
    version: str | None = Field(default=None, max_length=100)
    artifact_type: str | None = Field(default=None, max_length=100)
    """e.g. model, system, weights."""


class ReferenceIn(DocSchema):
    url: str = Field(max_length=2000)
    """Shown as a link only when it is http(s) or mailto."""
    label: str | None = Field(default=None, max_length=300)
    type: str | None = Field(default=None, max_length=50)


class ReportIn(DocSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    kind: str = "vulnerability"
    """vulnerability, misuse, hazard, incident or measurement."""
    accepted_terms: str
    """The version of the safe-harbor terms in force (GET /api/safe-harbor)."""
    expected_behaviour: str = ""
    actual_behaviour: str = ""
    policy_violated: str = ""
    reproduction: str = ""
    """Shared with affected vendors and coordinators only; never published; dropped on the CSAM path."""
    models: list[str] = []
    """Affected models as ``organisation/slug``."""
    vendors: list[str] = []
    """Further affected developer organisations (slugs)."""
    affected_systems: list[AffectedSystemIn] = []
    cue_ids: list[str] = []
    severity: str = "medium"
    prevalence: str = ""
    harm_types: list[str] = []
    affected_stakeholders: list[str] = []
    disclosure_intent: str = ""
    credits: list[str] = []
    references: list[ReferenceIn] = []
    """Web pages about the flaw: ``{"url": "https://…", "label": "…", "type": "…"}`` (http or https only)."""
    real_world_harm: bool = False
    malicious_use: bool = False
    csam_path: bool = False
    reporter_email: str = ""
    restricted_fields: list[str] = []
    """Fields to keep off the public advisory."""


class SuggestionOut(DocSchema):
    ref: str
    public_id: str | None
    score: float


class SubmittedOut(DocSchema):
    ref: str
    public_id: str | None
    token: str
    """The private follow-up token, shown once: GET /report/follow/<token>/ or /report/follow/<token>.json."""
    suggestions: list[SuggestionOut]


class ActionIn(DocSchema):
    op: str
    """accept, invalid, defer, close, or a case action: acknowledge, validate, fix_ready, fix_deployed,
    agree_to_publish, statement, propose_embargo, accept_embargo, reject_embargo, propose_revision,
    accept_revision, reject_revision, terminate_embargo, made_public, exploit_published, attacks_observed,
    publish, reject, withdraw."""
    vendor: str = ""
    """The vendor's slug, for actions on one participation (and ``statement``)."""
    requested_end: dt.datetime | None = None
    """The embargo's end for propose_embargo / propose_revision; past the policy's limit answers 422."""
    reason: str = Field(default="", max_length=2000)
    """Why: the tombstone of reject / withdraw; a coordinator's reason to end an embargo early (terminate_embargo,
    or publish before its end), published with the advisory; where the flaw became public."""
    statement: str = Field(default="", max_length=4000)
    """The vendor's statement for the advisory (op ``statement``)."""


@router.get("/safe-harbor", response=dict)
def safe_harbor(request):
    """The safe-harbor terms in force."""
    terms = intake.ensure_terms()
    return {"version": terms.version, "text": terms.text, "published_at": terms.published_at.isoformat()}


@router.get("/advisories", response=list[dict])
@paginate(Page)
def list_advisories(request, filters: Query[AdvisoryFilters]):
    """Published advisories (or tombstones with ``state``), newest first."""
    qs = publishing.search(filters.q, model=filters.model, organisation=filters.organisation, cue=filters.cue,
                           kind=filters.kind, severity=filters.severity, state=filters.state,
                           since=filters.since, until=filters.until)
    return Mapped(qs, serializers.advisory_summary)


@router.get("/advisories/{public_id}", response=dict)
def get_advisory(request, public_id: str):
    """One advisory's redacted public record (a duplicate answers with its original's)."""
    adv = Advisory.objects.filter(public_id=public_id).exclude(state="reserved").first()
    if adv is None:
        raise Http404("no such advisory")
    if adv.state == "duplicate" and adv.redirect_to:
        adv = Advisory.objects.get(public_id=adv.redirect_to)
    return serializers.advisory_detail(adv)


@router.post("/reports", response={201: SubmittedOut})
def submit(request, body: ReportIn):
    """Submit a report; no account is needed. The follow-up token is returned once.

    Each text and list field has a length limit (docs/disclosure.md); a longer one answers 422 naming
    the field. Duplicate suggestions name published advisories only, unless the caller may see the
    matching reports (a vendor on their cases, a coordinator)."""
    user = caller(request)
    data = body.dict()
    data["affected_systems"] = [s.dict(exclude_none=True) for s in body.affected_systems]
    data["references"] = [r.dict(exclude_none=True) for r in body.references]
    done = intake.submit_report(intake.Submission(**data), reporter=user if user.is_authenticated else None,
                                client=ratelimit.client_ip(request))
    adv = getattr(done.report, "advisory", None)
    return Status(201, {"ref": done.report.ref, "public_id": adv.public_id if adv else None, "token": done.token,
                 "suggestions": [{"ref": s.ref, "public_id": s.public_id, "score": s.score}
                                 for s in intake.suggestions_for(user, done.suggestions)]})


@router.get("/cases", response=list[dict])
@paginate(Page)
def list_cases(request):
    """Cases the caller may see: its organisations' participations, or every case for coordinators."""
    user = caller(request)
    qs = Report.objects.filter(policy.reports_visible_filter(user)).distinct().select_related("case")
    return Mapped(qs, lambda r: {"id": r.pk, "ref": r.ref, "title": r.title, "severity": r.severity,
                                 "embargo": r.case.embargo_state})


@router.get("/cases/{pk}", response=dict)
def get_case(request, pk: RecordId, thread: str | None = None, page: int | None = None):
    """The case as the caller may see it (a vendor sees only its own participation and its own thread), with
    one page of messages: ``thread`` is ``all``, ``case`` (case-wide) or a vendor's slug (default: a vendor's
    own thread, else the case-wide one), ``page`` counts from the oldest (default: the last, the newest
    messages); ``threads`` lists the threads the caller may read. A thread the caller may not read answers
    422 naming ``thread``, as one that does not exist."""
    user = caller(request)
    return serializers.case_detail(user, visible_case(user, pk), thread=thread, page=page,
                                   base_url=f"/api/cases/{pk}")


@router.post("/cases/{pk}/actions", response=dict)
def case_action(request, pk: RecordId, body: ActionIn):
    """Apply one action; illegal transitions answer 409 with the reason in words (e.g. publishing while an
    embargo binds), an embargo end past the policy 422 naming ``requested_end``."""
    user = require_write(request)
    report = visible_case(caller(request), pk)
    vendor = Organisation.objects.filter(slug=body.vendor).first() if body.vendor else None
    if body.op in ("accept", "invalid", "defer", "close"):
        if vendor is None:
            raise InvalidInput("vendor", "this action needs the vendor's slug")
        services.triage(user, report, vendor, body.op)
    elif body.op == "publish":
        services.publish(user, report, reason=body.reason or None)
    elif body.op == "statement":
        if vendor is None:
            raise InvalidInput("vendor", "this action needs the vendor's slug")
        services.set_statement(user, report, vendor, body.statement)
    elif body.op == "reject":
        publishing.reject(user, report, body.reason)
    elif body.op == "withdraw":
        publishing.withdraw(user, report, body.reason)
    else:
        if body.op not in {a.value for a in Action}:
            raise InvalidInput("op", f"unknown action {body.op!r}")
        services.act(user, report, body.op, vendor=vendor if body.op in VENDOR_ACTIONS else None,
                     requested_end=body.requested_end, reason=body.reason or None)
    report.refresh_from_db()
    return serializers.case_detail(user, report)
