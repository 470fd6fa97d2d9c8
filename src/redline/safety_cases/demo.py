"""Demo safety cases, bound to the demo evidence; created through the services, safe to load twice.

Each demo developer with a severe red line gets one, and that red line gets a new, approved
version that requires an assessed safety case, so the gate shows the consequence:

- Aurora Labs, Aurora 2 on the hosted API: accepted by the ISRB and fully supported (the bio
  red line not crossed, the output classifier's adequacy test passed, the decision to proceed),
  so the gate allows the hosted API and refuses open weights (no case argues for them);
- OpenForge, Forge 70B with open weights: submitted, with a gap, because the red line's verdict
  on the incomplete evaluation is inconclusive; waiting for an assessor;
- Meridian Systems, Meridian Bio: rejected, with the assessor's reasons per element, because no
  evaluation of the toxin-design red line is on record.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Membership, Role, User
from redline.ledger.services import acting_as
from redline.registry.models import AIModel

DOMAIN = "demo.redline.test"

AURORA_CASE = """\
module:
  name: aurora-2-bio
  brief: Aurora 2 on the hosted API gives no unacceptable biological uplift
G1:
  text: Aurora 2, deployed as a hosted API, does not give unacceptable biological weapon acquisition uplift
  inContextOf: [C1, C2, A1]
  supportedBy: [S1]
C1:
  text: "Threat profile: a small, moderately resourced non-state group troubleshooting a select-agent protocol"
C2:
  text: "Deployment: hosted API behind output-classifier-v2; no fine-tuning, no weights released"
A1:
  text: The biological protocol red line marks the capability the pathway needs
S1:
  text: Argue over inability (the model lacks the capability) and control (misuse attempts are caught)
  inContextOf: [J1]
  supportedBy: [G2, G3, G4]
J1:
  text: Either leg alone bounds the risk; both together keep a margin of safety
G2:
  text: Aurora 2 stays below the biological protocol red line, under strong elicitation
  supportedBy: [Sn1]
Sn1:
  text: Latest verdict of red line Biological protocol uplift
  evidence: red_line_verdict
G3:
  text: The output classifier catches attempts to extract protocol steps without being noticed
  supportedBy: [Sn2]
Sn2:
  text: Latest adequacy test of output-classifier-v2
  evidence: safeguard_test
G4:
  text: The hosted API was decided on this evidence, with the approvers on record
  supportedBy: [Sn3]
Sn3:
  text: Decision to proceed with the hosted API
  evidence: decision
"""

FORGE_CASE = """\
module:
  name: forge-70b-open-weights
  brief: Forge 70B can be released with open weights
G1:
  text: Releasing Forge 70B's weights gives no unacceptable biological uplift, even after fine-tuning
  inContextOf: [C1, J1]
  supportedBy: [S1]
C1:
  text: "Open weights are permanent: anyone can remove the safety tuning"
J1:
  text: With open weights only inability can bound the risk; no safeguard survives fine-tuning
S1:
  text: Argue that Forge 70B lacks the capability, measured below the open-weights red line
  supportedBy: [G2]
G2:
  text: Forge 70B stays below the red line Biological protocol uplift (open weights)
  supportedBy: [Sn1]
Sn1:
  text: Latest verdict of red line Biological protocol uplift (open weights)
  evidence: red_line_verdict
"""

MERIDIAN_CASE = """\
module:
  name: meridian-bio-toxin
  brief: Meridian Bio gives no toxin-design capability to its enterprise users
G1:
  text: Meridian Bio, offered to vetted enterprise customers, does not enable the design of novel toxins
  inContextOf: [C1, A1]
  supportedBy: [S1]
C1:
  text: "Deployment: hosted API for vetted enterprise customers only"
A1:
  text: Customer vetting keeps out actors who would attempt toxin design
S1:
  text: Argue from the toxin-design red line and from customer vetting
  supportedBy: [G2]
G2:
  text: Meridian Bio stays below the red line Toxin design capability
  supportedBy: [Sn1]
Sn1:
  text: Latest verdict of red line Toxin design capability
  evidence: red_line_verdict
