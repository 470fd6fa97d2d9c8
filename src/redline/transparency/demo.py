"""Demo data for issue 16: supply chains, practice claims, one imported FMTI report and a released
quarterly report (read it at /orgs/aurora-labs/transparency/, as HTML and PDF). Idempotent."""

from __future__ import annotations

from django.utils import timezone

from redline.registry.demo import DEMO_DOMAIN

SUPPLY_CHAINS = {
    ("aurora-labs", "aurora-2"): {
        "base_model_relation": "", "architecture": "Decoder-only transformer with a vision encoder (mixture of "
                                                   "experts, 16 experts, 2 active per token)",
        "key_algorithms": "Next-token prediction; supervised fine-tuning; reinforcement learning from human and AI "
                          "feedback against a written constitution",
        "training_stages": ["pre-training on text and image-text pairs", "long-context extension",
                            "supervised fine-tuning", "reinforcement learning from feedback", "safety fine-tuning"],
        "components": ["tokenizer", "vision encoder", "language model weights", "output classifier"],
        "data_origins": [
            {"name": "AuroraCrawl 2025", "kind": "web crawl", "size": "9.1T tokens"},
            {"name": "Common Pile", "kind": "public dataset", "url": "https://example.org/common-pile",
             "size": "1.2T tokens"},
            {"name": "Licensed news archive", "kind": "licensed", "size": "80B tokens"},
            {"name": "Contractor-written dialogues", "kind": "human-generated", "size": "3M dialogues"},
            {"name": "Aurora 1 self-play", "kind": "synthetic", "size": "200B tokens"},
        ],
        "third_party_components": [
            {"name": "PyTorch", "version": "2.9", "licence": "BSD-3-Clause", "url": "https://pytorch.org"},
            {"name": "Llama Guard classifier", "version": "4", "licence": "Llama 4 Community"},
        ],
        "crawler": {"name": "AuroraBot", "opt_out_url": "https://aurora.example/bot"},
        "compute": {"training_flop": 3.1e25, "hardware": "8,192 H100 GPUs", "provider": "Aurora's own cluster",
                    "training_days": 74, "measurement": "GPU-hours from the scheduler times measured utilisation",
                    "energy_mwh": 21000, "energy_measurement": "metered at the data-centre feed"},
    },
    ("openforge", "forge-8b"): {
        "architecture": "Dense decoder-only transformer, 32 layers, grouped-query attention",
        "key_algorithms": "Next-token prediction; direct preference optimisation",
        "training_stages": ["pre-training", "instruction tuning", "preference optimisation"],
        "components": ["tokenizer", "weights"],
        "data_origins": [{"name": "FineWeb-Edu", "kind": "public dataset", "url": "https://example.org/fineweb",
                          "size": "1.3T tokens"}],
        "third_party_components": [{"name": "Megatron-LM", "version": "0.12", "licence": "BSD-3-Clause"}],
    },
}

CLAIMS = {
    "aurora-labs": [
        ("1.1", "done", "Threat profiles for biological and cyber misuse are kept on redline.", ["/commitments/"], ""),
        ("3.2", "planned", "Model-weight security will be audited by an outside firm.", [],
         "The audit is contracted for next quarter."),
        ("6.5", "not_yet_feasible", "Sharing misuse indicators with other developers in real time.", [],
         "No shared channel between developers exists yet."),
        ("5.1", "done", "Every deployment is decided through the gate.", [], ""),
    ],
    "openforge": [
        ("7.2", "planned", "A public transparency report each quarter.", [], "The first one is being written."),
    ],
}

#: Aurora's own FMTI disclosures for a handful of indicators (a demo report, not FMTI's scoring).
FMTI_ROWS = {
    "Data acquisition methods": ("We crawl the web, license data and use public and synthetic datasets.", 1),
    "Crawling": ("AuroraBot; opt out at https://aurora.example/bot.", 1),
    "Model stages": ("Five stages, listed on the model page.", 1),
    "Terms of use": ("Our terms of use are public at https://aurora.example/terms.", 1),
    "Geographic statistics": ("", 0),
    "Compute usage for final training run": ("3×10^25 FLOPs.", 1),
}


