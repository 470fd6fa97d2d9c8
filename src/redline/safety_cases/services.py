"""Safety-case services: import, edit and export gsn2x YAML, bind Solutions, submit, assess, and the live status.

Every write checks the policy, runs in one transaction and lands in the ledger. The argument
itself is the core's (:mod:`redline.core.gsn`): a case is stored as the YAML text of its
modules, exactly as written, and read again for every check, status and diagram. A case
with check errors is never stored (the diagnostics are the answer); warnings are kept and
shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from redline.accounts.policy import Action, require
from redline.commitments.models import Commitment, CommitmentKind, ReviewerKey
from redline.core import gsn, signing
from redline.core.canonical import digest
from redline.core.commitments import CommitmentState
from redline.core.deployment import DeploymentMode
from redline.core.errors import InvalidInput, VerificationFailed
from redline.core.gsn.assessment import (
    EDITABLE,
    LIFECYCLE,
    AssessmentVerdict,
    CaseEvent,
    CaseState,
    assessment_document,
)
from redline.ledger.services import record
from redline.registry.models import AIModel
from redline.safety_cases.evidence import Bound, resolve
from redline.safety_cases.models import Assessment, AssessmentCondition, SafetyCase, SolutionBinding

MAX_FILES = 20
MAX_FILE_BYTES = 512 * 1024


def _real(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


# --- reading and checking -------------------------------------------------------------------


def clean_files(files: Iterable[tuple[str, str]] | Mapping[str, str]) -> list[dict[str, str]]:
    """``[{"source", "text"}]`` from (name, YAML text) pairs; InvalidInput for no files, too many or too big."""
    items = list(files.items() if isinstance(files, Mapping) else files)
    if not items:
        raise InvalidInput("files", "give at least one gsn2x YAML file")
    if len(items) > MAX_FILES:
        raise InvalidInput("files", f"at most {MAX_FILES} module files")
    out, seen = [], set()
    for source, text in items:
        source = str(source).strip() or "case.gsn.yaml"
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput("files", f"{source}: not UTF-8 text") from None
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise InvalidInput("files", f"{source}: larger than {MAX_FILE_BYTES // 1024} KiB")
        if source in seen:
            raise InvalidInput("files", f"{source}: given twice")
        seen.add(source)
        out.append({"source": source, "text": text})
    return out


def argument(files: Sequence[Mapping[str, str]]) -> gsn.Case:
    """The core case of stored or given files (InvalidInput naming the file when one cannot be read)."""
    return gsn.case_from_texts([(f["source"], f["text"]) for f in files])


def check_files(files: Sequence[Mapping[str, str]]) -> tuple[gsn.Case, gsn.CheckResult]:
    case = argument(files)
    return case, gsn.check(case)


def _require_valid(result: gsn.CheckResult) -> None:
    if not result.valid:
        first = "; ".join(str(d) for d in result.errors[:3])
        more = f" (and {len(result.errors) - 3} more)" if len(result.errors) > 3 else ""
        raise InvalidInput("files", f"{len(result.errors)} check error(s): {first}{more}")


def _modes(modes: Iterable[str] | None) -> list[str]:
    """Deployment-mode values (any spelling ``DeploymentMode.parse`` reads); none given means every mode."""
    if not modes:
        return [m.value for m in DeploymentMode]
    out = []
    for m in modes:
        value = DeploymentMode.parse(m).value
        if value not in out:
            out.append(value)
    return [m.value for m in DeploymentMode if m.value in out]


def _unique_slug(model: AIModel, wanted: str) -> str:
    base = slugify(wanted)[:70] or "case"
    slug, n = base, 2
    while SafetyCase.objects.filter(model=model, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- writing cases ---------------------------------------------------------------------------


@transaction.atomic
def import_case(user, model: AIModel, files, *, title: str | None = None, slug: str | None = None,
                modes: Iterable[str] | None = None, template: str = "") -> SafetyCase:
    """A new draft case from gsn2x YAML files (the modules of one case), kept exactly as written."""
    require(user, Action.UPDATE, model, "this model's safety cases")
    clean = clean_files(files)
    case, result = check_files(clean)
    _require_valid(result)
    first = case.modules[0]
    title = (title or "").strip() or first.brief or first.name
    if slug:
        slug = slugify(slug)
        if not slug:
            raise InvalidInput("slug", "use letters, digits and hyphens")
        if SafetyCase.objects.filter(model=model, slug=slug).exists():
            raise InvalidInput("slug", f"{model.full_slug} already has a case {slug!r}")
    else:
        slug = _unique_slug(model, first.name.removesuffix(".yaml").removesuffix(".gsn"))
    obj = SafetyCase.objects.create(model=model, slug=slug, title=title[:200], modes=_modes(modes), files=clean,
                                    sha256=gsn.case_digest(case), template=template, created_by=_real(user))
    refresh(obj, notify=False)
    return obj


@transaction.atomic
def create_from_template(user, model: AIModel, template: str, values: Mapping[str, Any], *,
                         title: str | None = None, modes: Iterable[str] | None = None) -> SafetyCase:
    """A new draft case from a shipped template (inability, control, trustworthiness, deference)."""
    require(user, Action.UPDATE, model, "this model's safety cases")
    name = f"{model.slug}-{template}"
    case = gsn.instantiate(template, values, module_name=name)
    files = [(source, text) for source, text in gsn.write_case(case).items()]
    return import_case(user, model, files, title=title, modes=modes, template=template)


def _locked(case: SafetyCase) -> SafetyCase:
    return SafetyCase.objects.select_for_update().select_related("model__organisation").get(pk=case.pk)


def _revise(case: SafetyCase) -> None:
    """Editing moves an assessed case back to draft (its assessment no longer applies); a submitted one is frozen."""
    state = case.state_enum
    if state not in EDITABLE:
        LIFECYCLE.apply(state, CaseEvent.REVISE)  # raises IllegalTransition: withdraw the submission first
    if state is not CaseState.DRAFT:
        case.state = LIFECYCLE.apply(state, CaseEvent.REVISE).value
        record(case, "state:draft")


@transaction.atomic
def update_case(user, case: SafetyCase, files, *, title: str | None = None,
                modes: Iterable[str] | None = None) -> SafetyCase:
    """Replace the case's modules with new YAML (the editor); bindings to Solutions that are gone are dropped."""
    require(user, Action.UPDATE, case, "this safety case")
    case = _locked(case)
    clean = clean_files(files)
    parsed, result = check_files(clean)
    _require_valid(result)
    _revise(case)
    solutions = {e.id for e in parsed.solutions()}
    for binding in case.bindings.exclude(element__in=solutions):
        binding.delete()
    case.files = clean
    case.sha256 = gsn.case_digest(parsed)
    case.revision += 1
    if title is not None and title.strip():
        case.title = title.strip()[:200]
    if modes is not None:
        case.modes = _modes(modes)
    case.updated_at = timezone.now()
    case.save()
    refresh(case)
    return case


