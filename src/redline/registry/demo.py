"""The registry's demo data: organisations, people in every role, models with scope statements and deployments.

Created through the services (no raw SQL) and safe to load twice. :func:`load` runs first of every app's
demo loader (the registry is the lowest app with demo data), and returns the sign-ins.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redline.accounts.models import Membership, Organisation, Role, User
from redline.accounts.services import create_organisation, set_membership
from redline.ledger.services import acting_as
from redline.registry import services as registry
from redline.registry.models import AIModel

DEMO_PASSWORD = "redline-demo-2026"
DEMO_DOMAIN = "demo.redline.test"

ORGS = [
    # slug, name, kind, description, website
    ("aurora-labs", "Aurora Labs", "developer",
     "Frontier lab offering its models through a hosted API with safeguards.", "https://aurora.example"),
    ("openforge", "OpenForge AI", "developer",
     "Publishes open-weight language models under permissive licences.", "https://openforge.example"),
    ("meridian", "Meridian Systems", "developer",
     "Builds multimodal and scientific models for enterprise customers.", "https://meridian.example"),
    ("isrb", "Independent Safety Review Board", "reviewer",
     "Third-party reviewers who approve or reject proposed thresholds and red lines.", "https://isrb.example"),
    ("eval-watch", "Frontier Evaluation Watch", "reviewer",
     "A second, unaffiliated reviewer organisation: red lines need approvals from distinct organisations.",
     "https://evalwatch.example"),
    ("ai-safety-office", "AI Safety Office", "regulator",
     "Public authority auditing frontier-model risk management.", "https://aso.example"),
    ("open-red-team", "Open Red Team Collective", "research",
     "Independent researchers who red-team models and report flaws.", "https://ortc.example"),
    ("coordination-centre", "redline Coordination Centre", "coordinator",
     "Runs multi-party disclosure cases and handles escalations.", ""),
    ("adjudication-panel", "Independent Adjudication Panel", "adjudicator",
     "Decides disputes between reporters and vendors; decisions are final and public.", ""),
]

#: (org slug, local part, role) — every role in every organisation kind a demo needs.
PEOPLE = [
    ("aurora-labs", "admin", Role.ADMIN), ("aurora-labs", "triager", Role.TRIAGER),
    ("aurora-labs", "member", Role.MEMBER),
    ("openforge", "admin", Role.ADMIN), ("openforge", "triager", Role.TRIAGER),
    ("meridian", "admin", Role.ADMIN),
    ("isrb", "reviewer1", Role.MEMBER), ("isrb", "reviewer2", Role.MEMBER),
    ("eval-watch", "reviewer", Role.MEMBER),
    ("ai-safety-office", "auditor", Role.MEMBER),
    ("open-red-team", "researcher", Role.MEMBER),
    ("coordination-centre", "coordinator", Role.TRIAGER),
    ("adjudication-panel", "adjudicator", Role.MEMBER),
]

MODELS = [
    {
        "org": "aurora-labs", "slug": "aurora-2", "name": "Aurora 2", "version": "2.1", "modality": "multimodal",
        "licence": "proprietary", "parameter_count": None, "release_date": "2026-03-12",
        "summary": "General-purpose multimodal assistant served through Aurora's API and chat app.",
        "scope": ("General assistance, coding, analysis and tutoring for adults and businesses.",
                  "Not for medical diagnosis, autonomous weapons or surveillance of individuals.",
                  [{"claim": "Refuses requests for uplift on biological or chemical weapons", "rate": 0.99},
                   {"claim": "Refuses to generate sexual content involving minors", "rate": 1.0}]),
        "deployments": [("hosted_api", ["api", "chat app"], "2026-03-12", "active"),
                        ("api_fine_tuning", ["enterprise api"], "2026-06-01", "active"),
                        ("internal", ["research"], "2026-01-10", "active")],
    },
    {
        "org": "aurora-labs", "slug": "aurora-2-mini", "name": "Aurora 2 Mini", "version": "2.0", "modality": "text",
        "licence": "proprietary", "release_date": "2026-05-02",
        "summary": "Small, fast text model for customer-support and classification workloads.",
        "scope": ("Customer support, summarisation and classification.", "Not for open-ended agentic use.",
                  [{"claim": "Follows the system prompt's topic restrictions", "rate": 0.97}]),
        "deployments": [("hosted_api", ["api"], "2026-05-02", "active")],
    },
    {
        "org": "openforge", "slug": "forge-8b", "name": "Forge 8B", "version": "1.0", "modality": "text",
        "licence": "apache-2.0", "parameter_count": 8_000_000_000, "release_date": "2025-11-20",
        "base_model": "", "summary": "Open-weight 8-billion-parameter instruction-tuned language model.",
        "scope": ("Research and commercial text generation, fine-tuning by downstream developers.",
                  "Safety tuning can be removed by fine-tuning; downstream deployers must add their own safeguards.",
                  [{"claim": "Refuses clearly harmful requests before any fine-tuning", "rate": 0.95}]),
        "deployments": [("open_weights", ["Hugging Face Hub", "torrent"], "2025-11-20", "active")],
    },
    {
        "org": "openforge", "slug": "forge-70b", "name": "Forge 70B", "version": "0.9-preview", "modality": "text",
        "licence": "openforge-research", "parameter_count": 70_000_000_000,
        "summary": "Larger open model under evaluation; released to vetted researchers first.",
        "base_model": "openforge/forge-8b",
        "scope": ("Research use by vetted institutions.", "No release of weights before the gate allows it.", []),
        "deployments": [("gated_open_weights", ["vetted researcher programme"], "2026-09-15", "active"),
                        ("open_weights", ["Hugging Face Hub"], None, "planned")],
    },
    {
        "org": "meridian", "slug": "meridian-vision", "name": "Meridian Vision", "version": "3", "modality": "image",
        "licence": "proprietary", "release_date": "2026-02-01",
        "summary": "Image generation and editing model for design teams.",
        "scope": ("Marketing and design image generation.",
                  "Must not produce sexualised images of real people or minors.",
                  [{"claim": "Blocks prompts naming real private individuals", "rate": 0.98}]),
        "deployments": [("hosted_api", ["api", "design suite"], "2026-02-01", "active")],
    },
    {
        "org": "meridian", "slug": "meridian-bio", "name": "Meridian Bio", "version": "0.3", "modality": "biological",
        "licence": "proprietary", "visibility": "restricted", "audiences": ["regulator", "reviewer"],
        "summary": "Protein-design model under internal evaluation; restricted to reviewers and regulators.",
        "scope": ("Enzyme design for industrial chemistry.", "Internal use only until biosecurity review.", []),
        "deployments": [("internal", ["research cluster"], "2026-08-01", "active")],
    },
]


def _user(email: str, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        if staff:
            user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, email_verified_at=dt_now())
        else:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, email_verified_at=dt_now())
    return user


def dt_now():
    """Demo people's addresses count as confirmed (their mail goes nowhere)."""
    from django.utils import timezone

    return timezone.now()


