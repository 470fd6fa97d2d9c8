"""API: safety cases per model, import and export of gsn2x YAML, bindings, submission and assessment."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from redline.accounts.api_auth import caller, require_write
from redline.core.gsn import check
from redline.registry.lookups import visible_model
from redline.safety_cases import services
from redline.safety_cases.lookups import visible_case, visible_cases
from redline.safety_cases.serializers import assessment_dict, case_summary, live_dict

router = Router(tags=["safety cases"])


class FileIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    source: str
    """The module's file name (kept on export)."""
    text: str
    """The module's gsn2x YAML."""


class CaseIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    files: list[FileIn]
    """The modules of one case."""
    title: str | None = None
    slug: str | None = None
    modes: list[str] = []
    """Deployment modes the case argues for; none means every mode."""


class CaseUpdate(Schema):
    files: list[FileIn]
    title: str | None = None
    modes: list[str] | None = None


class CheckIn(Schema):
    files: list[FileIn]
    extended_check: bool = False
    warn_dialectic: bool = False


class BindIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    element: str
    """The Solution's ID."""
    kind: str
    """red_line_verdict, safeguard_test, risk_run, decision or drill."""
    commitment: int | None = None
    """red_line_verdict: a red line's id; risk_run: a risk threshold's id."""
    safeguard: str = ""
    decision: int | None = None
    protocol: int | None = None
    modification: str = ""
    """For a decision to modify: the modification that was made."""


class AssessIn(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)

    verdict: str
    """accepted, accepted_with_conditions or rejected."""
    reasons: str
    element_reasons: dict[str, str] = {}
    conditions: list[str] = []
    signature: str | None = None
    """Base64 Ed25519 signature of the assessment document; empty with a server-held demo key."""


def _detail(case) -> dict:
    current = services.live(case)
    return live_dict(current, standing=services.standing(case, current), assessments=[
        assessment_dict(a, problem=services.verify_assessment(a)) for a in case.assessments.all()])


@router.post("/safety-cases/check", response=dict, summary="Check gsn2x YAML with gsn2x's codes (nothing stored)")
def check_yaml(request, payload: CheckIn):
    case = services.argument(services.clean_files([(f.source, f.text) for f in payload.files]))
    return check(case, extended_check=payload.extended_check, warn_dialectic=payload.warn_dialectic).as_dict()


@router.get("/models/{org}/{slug}/safety-cases", response=list[dict], summary="A model's safety cases")
def list_cases(request, org: str, slug: str):
    user = caller(request)
    return [case_summary(c, services.live(c)) for c in visible_cases(user, visible_model(user, org, slug))]


@router.post("/models/{org}/{slug}/safety-cases", response={201: dict}, summary="Import a case from gsn2x YAML")
def create_case(request, org: str, slug: str, payload: CaseIn):
    user = require_write(request)
    case = services.import_case(user, visible_model(caller(request), org, slug),
                                [(f.source, f.text) for f in payload.files], title=payload.title, slug=payload.slug,
                                modes=payload.modes)
    return Status(201, _detail(case))


@router.get("/models/{org}/{slug}/safety-cases/{case}", response=dict, summary="A case with its live status")
def get_case(request, org: str, slug: str, case: str):
    return _detail(visible_case(caller(request), org, slug, case))


@router.put("/models/{org}/{slug}/safety-cases/{case}", response=dict, summary="Replace a case's modules")
def update_case(request, org: str, slug: str, case: str, payload: CaseUpdate):
    user = require_write(request)
    obj = services.update_case(user, visible_case(caller(request), org, slug, case),
                               [(f.source, f.text) for f in payload.files], title=payload.title, modes=payload.modes)
    return _detail(obj)


@router.get("/models/{org}/{slug}/safety-cases/{case}/export", response=dict,
            summary="The case's gsn2x YAML, as written ({file name: text})")
def export_case(request, org: str, slug: str, case: str):
    return services.export_files(visible_case(caller(request), org, slug, case))


@router.post("/models/{org}/{slug}/safety-cases/{case}/bindings", response={201: dict},
             summary="Bind a Solution to a record")
def bind(request, org: str, slug: str, case: str, payload: BindIn):
    user = require_write(request)
    obj = visible_case(caller(request), org, slug, case)
    model = obj.model
    commitment = model.commitments.filter(pk=payload.commitment).first() if payload.commitment else None
    decision = model.decisions.filter(pk=payload.decision).first() if payload.decision else None
    protocol = None
    if payload.protocol:
        protocol = next((p for d in model.deployments.all() for p in d.protocols.all() if p.pk == payload.protocol),
                        None)
    if (payload.commitment and commitment is None) or (payload.decision and decision is None) or \
            (payload.protocol and protocol is None):
        raise Http404("no such record of this model")
    services.bind(user, obj, payload.element, payload.kind, commitment=commitment, safeguard=payload.safeguard,
                  decision=decision, protocol=protocol, modification=payload.modification)
    return Status(201, _detail(obj))


@router.delete("/models/{org}/{slug}/safety-cases/{case}/bindings/{element}", response=dict,
               summary="Unbind a Solution")
def unbind(request, org: str, slug: str, case: str, element: str):
    user = require_write(request)
    obj = visible_case(caller(request), org, slug, case)
    services.unbind(user, obj, element)
    return _detail(obj)


@router.post("/models/{org}/{slug}/safety-cases/{case}/submit", response=dict, summary="Submit for assessment")
def submit(request, org: str, slug: str, case: str):
    user = require_write(request)
    return _detail(services.submit(user, visible_case(caller(request), org, slug, case)))


@router.post("/models/{org}/{slug}/safety-cases/{case}/assessments", response={201: dict},
             summary="Record an independent, signed assessment")
def assess(request, org: str, slug: str, case: str, payload: AssessIn):
    user = require_write(request)
    obj = visible_case(caller(request), org, slug, case)
    assessment = services.assess(user, obj, payload.verdict, payload.reasons, element_reasons=payload.element_reasons,
                                 conditions=payload.conditions, signature=payload.signature)
    return Status(201, assessment_dict(assessment, problem=services.verify_assessment(assessment)))