def export_files(case: SafetyCase) -> dict[str, str]:
    """The case's modules as gsn2x YAML, ``{file name: text}``, exactly as imported or last edited."""
    return {f["source"]: f["text"] for f in case.files}


# --- binding Solutions -----------------------------------------------------------------------


@transaction.atomic
def bind(user, case: SafetyCase, element: str, kind: str, *, commitment: Commitment | None = None,
         safeguard: str = "", decision=None, protocol=None, modification: str = "") -> SolutionBinding:
    """Bind Solution ``element`` to a record of the case's model (replacing an earlier binding)."""
    require(user, Action.UPDATE, case, "this safety case")
    case = _locked(case)
    parsed = argument(case.files)
    target = parsed.get(element)
    if target is None or target.type is not gsn.NodeType.SOLUTION:
        raise InvalidInput("element", f"{element!r} is not a Solution of this case")
    try:
        evidence_kind = gsn.EvidenceKind(kind)
    except ValueError:
        raise InvalidInput("kind", f"must be one of {', '.join(k.value for k in gsn.EvidenceKind)}") from None
    model = case.model
    fields: dict[str, Any] = {"commitment": None, "safeguard": "", "decision": None, "protocol": None,
                              "modification": (modification or "").strip()}
    if evidence_kind in (gsn.EvidenceKind.RED_LINE_VERDICT, gsn.EvidenceKind.RISK_RUN):
        want = CommitmentKind.RED_LINE if evidence_kind is gsn.EvidenceKind.RED_LINE_VERDICT else \
            CommitmentKind.RISK_THRESHOLD
        if commitment is None or commitment.model_id != model.pk or commitment.kind != want:
            raise InvalidInput("commitment", f"choose a {want.label.lower()} of {model.full_slug}")
        fields["commitment"] = commitment
    elif evidence_kind is gsn.EvidenceKind.SAFEGUARD_TEST:
        safeguard = (safeguard or "").strip()
        if not safeguard:
            raise InvalidInput("safeguard", "name the safeguard whose adequacy test counts")
        fields["safeguard"] = safeguard[:200]
    elif evidence_kind is gsn.EvidenceKind.DECISION:
        if decision is None or decision.model_id != model.pk:
            raise InvalidInput("decision", f"choose a decision record of {model.full_slug}")
        fields["decision"] = decision
    else:
        if protocol is None or protocol.deployment.model_id != model.pk:
            raise InvalidInput("protocol", f"choose a de-deployment protocol of {model.full_slug}")
        fields["protocol"] = protocol
    _revise(case)
    binding = case.bindings.filter(element=element).first()
    if binding is None:
        binding = SolutionBinding(case=case, element=element)
    binding.kind = evidence_kind.value
    for name, value in fields.items():
        setattr(binding, name, value)
    binding.bound_by = _real(user)
    binding.bound_at = timezone.now()
    binding.save()
    case.updated_at = timezone.now()
    case.save()
    refresh(case)
    return binding