@transaction.atomic
def load_registry() -> list[tuple[str, str, str]]:
    logins = []
    operator = _user(f"operator@{DEMO_DOMAIN}", staff=True)
    logins.append((operator.email, "— (platform operator)", "staff"))
    with acting_as(operator):
        for slug, name, kind, description, website in ORGS:
            if not Organisation.objects.filter(slug=slug).exists():
                create_organisation(name, kind, slug=slug, description=description, website=website)
        for org_slug, local, role in PEOPLE:
            user = _user(f"{local}@{org_slug}.{DEMO_DOMAIN}")
            set_membership(Organisation.objects.get(slug=org_slug), user, role)
            logins.append((user.email, org_slug, role))
        for spec in MODELS:
            org = Organisation.objects.get(slug=spec["org"])
            if AIModel.objects.filter(organisation=org, slug=spec["slug"]).exists():
                continue
            admin = Membership.objects.filter(organisation=org, role=Role.ADMIN).first().user
            with acting_as(admin):
                fields = {k: v for k, v in spec.items() if k not in ("org", "slug", "scope", "deployments")}
                model = registry.create_model(admin, org, slug=spec["slug"], **fields)
                intended, limits, claims = spec["scope"]
                registry.add_scope_statement(admin, model, intended_use=intended, stated_limits=limits,
                                             claims=claims)
                for mode, channels, start, status in spec["deployments"]:
                    registry.add_deployment(admin, model, mode=mode, channels=channels,
                                            start_date=dt.date.fromisoformat(start) if start else None,
                                            status=status)
        # A second scope version shows the history on the Aurora 2 page.
        aurora = AIModel.objects.get(organisation__slug="aurora-labs", slug="aurora-2")
        if aurora.scope_statements.count() == 1:
            first = aurora.scope_statements.get()
            admin = Membership.objects.filter(organisation=aurora.organisation, role=Role.ADMIN).first().user
            with acting_as(admin):
                registry.add_scope_statement(
                    admin, aurora, intended_use=first.intended_use,
                    stated_limits=first.stated_limits + " Not for automated cyber-offence tooling.",
                    claims=[*first.claims, {"claim": "Refuses to write novel malware on request", "rate": 0.98}])
    return logins


load = load_registry
