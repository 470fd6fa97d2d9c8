"""The crosswalk: rules from redline's records to FMTI indicators, and what each rule needs."""

import json

import pytest

from redline.core.errors import InvalidInput
from redline.core.transparency import RULES, load_indicators, satisfy
from redline.core.transparency.crosswalk import ORIGINS


def test_every_rule_names_the_indicator_at_its_number():
    names = {i.number: i.name for i in load_indicators()}
    for number, rule in RULES.items():
        assert names[number] == rule.indicator
        assert rule.origin in ORIGINS and rule.reads and rule.needs


def test_at_least_30_indicators_are_satisfiable_from_records_redline_keeps():
    kept = [n for n, r in RULES.items() if r.origin in ("records", "documents")]
    assert len(kept) >= 30
    assert len(RULES) == 41
    assert {r.origin for r in RULES.values()} == {"records", "documents", "supply_chain"}


def test_nothing_on_record_satisfies_nothing():
    assert satisfy({}) == {}


def test_full_records_satisfy_every_rule(full_facts):
    filled = satisfy(full_facts)
    assert set(filled) == set(RULES)
    assert all(fill.disclosure.strip() for fill in filled.values())


@pytest.mark.parametrize("number, expected", [
    (58, ["wmdp_bio accuracy ≥ 0.5, alert at 0.4", "at least 1000 samples and strong elicitation",
          "when crossed: no open weights", "P(people affected ≥ 1000 per 1 year) ≤ 0.001"]),
    (81, ["https://redline.example/report/", "critical: acknowledged within 1 day", "1 incident published"]),
    (79, ["version v1", "2025-11-01"]),
    (40, ["Before public release on 2026-03-01", "2 external organisations", "redteam-co and uni-lab"]),
    (82, ["ukaisi (post-deployment evaluations: cyber_ctf)"]),
    (48, ["2 of 2 threat profiles", "wmdp_bio 0.31 against red line bio-uplift: not_crossed"]),
    (62, ["api, chat app and Hugging Face Hub", "all of its 3 channels"]),
    (70, ["staff chat and chat app"]),
    (37, ["derived from Atlas-base by fine-tuning"]),
    (35, ["Model size: 7.0×10^10 parameters", "decoder-only transformer"]),
    (96, ["2 misuse reports received: 1 invalid and 1 valid"]),
    (98, ["Independent reviewers (safety-panel)"]),
    (2, ["The Pile (300B tokens)"]),
    (33, ["pre-training 12, safety 14"]),
])
def test_fills_say_what_the_records_say(full_facts, number, expected):
    text = satisfy(full_facts)[number].disclosure
    for part in expected:
        assert part in text


def test_fills_reference_the_records_they_rest_on(full_facts):
    filled = satisfy(full_facts)
    assert filled[58].references == ("/commitments/1/", "/commitments/3/", "/commitments/2/")
    assert filled[41].references == ("/deployments/3/",)
    assert filled[78].references == ("https://redline.example/report/", "https://redline.example/advisories/")


def _drop_relation(f):
    f["model"].pop("base_model_relation")


def _six_channels(f):
    f["deployments"][1]["channels"] = ["api", "chat app", "a", "b", "c"]


def _one_profile_covered(f):
    f["threat_profiles"].append({"category": "election interference"})
    f["threat_profiles"].append({"category": "fraud"})
    f["risk_runs"] = []
    for e in f["evaluations"]:
        if e["task"] == "cyber_ctf":
            e["verdicts"] = []


def _no_terms(f):
    f["deployments"][1].pop("terms_url")


def _private_incidents(f):
    f["incidents"][0]["public"] = False


def _no_safe_harbor(f):
    f["safe_harbor_terms"] = None


def _regulator_before_release(f):
    f["evaluations"][2]["run_at"] = "2026-02-01"


def _external_after_release(f):
    f["evaluations"][1]["run_at"] = "2026-04-01"
    f["safeguard_tests"][0]["imported_at"] = "2026-04-01"


def _private_org_section(f):
    f["documents"][0]["sections"][0]["public"] = False


def _unreleased_card(f):
    f["documents"][0]["released"] = False


def _card_with_six_datasets(f):
    f["supply_chain"]["data_origins"] = []
    f["model_card"]["datasets"] = list("abcdef")


def _one_task(f):
    f["evaluations"] = f["evaluations"][:1]


def _research_approvals_only(f):
    for c in f["commitments_in_force"]:
        c["approvals"] = [a for a in c["approvals"] if a["organisation_kind"] != "reviewer"]


def _no_architecture(f):
    f["supply_chain"].pop("architecture")


def _compute_without_method(f):
    f["supply_chain"]["compute"].pop("measurement")


@pytest.mark.parametrize("change, number", [
    (_drop_relation, 37), (_six_channels, 62), (_one_profile_covered, 48), (_no_terms, 64),
    (_private_incidents, 81), (_no_safe_harbor, 79), (_regulator_before_release, 82),
    (_external_after_release, 40), (_private_org_section, 33), (_unreleased_card, 33), (_unreleased_card, 68),
    (_card_with_six_datasets, 2), (_one_task, 44), (_research_approvals_only, 98), (_no_architecture, 35),
    (_compute_without_method, 21),
])
def test_a_rule_is_not_satisfied_when_records_fall_short(full_facts, change, number):
    assert number in satisfy(full_facts)
    change(full_facts)
    assert number not in satisfy(full_facts)


def test_few_enough_card_datasets_satisfy_public_datasets(full_facts):
    full_facts["supply_chain"]["data_origins"] = []
    text = satisfy(full_facts)[2].disclosure
    assert "all 2 listed in the model card" in text and "allenai/c4" in text


def test_private_document_sections_never_reach_a_disclosure(full_facts):
    assert "INTERNAL-ONLY-TEXT" in json.dumps(full_facts)
    assert "INTERNAL-ONLY-TEXT" not in json.dumps({n: f.disclosure for n, f in satisfy(full_facts).items()})


@pytest.mark.parametrize("facts, message", [
    ({"incident": []}, "facts: unknown key 'incident'"),
    ({"evaluations": {}}, r"facts.evaluations: expected a list"),
    ({"evaluations": ["wmdp"]}, r"facts.evaluations\[0\]: expected a mapping"),
    ({"model": []}, r"facts.model: expected a mapping"),
    ({"intake_form": "yes"}, r"facts.intake_form: expected bool"),
])
def test_malformed_facts_name_the_key(facts, message):
    with pytest.raises(InvalidInput, match=message):
        satisfy(facts)