@transaction.atomic
def unbind(user, case: SafetyCase, element: str) -> None:
    require(user, Action.UPDATE, case, "this safety case")
    case = _locked(case)
    binding = case.bindings.filter(element=element).first()
    if binding is None:
        raise InvalidInput("element", f"{element} is not bound")
    _revise(case)
    binding.delete()
    case.save()
    refresh(case)


# --- live status -----------------------------------------------------------------------------


def requiring(model: AIModel) -> list[Any]:
    """In-force red lines and risk thresholds of ``model`` that require an assessed safety case."""
    from redline.commitments.models import CommitmentVersion

    versions = CommitmentVersion.objects.filter(commitment__model=model, state=CommitmentState.IN_FORCE.value)
    return [v for v in versions.select_related("commitment").order_by("commitment__name")
            if v.spec.get("requires_safety_case")]


@dataclass
class Live:
    """A case as it stands now: the argument, its checks, each Solution's evidence, and the status."""

    case: SafetyCase
    argument: gsn.Case
    check: gsn.CheckResult
    bound: dict[str, Bound]
    status: gsn.CaseStatus
    required: bool
    now: dt.datetime
    requirers: list[str] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return self.status.supported

    def evidence_digests(self) -> list[dict[str, Any]]:
        return [b.digest_entry() for _, b in sorted(self.bound.items())]

    def summary(self) -> dict[str, Any]:
        return {**self.status.summary(), "required": self.required, "required_by": self.requirers}


def live(case: SafetyCase, *, now: dt.datetime | None = None, requirers: list[str] | None = None) -> Live:
    """Read every bound record now and evaluate the argument (nothing is written)."""
    now = now or timezone.now()
    parsed = argument(case.files)
    result = gsn.check(parsed)
    if requirers is None:
        requirers = [v.commitment.name for v in requiring(case.model)]
    bound = {}
    for binding in case.bindings.select_related("commitment__model", "decision", "protocol", "case__model"):
        if binding.element in parsed:
            bound[binding.element] = resolve(binding, now)
    status = gsn.evaluate(parsed, {k: b.status for k, b in bound.items()}, unbound_is_weak=bool(requirers))
    return Live(case, parsed, result, bound, status, bool(requirers), now, requirers)


def _recorded(summary: dict[str, Any]) -> dict[str, Any]:
    return {"status": summary["status"], "gap_count": summary["gap_count"],
            "gaps": [{"element": g["element"], "kind": g["kind"], "reason": g["reason"]} for g in summary["gaps"]]}


def refresh(case: SafetyCase, *, notify: bool = True, now: dt.datetime | None = None) -> bool:
    """Store the live status when it changed (a ledger entry), and tell the case's owners; True when it changed."""
    current = live(case, now=now)
    summary = _recorded(current.summary())
    before = {"status": case.status, "gap_count": case.status_summary.get("gap_count"),
              "gaps": case.status_summary.get("gaps")}
    if before == summary:
        return False
    old = case.status
    case.status = summary["status"]
    case.status_summary = summary
    SafetyCase.objects.filter(pk=case.pk).update(status=case.status, status_summary=summary)
    record(case, f"status:{case.status}")
    if notify and case.pk:
        from redline.safety_cases.tasks import notify_status_change

        pk, new = case.pk, case.status
        transaction.on_commit(lambda: notify_status_change.enqueue(pk, old, new))
    return True