def _supply_chains(operator) -> None:
    from redline.registry.models import AIModel
    from redline.registry.services import update_supply_chain

    for (org, slug), fields in SUPPLY_CHAINS.items():
        model = AIModel.objects.filter(organisation__slug=org, slug=slug).first()
        if model is not None:
            update_supply_chain(operator, model, **fields)


#: EU-form items no record on redline fills, typed by Aurora's staff (their words win over records).
EU_ENTRIES = {
    ("aurora-labs", "aurora-2"): {
        "required_hardware": "Serving needs 8 accelerators with at least 80 GB of memory each; the hosted API "
                             "is the only supported deployment.",
        "inference_compute": "About 1.4e12 FLOP per generated token at a context of 8,000 tokens (estimated "
                             "from the architecture, not measured).",
    },
}


def _eu_entries(operator) -> None:
    from redline.registry.models import AIModel
    from redline.transparency.services import set_eu_entry

    for (org, slug), items in EU_ENTRIES.items():
        model = AIModel.objects.filter(organisation__slug=org, slug=slug).first()
        if model is not None:
            for item, text in items.items():
                set_eu_entry(operator, model, item, text)


def _claims(operator) -> None:
    from redline.accounts.models import Organisation
    from redline.transparency.services import set_claim

    for org_slug, rows in CLAIMS.items():
        org = Organisation.objects.filter(slug=org_slug).first()
        if org is None:
            continue
        for practice, status, statement, evidence, reason in rows:
            set_claim(operator, org, practice, status=status, statement=statement, evidence=evidence, reason=reason)


def _fmti(operator, org) -> None:
    from redline.core.transparency import ReportRow, indicator, write_report
    from redline.transparency.services import import_fmti

    if org.fmti_reports.exists():
        return
    rows = []
    for name, (disclosure, score) in FMTI_ROWS.items():
        ind = indicator(name)
        rows.append(ReportRow(ind, ind.definition, ind.notes, disclosure, "Self-assessed by Aurora Labs (demo).", "",
                              score))
    import_fmti(operator, org, write_report(rows).encode("utf-8"), source="aurora-labs-fmti-2025.csv")


def _report(org) -> None:
    """The quarter now running, built by Aurora's admin and released by its triager after review."""
    from redline.accounts.models import User
    from redline.core.documents import quarter_of
    from redline.transparency import documents_bridge
    from redline.transparency.services import store_report

    if not documents_bridge.available():
        return
    from redline.documents import services as documents
    from redline.documents.models import Document

    period = str(quarter_of(timezone.now()))
    if Document.objects.filter(organisation=org, kind="transparency_report").exists():
        return
    admin = User.objects.get(email=f"admin@aurora-labs.{DEMO_DOMAIN}")
    triager = User.objects.get(email=f"triager@aurora-labs.{DEMO_DOMAIN}")
    document = store_report(admin, org, period)
    review = documents.request_review(documents.latest_version(document), admin, "own")
    documents.decide(review, triager, checklist={"cbrn_cyber_uplift": False, "exploit_steps": False,
                                                 "personal_data": False, "model_theft_aid": False,
                                                 "notes": "Detail sections stay with regulators and reviewers."},
                     decision="publish", rationale="Public sections carry counts and results only.")


def load() -> None:
    from redline.accounts.models import User
    from redline.ledger.services import acting_as

    operator = User.objects.filter(email=f"operator@{DEMO_DOMAIN}").first()
    if operator is None:
        return
    with acting_as(operator):
        _load(operator)


def _load(operator) -> None:
    from redline.accounts.models import Organisation

    _supply_chains(operator)
    _claims(operator)
    aurora = Organisation.objects.filter(slug="aurora-labs").first()
    if aurora is not None:
        _fmti(operator, aurora)
        _eu_entries(operator)
        _report(aurora)
