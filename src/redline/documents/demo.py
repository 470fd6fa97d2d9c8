"""Demo documents: restricted sections, one reviewed and released, one awaiting review, governance cards and a
post-incident report with a restricted section. Runs after the disclosure demo (its incidents); safe to load twice.

- Aurora Labs' capability report on Aurora 2: written by its member, reviewed by its triager and
  published; its elicitation section is for regulators and independent reviewers (exploit detail);
- Aurora Labs' safeguards report: written by its member, awaiting its triager's review;
- Aurora Labs' governance card (BigCode's template), reviewed and released, public;
- OpenForge's post-incident report on the prompt-injection incident: its root-cause detail is for
  regulators (exploit detail), reviewed by OpenForge's triager and released;
- OpenForge's threat-profile write-up on Forge 70B: awaiting an independent review by the ISRB.
"""

from __future__ import annotations

from django.db import transaction

from redline.accounts.models import Organisation, User
from redline.core.documents import AudienceRecommendation, Claim, Readership, Restriction, Section
from redline.documents import services
from redline.documents.models import Document
from redline.ledger.services import acting_as
from redline.registry.models import AIModel

DOMAIN = "demo.redline.test"
NO_HAZARD = {"cbrn_cyber_uplift": False, "exploit_steps": False, "personal_data": False, "model_theft_aid": False}
#: Text of restricted demo sections; the crawl test checks the public never meets them.
CAPABILITY_MARKER = "tool-call chain that bypassed the output filter"
INCIDENT_MARKER = "hidden instruction was written as a forwarded delivery note"
REGULATORS = Readership.of("regulators", "reviewers")


def _user(address: str) -> User | None:
    return User.objects.filter(email=f"{address}.{DOMAIN}").first()


def _capability_report(org, author, reviewer, model) -> None:
    sections = [
        Section("summary", "Summary", "Aurora 2 was evaluated on biological protocol uplift and cyber exploitation "
                "before its hosted-API release. Both red lines stay **not crossed** with strong elicitation; the "
                "cyber result is close to its alert threshold, so its evaluation is repeated every quarter.",
                claims=(Claim("2.1", "Capability evaluations run before every release", "done",
                              (f"/models/{model.full_slug}/",)),
                        Claim("2.4", "Evaluations with external red-teamers' full scaffolding", "planned",
                              reason="Contracts with two red-team groups are signed for Q1 2027."))),
        Section("results", "Results", "| task | accuracy | 95% interval |\n|---|---|---|\n"
                "| biological protocol uplift | 0.21 | 0.12–0.33 |\n| cyber exploitation CTF | 0.38 | 0.29–0.48 |"),
        Section("elicitation", "Elicitation details", "Elicitation used a "
                f"{CAPABILITY_MARKER}, with 40 expert red-team hours; the transcripts are available to the "
                "AI Safety Office and the ISRB on request.", REGULATORS,
                Restriction("exploit_detail", "the scaffold is a working jailbreak")),
        Section("limits", "Limits", "Negative results from weak elicitation are inconclusive, not safe. The "
                "results say nothing of fine-tuned variants served through the fine-tuning API."),
    ]
    doc = services.create_document(org, author, "capability_report", "Aurora 2 capability report", sections,
                                   recommendation=AudienceRecommendation(
                                       REGULATORS, "The elicitation scaffold is a working jailbreak; the rest is "
                                       "public."), model=model, slug="aurora-2-capability-report")
    review = services.request_review(services.latest_version(doc), author)
    services.decide(review, reviewer, checklist={**NO_HAZARD, "notes": "The scaffold is already restricted."},
                    decision="publish")


def _safeguards_report(org, author, model) -> None:
    sections = [
        Section("overview", "Overview", "Aurora 2's hosted API filters inputs and outputs with two classifiers "
                "and rate-limits accounts that trip them repeatedly."),
        Section("red-team", "Red-team campaign", "Of 600 attacks in the September campaign, 9 succeeded and 7 of "
                "those were detected by the monitor.",
                claims=(Claim("5.2", "Monitor adequacy measured by red-team campaigns", "partial",
                              (f"/models/{model.full_slug}/",)),)),
        Section("bypasses", "Known bypasses", "Two undetected bypasses rely on splitting a request over several "
                "turns; the fix ships in version 2.2.", REGULATORS,
                Restriction("exploit_detail", "unfixed bypasses")),
    ]
    doc = services.create_document(org, author, "safeguards_report", "Aurora 2 safeguards report, Q3 2026",
                                   sections, model=model, slug="aurora-2-safeguards-q3-2026")
    services.request_review(services.latest_version(doc), author)