def refresh_model(model: AIModel) -> int:
    """Refresh every case of ``model`` (after evidence changed); returns how many changed status."""
    changed = 0
    for case in SafetyCase.objects.filter(model=model).select_related("model__organisation"):
        changed += refresh(case)
    return changed


def refresh_all() -> int:
    """Refresh every case (evidence expires with time); returns how many changed."""
    changed = 0
    for case in SafetyCase.objects.select_related("model__organisation"):
        with transaction.atomic():
            changed += refresh(case)
    return changed


# --- submission and assessment ----------------------------------------------------------------


def _transition(case: SafetyCase, event: CaseEvent) -> SafetyCase:
    case.state = LIFECYCLE.apply(case.state_enum, event).value
    case.save()
    record(case, f"state:{case.state}")
    return case


@transaction.atomic
def submit(user, case: SafetyCase) -> SafetyCase:
    """draft → submitted, for an independent reviewer to assess; the argument must check without errors."""
    require(user, Action.UPDATE, case, "this safety case")
    case = _locked(case)
    _require_valid(gsn.check(argument(case.files)))
    return _transition(case, CaseEvent.SUBMIT)


@transaction.atomic
def withdraw(user, case: SafetyCase) -> SafetyCase:
    require(user, Action.UPDATE, case, "this safety case")
    return _transition(_locked(case), CaseEvent.WITHDRAW)


def assessor_org(user, case: SafetyCase):
    """The independent reviewer organisation ``user`` assesses for (the rules of commitment approvals)."""
    from redline.commitments.services import reviewer_org_for

    return reviewer_org_for(user, case.model)


def assessment_payload(case: SafetyCase, current: Live, *, verdict: AssessmentVerdict, reasons: str,
                       element_reasons: Mapping[str, str], conditions: Sequence[str], assessor: str,
                       organisation: str) -> dict[str, Any]:
    """What the assessor signs for ``case`` as it is now (download it to sign offline)."""
    return assessment_document(current.argument, model=case.model.full_slug, case_id=case.pk,
                               revision=case.revision, verdict=verdict, reasons=reasons,
                               element_reasons=element_reasons, conditions=conditions,
                               evidence=current.evidence_digests(), assessor=assessor, organisation=organisation)


def clean_assessment(case: Live, verdict: str, reasons: str, element_reasons: Mapping[str, str] | None,
                      conditions: Sequence[str] | None) -> tuple[AssessmentVerdict, str, dict[str, str], list[str]]:
    try:
        parsed = AssessmentVerdict(verdict)
    except ValueError:
        raise InvalidInput("verdict", f"must be one of {', '.join(v.value for v in AssessmentVerdict)}") from None
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput("reasons", "give the reasons for the verdict")
    per = {}
    for element, why in (element_reasons or {}).items():
        element, why = str(element).strip(), str(why or "").strip()
        if not why:
            continue
        if element not in case.argument:
            raise InvalidInput("element_reasons", f"{element!r} is not an element of this case")
        per[element] = why[:2000]
    conds = [c.strip() for c in (conditions or []) if c and c.strip()]
    if parsed is AssessmentVerdict.ACCEPTED_WITH_CONDITIONS and not conds:
        raise InvalidInput("conditions", "accepting with conditions needs at least one condition")
    if parsed is not AssessmentVerdict.ACCEPTED_WITH_CONDITIONS and conds:
        raise InvalidInput("conditions", "conditions go with the verdict 'accepted with conditions'")
    if parsed is AssessmentVerdict.REJECTED and not per:
        raise InvalidInput("element_reasons", "say, for at least one element, where the argument fails")
    return parsed, reasons[:5000], per, conds


