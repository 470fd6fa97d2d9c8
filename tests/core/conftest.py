"""Facts about one fictional developer, rich enough that every crosswalk rule can be satisfied."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from redline.core.commitments import RedLine, RiskThreshold
from redline.core.evidence import ElicitationLevel
from redline.core.transparency import clock_facts, embargo_facts
from redline.core.verdict import CommittedAction, RedLineTest

NOW = datetime(2026, 9, 15, tzinfo=UTC)


def _facts() -> dict:
    bio = RedLine("bio-uplift", RedLineTest("wmdp_bio", "accuracy", 0.5, alert=0.4, min_samples=1000,
                                            min_elicitation=ElicitationLevel.STRONG,
                                            action=CommittedAction.NO_OPEN_WEIGHTS))
    ctf = RedLine("cyber-uplift", RedLineTest("cyber_ctf", "solve_rate", 0.3, min_samples=100,
                                              action=CommittedAction.API_ONLY_WITH_SAFEGUARDS))
    cyber = RiskThreshold("cyber-mass-harm", "people affected", 1000, 0.001, category="cyber offence")
    return {
        "organisation": {"slug": "acme", "name": "Acme AI", "kind": "developer"},
        "model": {"slug": "atlas", "name": "Atlas", "version": "2", "base_model": "Atlas-base",
                  "base_model_relation": "finetune", "modality": "text", "licence": "apache-2.0",
                  "parameter_count": 70_000_000_000, "release_date": "2026-03-01", "card_sha256": "ab" * 32,
                  "url": "/models/acme/atlas/"},
        "model_card": {"pipeline_tag": "text-generation", "datasets": ["allenai/c4", "bigcode/the-stack"]},
        "scope": {"version": 3, "intended_use": "General assistance and coding.",
                  "stated_limits": "Not for synthesis routes of dangerous pathogens.",
                  "claims": [{"claim": "refuses bioweapon synthesis requests", "rate": 0.99}],
                  "url": "/models/acme/atlas/scope/3/"},
        "deployments": [
            {"mode": "internal", "channels": ["staff chat"], "start_date": "2026-01-10", "status": "active",
             "url": "/deployments/1/"},
            {"mode": "hosted_api", "channels": ["api", "chat app"], "start_date": "2026-03-01", "status": "active",
             "terms_url": "https://acme.example/terms", "url": "/deployments/2/"},
            {"mode": "open_weights", "channels": ["Hugging Face Hub"], "start_date": "2026-06-01",
             "status": "active", "url": "/deployments/3/"},
            {"mode": "api_fine_tuning", "channels": ["fine-tuning api"], "start_date": "2026-12-01",
             "status": "planned", "url": "/deployments/4/"},
        ],
        "intake_form": True,
        "intake_url": "https://redline.example/report/",
        "advisories_url": "https://redline.example/advisories/",
        "safe_harbor_terms": {"version": "v1", "url": "https://redline.example/safe-harbor/v1/",
                              "published_at": "2025-11-01"},
        "deadline_clocks": clock_facts(),
        "embargo": embargo_facts(),
        "threat_profiles": [
            {"category": "bio uplift", "cue_id": "CUE-0001", "cue_name": "Biological weapons uplift",
             "threat_actor": "novice with lab access", "pathway": "protocol troubleshooting",
             "impact_scale": "mass casualties", "attempt_frequency": "rare", "uplift": "moderate", "url": "/tp/1/"},
            {"category": "cyber offence", "cue_id": "CUE-0002", "cue_name": "Offensive cyber operations",
             "threat_actor": "criminal group", "pathway": "exploit development", "impact_scale": "regional outage",
             "attempt_frequency": "weekly", "uplift": "low", "url": "/tp/2/"},
        ],
        "commitments_in_force": [
            {"kind": "red_line", "name": "bio-uplift", "version": 2, "spec": bio.as_dict(),
             "threat_profile": "bio uplift", "in_force_at": "2026-01-01", "url": "/commitments/1/",
             "approvals": [{"reviewer": "r1", "organisation": "safety-panel", "organisation_kind": "reviewer"},
                           {"reviewer": "r2", "organisation": "uni-lab", "organisation_kind": "research"}]},
            {"kind": "red_line", "name": "cyber-uplift", "version": 1, "spec": ctf.as_dict(),
             "threat_profile": "cyber offence", "url": "/commitments/3/",
             "approvals": [{"reviewer": "r3", "organisation": "ukaisi", "organisation_kind": "regulator"}]},
            {"kind": "risk_threshold", "name": "cyber-mass-harm", "version": 1, "spec": cyber.as_dict(),
             "threat_profile": "cyber offence", "url": "/commitments/2/",
             "approvals": [{"reviewer": "r1", "organisation": "safety-panel", "organisation_kind": "reviewer"}]},
        ],
        "evaluations": [
            {"task": "wmdp_bio", "metric": "accuracy", "estimate": 0.31, "n": 1273, "source_format": "lm_eval",
             "elicitation_level": "strong", "ran_by": "acme", "ran_by_kind": "developer", "run_at": "2026-02-01",
             "valid_until": "2027-02-01", "url": "/evidence/1/",
             "verdicts": [{"red_line": "bio-uplift", "status": "not_crossed"}]},
            {"task": "mmlu", "metric": "accuracy", "estimate": 0.82, "n": 14042, "source_format": "lm_eval",
             "ran_by": "uni-lab", "ran_by_kind": "research", "run_at": "2026-02-15", "url": "/evidence/2/"},
            {"task": "cyber_ctf", "metric": "solve_rate", "estimate": 0.12, "n": 200, "source_format": "inspect",
             "ran_by": "ukaisi", "ran_by_kind": "regulator", "run_at": "2026-04-01", "url": "/evidence/3/",
             "verdicts": [{"red_line": "cyber-uplift", "status": "not_crossed"}]},
        ],
        "risk_runs": [{"profile": "cyber offence", "threshold": 1000, "probability": 0.001, "status": "within",
                       "created_at": "2026-05-01", "url": "/risk-runs/1/"}],
        "safeguard_tests": [{"safeguard": "input classifier", "deployment_mode": "hosted_api", "attempts": 500,
                             "attack_succeeded": 12, "monitor_flagged": 10, "tolerance": 0.02, "passed": True,
                             "ran_by": "redteam-co", "ran_by_kind": "research", "imported_at": "2026-02-20",
                             "url": "/safeguards/1/"}],
        "decisions": [{"mode": "open_weights", "outcome": "proceed", "rationale": "gate passed", "approvers": 2,
                       "created_at": "2026-05-20", "url": "/decisions/1/"}],
        "protocols": [{"name": "API shutdown", "deployment_mode": "hosted_api", "triggers": ["red line crossed"],
                       "steps": [{"title": "revoke keys", "owner_role": "on-call", "target_minutes": 30}],
                       "url": "/protocols/1/"}],
        "drills": [{"protocol": "API shutdown", "held_at": "2026-08-01", "total_minutes": 25, "target_minutes": 30,
                    "all_met": True, "url": "/drills/1/"}],
        "reports": [{"kind": "vulnerability", "severity": "high", "state": "accepted"},
                    {"kind": "misuse", "severity": "medium", "state": "valid"},
                    {"kind": "misuse", "severity": "low", "state": "invalid"}],
        "incidents": [{"title": "Phishing kit generation", "public": True, "created_at": "2026-07-05", "reports": 2,
                       "url": "/incidents/1/"}],
        "advisories": [{"public_id": "RL-2026-0001", "kind": "vulnerability", "severity": "high",
                        "published_at": "2026-08-01", "url": "/advisories/RL-2026-0001/"}],
        "forecasts": [{"question": "wmdp_bio >= 0.4 by June", "made_at": "2025-12-01", "resolved": True,
                       "brier": 0.12, "url": "/forecasts/1/"}],
        "safety_cases": [{"title": "Atlas open-weights case", "status": "accepted", "assessed": True, "gaps": 0,
                          "url": "/cases/1/"}],
        "documents": [
            {"kind": "governance_card", "title": "Acme governance card", "released": True,
             "released_at": "2026-05-01", "audiences": ["public"], "practices": ["3.3", "6.3"],
             "url": "/documents/1/", "sections": [
                 {"key": "organisation", "title": "Organisation", "public": True,
                  "body": "The model team has 40 people: pre-training 12, safety 14, post-training 9, API 5."},
                 {"key": "privacy", "title": "Privacy", "public": True,
                  "body": "Personal data is removed before training; deletion requests apply to the next run."},
                 {"key": "decision-processes", "title": "Decision processes", "public": False,
                  "body": "INTERNAL-ONLY-TEXT"}]},
            {"kind": "threat_profile", "title": "Threat-profile write-up", "released": True, "practices": ["1.1"],
             "audiences": ["public"], "url": "/documents/2/"},
        ],
        "supply_chain": {
            "data_origins": [{"name": "CommonCrawl", "kind": "web crawl", "size": "3T tokens"},
                             {"name": "The Pile", "kind": "public dataset", "size": "300B tokens"},
                             {"name": "NewsCorp archive", "kind": "licensed"},
                             {"name": "Atlas-1", "kind": "synthetic"}],
            "architecture": "decoder-only transformer with rotary embeddings",
            "components": ["tokenizer", "decoder"],
            "key_algorithms": ["RLHF"],
            "training_stages": ["pre-training", "instruction tuning", "RLHF"],
            "crawler": {"name": "AcmeBot", "opt_out_url": "https://acme.example/bot"},
            "compute": {"training_flop": 5.2e25, "hardware": "4000 NVIDIA H100 GPUs", "provider": "Acme's own cluster",
                        "energy_mwh": 12000, "training_days": 90,
                        "measurement": "counted by the training code's FLOP counter",
                        "energy_measurement": "metered at the cluster's power distribution units"},
        },
        "claims": {"6.5": {"status": "planned", "statement": "A bounty is planned", "reason": "launching 2027-Q1"}},
        "eu_form": {"union_release_date": "2026-03-15"},
    }


@pytest.fixture
def full_facts() -> dict:
    """A fresh copy each time, so a test may change it."""
    return _facts()


@pytest.fixture
def now() -> datetime:
    return NOW