GOVERNANCE = {
    "goals-and-values": "Build useful assistants without giving meaningful uplift towards mass-casualty harm; "
                        "publish what we measure, including results that do not flatter us.",
    "organisation": "A 40-person safety team reports to the chief scientist; an internal release board of five "
                    "decides deployments.",
    "decision-processes": "Every release passes the deployment gate; a red line crossed or inconclusive blocks "
                          "open weights. The ISRB reviews our thresholds before they come into force.",
    "funding-and-resources": "Funded by API revenue and a Series C round; compute is rented from two cloud "
                             "providers.",
    "data-collection": "Licensed corpora, public web crawls honouring robots.txt, and synthetic data; each source "
                       "is documented in a data card.",
    "consent": "Site owners can opt out through robots.txt or a form; opt-outs apply to the next training run.",
    "privacy": "Personal data is filtered with a PII detector before training; deletion requests are honoured "
               "within 30 days.",
    "model-release": "Hosted API only for frontier models; smaller models may be released with open weights after "
                     "the gate allows it.",
}


def _governance_card(org, author, reviewer) -> None:
    doc = services.create_from_template(org, author, "governance_card", f"{org.name} governance card",
                                        bodies=GOVERNANCE)
    review = services.request_review(services.latest_version(doc), author)
    services.decide(review, reviewer, checklist=NO_HAZARD, decision="publish")


def _post_incident_report(org, author, reviewer, incident) -> None:
    sections = [
        Section("timeline", "Timeline", "- Day 0: a customer reports receiving another customer's address.\n"
                "- Day 1: the deployer disables automatic replies.\n- Day 6: the patched agent is redeployed."),
        Section("impact", "Impact", incident.impact or "212 customers' delivery addresses were sent to other "
                "customers."),
        Section("root-cause", "Root cause", "The support agent treated text inside e-mails as instructions. The "
                f"{INCIDENT_MARKER}, which the agent followed.", Readership.of("regulators"),
                Restriction("exploit_detail", "reproducible injection")),
        Section("mitigations", "Mitigations", "E-mail bodies are now passed as quoted data; tool calls that read "
                "customer records need a confirmed ticket.",
                claims=(Claim("6.3", "Prompt-injection tests added to the release checklist", "done",
                              (incident.get_absolute_url(),)),)),
        Section("lessons-learned", "Lessons learned", "Agents that read untrusted text need the same red-teaming "
                "as the chat interface."),
    ]
    doc = services.create_document(org, author, "post_incident_report",
                                   f"Post-incident report: {incident.title}"[:300], sections, incident=incident,
                                   slug="support-inbox-prompt-injection")
    review = services.request_review(services.latest_version(doc), author)
    services.decide(review, reviewer, checklist=NO_HAZARD, decision="publish")


def _threat_profile(org, author, model, reviewer_org) -> None:
    sections = [
        Section("threat", "Threat", "Open weights let a capable actor remove refusals by fine-tuning; the profile "
                "covers biological protocol uplift."),
        Section("estimate", "Estimate", "With strong elicitation Forge 70B reaches 18% on protocol uplift (upper "
                "bound 27%), below the 40% red line."),
        Section("fine-tuning", "Fine-tuning recipe", "The refusal-removal recipe and its cost are for reviewers "
                "only.", Readership.of("reviewers"), Restriction("capability_uplift")),
    ]
    doc = services.create_document(org, author, "threat_profile", "Forge 70B open-weights threat profile",
                                   sections, model=model, slug="forge-70b-threat-profile")
    services.request_review(services.latest_version(doc), author, "independent", reviewer_org=reviewer_org)


@transaction.atomic
def load() -> None:
    aurora = Organisation.objects.filter(slug="aurora-labs").first()
    openforge = Organisation.objects.filter(slug="openforge").first()
    if aurora is None or openforge is None:
        return
    member, triager = _user("member@aurora-labs"), _user("triager@aurora-labs")
    of_admin, of_triager = _user("admin@openforge"), _user("triager@openforge")
    aurora_2 = AIModel.objects.filter(organisation=aurora, slug="aurora-2").first()
    forge_70b = AIModel.objects.filter(organisation=openforge, slug="forge-70b").first()
    with acting_as("demo"):
        have = set(Document.objects.values_list("organisation__slug", "slug"))
        if aurora_2 and ("aurora-labs", "aurora-2-capability-report") not in have:
            _capability_report(aurora, member, triager, aurora_2)
        if aurora_2 and ("aurora-labs", "aurora-2-safeguards-q3-2026") not in have:
            _safeguards_report(aurora, member, aurora_2)
        if not Document.objects.filter(organisation=aurora, kind="governance_card").exists():
            _governance_card(aurora, member, triager)
        from redline.disclosure.models import Incident

        incident = Incident.objects.filter(title__startswith="Prompt injection in a support inbox").first()
        if incident and ("openforge", "support-inbox-prompt-injection") not in have:
            _post_incident_report(openforge, of_admin, of_triager, incident)
        isrb = Organisation.objects.filter(slug="isrb").first()
        if forge_70b and isrb and ("openforge", "forge-70b-threat-profile") not in have:
            _threat_profile(openforge, of_admin, forge_70b, isrb)