@transaction.atomic
def assess(user, case: SafetyCase, verdict: str, reasons: str, *, element_reasons: Mapping[str, str] | None = None,
           conditions: Sequence[str] | None = None, signature: str | None = None) -> Assessment:
    """An independent reviewer's signed verdict on a submitted case.

    ``signature`` is the base64 Ed25519 signature of the canonical JSON of
    :func:`assessment_payload` made with ``redline reviewer sign``; without it the server signs
    with the reviewer's server-held key (demo).
    """
    case = _locked(case)
    org = assessor_org(user, case)
    if case.state_enum is not CaseState.SUBMITTED:
        raise InvalidInput("state", f"only a submitted case can be assessed; this one is {case.state}")
    key = ReviewerKey.objects.filter(user=user, organisation=org, revoked_at__isnull=True).order_by(
        "-created_at").first()
    if key is None:
        raise InvalidInput("signature", "register your public key first (redline reviewer keygen)")
    current = live(case)
    parsed, reasons, per, conds = clean_assessment(current, verdict, reasons, element_reasons, conditions)
    document = assessment_payload(case, current, verdict=parsed, reasons=reasons, element_reasons=per,
                                  conditions=conds, assessor=user.email, organisation=org.slug)
    server_signed = False
    if not (signature or "").strip():
        if not key.server_held:
            raise InvalidInput("signature", "paste the signature made with `redline reviewer sign`")
        signature = signing.sign(document, signing.load_private_key(key.private_seed))
        server_signed = True
    signature = signature.strip()
    try:
        signing.verify(document, signature, key.public_key)
    except VerificationFailed as exc:
        raise InvalidInput("signature", str(exc)) from None
    assessment = Assessment.objects.create(
        case=case, revision=case.revision, verdict=parsed.value, reasons=reasons, element_reasons=per,
        document=document, document_sha256=digest(document), evidence_digests=current.evidence_digests(),
        assessor=user, organisation=org, key=key, signature=signature, server_signed=server_signed)
    for i, text in enumerate(conds, start=1):
        AssessmentCondition.objects.create(assessment=assessment, position=i, text=text[:2000])
    _transition(case, parsed.event)
    return assessment


@transaction.atomic
def meet_condition(user, condition: AssessmentCondition, note: str) -> AssessmentCondition:
    """Record that a condition of an acceptance is met (the developer says how; it is in the ledger)."""
    require(user, Action.UPDATE, condition, "this safety case")
    note = (note or "").strip()
    if not note:
        raise InvalidInput("note", "say how the condition was met")
    if condition.met_at is not None:
        raise InvalidInput("note", "this condition is already recorded as met")
    condition.met_at = timezone.now()
    condition.met_by = _real(user)
    condition.met_note = note[:2000]
    condition.save()
    return condition


def verify_assessment(assessment: Assessment) -> str | None:
    """None when the assessment's signature verifies over its stored document, else the problem."""
    if digest(assessment.document) != assessment.document_sha256:
        return "the stored document does not match its digest"
    try:
        signing.verify(assessment.document, assessment.signature, assessment.key.public_key)
    except (VerificationFailed, InvalidInput) as exc:
        return str(exc)
    return None


# --- what the gate asks ----------------------------------------------------------------------


def current_assessment(case: SafetyCase) -> Assessment | None:
    """The assessment that decided the case's present state (None for a draft or submitted case)."""
    if case.state_enum not in (CaseState.ACCEPTED, CaseState.ACCEPTED_WITH_CONDITIONS, CaseState.REJECTED):
        return None
    return case.assessments.filter(revision=case.revision).order_by("-created_at", "-pk").first()


def standing(case: SafetyCase, current: Live) -> tuple[bool, list[str]]:
    """Whether the case satisfies a commitment that requires one, and every reason it does not."""
    problems: list[str] = []
    state = case.state_enum
    assessment = current_assessment(case)
    if state in (CaseState.DRAFT, CaseState.SUBMITTED):
        problems.append("not assessed yet" if state is CaseState.SUBMITTED else "a draft, not submitted for assessment")
    elif state is CaseState.REJECTED:
        problems.append("rejected by its assessor")
    elif assessment is None:
        problems.append("no assessment on record for this revision")
    else:
        open_conditions = [c for c in assessment.conditions.all() if c.met_at is None]
        if open_conditions:
            problems.append(f"{len(open_conditions)} condition(s) of the acceptance not yet met")
        bad = verify_assessment(assessment)
        if bad:
            problems.append(f"the assessment's signature does not verify ({bad})")
        then = {e["element"]: e.get("digest") for e in assessment.evidence_digests}
        now = {e["element"]: e.get("digest") for e in current.evidence_digests()}
        changed = sorted(k for k in set(then) | set(now) if then.get(k) != now.get(k))
        if changed:
            problems.append(f"accepted over evidence that has since changed ({', '.join(changed)})")
    if not current.check.valid:
        problems.append("the argument has check errors")
    if not current.supported:
        names = ", ".join(g.element for g in current.status.gaps[:5])
        problems.append(f"{len(current.status.gaps)} gap(s): {names}")
    return not problems, problems
