"""Section templates, as data: the governance card and the transparency report.

The governance card follows the BigCode project's governance card (Hugging Face,
2023): a *project structure* part (goals and values, organisation, decision
processes, funding and resources) and a *data and model governance* part (data
collection and management, consent of data subjects, privacy, model release). The
prompts are redline's own.

The transparency report's sections follow the standard template Hugging Face asked
NIST for, plus what redline records (thresholds and their changes, drills,
forecasts, the practice map and the FMTI crosswalk). ``facts`` names the keys of the
facts dictionary (:mod:`redline.core.transparency.facts`) a section is built from;
the report builder fills the sections for a period, then the report is reviewed like
any document.
"""

from __future__ import annotations

from dataclasses import dataclass

from redline.core.documents.audiences import AudienceRecommendation, Readership
from redline.core.documents.document import DocumentKind, DocumentVersion, Section
from redline.core.errors import InvalidInput


@dataclass(frozen=True)
class TemplateSection:
    key: str
    title: str
    prompt: str
    part: str = ""
    facts: tuple[str, ...] = ()


GOVERNANCE_CARD: tuple[TemplateSection, ...] = (
    TemplateSection("goals-and-values", "Goals and values", "What the project is for, the values it commits to, "
                    "and what it will not do.", "Project structure"),
    TemplateSection("organisation", "Organisation", "Who takes part and in what roles: the teams that build, "
                    "evaluate and release the model, with their size.", "Project structure"),
    TemplateSection("decision-processes", "Decision processes", "How decisions on data, training, evaluation and "
                    "release are made, who makes them, and which bodies review them before deployment.",
                    "Project structure"),
    TemplateSection("funding-and-resources", "Funding and resources", "Who funds the work and who provides the "
                    "compute and other resources.", "Project structure"),
    TemplateSection("data-collection", "Data collection and management", "How training data is acquired "
                    "(crawling, licensing, public datasets, synthetic data), stored and documented.",
                    "Data and model governance"),
    TemplateSection("consent", "Consent of data subjects", "How the people whose data is used can find out and "
                    "opt out, and how opt-outs are honoured.", "Data and model governance"),
    TemplateSection("privacy", "Privacy", "How personal data is found and removed, how long data is kept and how "
                    "deletion requests are handled.", "Data and model governance"),
    TemplateSection("model-release", "Model release", "How and to whom the model is released, under which licence "
                    "and terms, and in which stages.", "Data and model governance"),
)

TRANSPARENCY_REPORT: tuple[TemplateSection, ...] = (
    TemplateSection("misuse-risks", "Identified misuse risks", "The threat profiles on record and the CUE entries "
                    "they point at.", facts=("threat_profiles",)),
    TemplateSection("thresholds", "Thresholds and red lines", "Commitments in force, their latest verdicts, and "
                    "every change since the last report, weakenings called out.",
                    facts=("commitments_in_force", "commitment_changes", "evaluations", "risk_runs")),
    TemplateSection("safeguards", "Safeguards and their adequacy", "Each safeguard, its red-team campaigns and "
                    "the undetected success rate against its tolerance.", facts=("safeguard_tests",)),
    TemplateSection("incidents", "Incidents and reports received", "Counts by kind and severity, response times "
                    "against the deadline clocks (median, 90th percentile, missed), and incidents without "
                    "sensitive detail.", facts=("reports", "incidents", "deadline_clocks")),
    TemplateSection("drills", "De-deployment drills", "Drills held, their timings against the protocol's "
                    "targets.", facts=("protocols", "drills")),
    TemplateSection("monitoring", "Monitoring", "How each distribution channel is monitored for misuse, how "
                    "often, and how well the monitors detect it.", facts=("deployments", "safeguard_tests")),
    TemplateSection("supply-chain", "Supply chain", "Data origins, architecture, key algorithms and third-party "
                    "components.", facts=("supply_chain", "model", "model_card")),
    TemplateSection("release", "Release and gating decisions", "Deployment decisions, the gate's result and the "
                    "evidence each rested on.", facts=("decisions", "deployments", "safety_cases")),
    TemplateSection("forecasts", "Forecast accuracy", "Predictions of evaluation results and how well they "
                    "scored once resolved.", facts=("forecasts",)),
    TemplateSection("practice-map", "NIST AI 800-1 practice map", "Each practice with the records on file and "
                    "its status.", facts=("claims",)),
    TemplateSection("fmti", "Foundation Model Transparency Index", "Coverage of the 100 indicators: from "
                    "records, manual disclosures, open.", facts=()),
    TemplateSection("lessons-learned", "Lessons learned", "What changed in how risk is managed, and why."),
)

TEMPLATES = {DocumentKind.GOVERNANCE_CARD: GOVERNANCE_CARD, DocumentKind.TRANSPARENCY_REPORT: TRANSPARENCY_REPORT}


def template_for(kind: DocumentKind | str) -> tuple[TemplateSection, ...]:
    """The template sections of ``kind`` (empty for kinds without a template)."""
    return TEMPLATES.get(DocumentKind(kind), ())


def new_from_template(kind: DocumentKind | str, *, title: str, owner: str, author: str,
                      recommendation: AudienceRecommendation, bodies: dict[str, str] | None = None,
                      **extra: str) -> DocumentVersion:
    """Version 1 of a document of ``kind`` with its template's sections (bodies empty unless given)."""
    template = template_for(kind)
    if not template:
        raise InvalidInput("kind", f"{kind!r} has no template")
    bodies = bodies or {}
    unknown = set(bodies) - {t.key for t in template}
    if unknown:
        raise InvalidInput("sections", f"no template section {sorted(unknown)[0]!r}")
    sections = tuple(Section(t.key, t.title, bodies.get(t.key, ""), Readership()) for t in template)
    return DocumentVersion(1, DocumentKind(kind), title, owner, author, sections, recommendation, **extra)


__all__ = ["GOVERNANCE_CARD", "TEMPLATES", "TRANSPARENCY_REPORT", "TemplateSection", "new_from_template",
           "template_for"]