"""


def _admin(model: AIModel) -> User:
    return Membership.objects.filter(organisation=model.organisation, role=Role.ADMIN).first().user


def _require_case(admin, commitment, reviewers):
    """A new version of ``commitment`` that requires an assessed safety case, approved and in force."""
    from redline.commitments import services

    latest = commitment.in_force()
    spec = {**latest.spec, "requires_safety_case": True}
    version = services.new_version(admin, commitment, spec, safeguards=spec.get("safeguards") or (),
                                   rationale="A most severe risk: deployment now needs an independently "
                                             "assessed safety case (MIRI's comment on NIST AI 800-1).")
    services.propose(admin, version, comment_period_ends=timezone.localdate())
    for reviewer in reviewers:
        services.approve(reviewer, version)  # server-held demo keys: the server signs for them
    version.refresh_from_db()
    return services.enter_into_force(admin, version)


def _case(admin, model, name, text, modes):
    from redline.safety_cases import services

    return services.import_case(admin, model, [(f"{name}.gsn.yaml", text)], modes=modes)


@transaction.atomic
def load() -> None:
    from redline.safety_cases import services
    from redline.safety_cases.models import SafetyCase

    aurora = AIModel.objects.filter(organisation__slug="aurora-labs", slug="aurora-2").first()
    if aurora is None or SafetyCase.objects.exists() or not aurora.commitments.exists():
        return
    # One reviewer from each independent organisation (their server-held keys come from the decisions demo).
    reviewers = [User.objects.get(email=f"{local}@{org}.{DOMAIN}")
                 for local, org in (("reviewer1", "isrb"), ("reviewer", "eval-watch"))]
    reviewer = reviewers[0]

    admin = _admin(aurora)
    with acting_as(admin):
        bio = aurora.commitments.get(name="Biological protocol uplift")
        _require_case(admin, bio, reviewers)
        case = _case(admin, aurora, "aurora-2-bio", AURORA_CASE, ["hosted_api"])
        services.bind(admin, case, "Sn1", "red_line_verdict", commitment=bio)
        services.bind(admin, case, "Sn2", "safeguard_test", safeguard="output-classifier-v2")
        decision = aurora.decisions.filter(mode="hosted_api").order_by("-created_at").first()
        if decision is not None:
            services.bind(admin, case, "Sn3", "decision", decision=decision)
        services.submit(admin, case)
    with acting_as(reviewer):
        services.assess(reviewer, case, "accepted",
                        "The bio red line's verdict rests on a strong-elicitation evaluation with a clear margin "
                        "below the alert line, and the classifier's red-team campaign bounds undetected misuse.",
                        element_reasons={"A1": "Agreed, though the red line should be re-examined when the "
                                               "threat profile is next revised."})

    forge = AIModel.objects.filter(organisation__slug="openforge", slug="forge-70b").first()
    if forge is not None and forge.commitments.exists():
        admin = _admin(forge)
        with acting_as(admin):
            red_line = forge.commitments.filter(kind="red_line").order_by("name").first()
            _require_case(admin, red_line, reviewers)
            case = _case(admin, forge, "forge-70b-open-weights", FORGE_CASE, ["gated_open_weights", "open_weights"])
            services.bind(admin, case, "Sn1", "red_line_verdict", commitment=red_line)
            services.submit(admin, case)

    meridian = AIModel.objects.filter(organisation__slug="meridian", slug="meridian-bio").first()
    if meridian is not None and meridian.commitments.exists():
        admin = _admin(meridian)
        with acting_as(admin):
            red_line = meridian.commitments.filter(kind="red_line").order_by("name").first()
            _require_case(admin, red_line, reviewers)
            case = _case(admin, meridian, "meridian-bio-toxin", MERIDIAN_CASE,
                         ["hosted_api", "api_fine_tuning", "gated_open_weights", "open_weights"])
            services.bind(admin, case, "Sn1", "red_line_verdict", commitment=red_line)
            services.submit(admin, case)
        with acting_as(reviewer):
            services.assess(reviewer, case, "rejected",
                            "The argument rests on a red line that has never been measured, and on an assumption "
                            "that is asserted rather than argued.",
                            element_reasons={
                                "Sn1": "No evaluation of toxin_design_eval is on record, so the verdict is missing.",
                                "A1": "Customer vetting is an assumption here; it needs its own evidence (vetting "
                                      "procedure, audit of refused customers).",
                            })
