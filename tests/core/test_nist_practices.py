"""The NIST AI 800-1 practice map: shipped practices, providers per item, computed statuses."""

from datetime import datetime

import pytest

from redline.core.errors import InvalidInput
from redline.core.transparency import STATUSES, load_practices, practice_map
from redline.core.transparency.nist_practices import PROVIDERS, parse_practices

#: Documentation items per practice in redline's copy of practices.yaml (see its header).
ITEM_COUNTS = {"1.1": 3, "1.2": 1, "1.3": 3, "2.1": 1, "2.2": 1, "3.1": 1, "3.2": 1, "3.3": 1, "4.1": 4, "4.2": 4,
               "4.x": 3, "5.1": 1, "5.2": 2, "5.3": 1, "6.1": 1, "6.2": 1, "6.3": 1, "6.4": 2, "6.5": 1, "6.x": 3,
               "7.1": 5, "7.2": 1, "7.3": 1}


def test_the_practices_ship_with_their_items_and_amendments():
    draft, practices = load_practices()
    assert draft == "ipd-2024-07"
    assert {p.id: len(p.documentation) for p in practices} == ITEM_COUNTS
    assert [p.id for p in practices if p.proposed_by] == ["4.x", "6.x"]
    by_id = {p.id: p for p in practices}
    assert by_id["3.1"].documentation == ("the evidence gathered, including red-team and penetration-test results",)
    assert by_id["6.x"].documentation[2] == "drills with their timings"
    assert any(a["source"] == "MIRI" for a in by_id["2.1"].amendments)
    assert {p.objective_id for p in practices} == {"1", "2", "3", "4", "5", "6", "7"}


def test_the_packaged_yaml_keeps_the_nist_header():
    from importlib import resources

    text = resources.files("redline").joinpath("data/nist-ai-800-1/practices.yaml").read_text(encoding="utf-8")
    assert text.startswith("# NIST AI 800-1, initial public draft (July 2024)")
    assert "US government works" in text and "redline's copy" in text


def test_every_practice_has_one_provider_per_item():
    _, practices = load_practices()
    assert {p.id: len(PROVIDERS[p.id]) for p in practices} == ITEM_COUNTS


def test_nothing_on_record_is_missing_everywhere(now):
    result = practice_map({}, now=now)
    assert result.counts() == {"done": 0, "partial": 0, "planned": 0, "not_yet_feasible": 0, "missing": 23}


def test_statuses_from_records(full_facts, now):
    result = practice_map(full_facts, now=now)
    status = {p.practice.id: p.status for p in result.practices}
    assert status["2.1"] == "done" and status["6.x"] == "done" and status["1.1"] == "done"
    assert status["4.1"] == "partial" and status["6.4"] == "partial"
    assert status["3.2"] == "missing"
    assert status["6.5"] == "planned"
    assert sum(result.counts().values()) == 23 and list(result.counts()) == list(STATUSES)
    planned = next(p for p in result.practices if p.practice.id == "6.5")
    assert planned.reason == "launching 2027-Q1" and not planned.disagrees


def test_records_are_named_per_item(full_facts, now):
    p = next(p for p in practice_map(full_facts, now=now).practices if p.practice.id == "6.x")
    labels = [[r.label for r in item.records] for item in p.items]
    assert labels == [["protocol API shutdown"], ["owners of API shutdown"], ["drill of API shutdown on 2026-08-01"]]
    assert p.items[2].records[0].url == "/drills/1/"


def test_stale_evidence_is_not_current(full_facts, now):
    for e in full_facts["evaluations"]:
        e["valid_until"] = "2026-01-01"
    full_facts["forecasts"] = []
    full_facts["documents"] = []
    p = next(p for p in practice_map(full_facts, now=now).practices if p.practice.id == "1.3")
    assert p.status == "missing" and all(not i.provided for i in p.items)
    assert p.items[1].records and not p.items[1].records[0].current


def test_an_own_claim_of_done_without_records_is_shown_beside_and_flagged(full_facts, now):
    full_facts["claims"]["3.2"] = {"status": "done", "statement": "We assess theft risk yearly"}
    p = next(p for p in practice_map(full_facts, now=now).practices if p.practice.id == "3.2")
    assert p.status == "missing" and p.disagrees
    assert p.as_dict()["own_statement"]["flags"] == ["stated done without evidence"]


def test_an_own_claim_that_understates_the_records_disagrees(full_facts, now):
    full_facts["claims"]["2.1"] = {"status": "planned", "statement": "Thresholds later", "reason": "board review"}
    p = next(p for p in practice_map(full_facts, now=now).practices if p.practice.id == "2.1")
    assert p.status == "done" and p.disagrees and p.reason == ""


def test_not_yet_feasible_claim_with_its_reason(now):
    facts = {"claims": {"4.x": {"status": "not_yet_feasible", "statement": "No forecasts",
                                "reason": "no forecasting platform yet"}}}
    p = next(p for p in practice_map(facts, now=now).practices if p.practice.id == "4.x")
    assert (p.status, p.reason) == ("not_yet_feasible", "no forecasting platform yet")


def test_json_twin_groups_practices_by_objective(full_facts, now):
    data = practice_map(full_facts, now=now).as_dict()
    assert [o["id"] for o in data["objectives"]] == ["1", "2", "3", "4", "5", "6", "7"]
    first = data["objectives"][0]["practices"][0]
    assert set(first) >= {"id", "title", "documentation", "status", "own_statement", "disagrees", "amendments"}


@pytest.mark.parametrize("facts, kwargs, message", [
    ({"claims": {"9.9": {"status": "done", "statement": "x"}}}, {}, "facts.claims: no practice '9.9'"),
    ({"claims": {"2.1": {"status": "maybe", "statement": "x"}}}, {}, "unknown status 'maybe'"),
    ({}, {"now": datetime(2026, 1, 1)}, "timezone-aware"),
])
def test_bad_input(facts, kwargs, message, now):
    with pytest.raises(InvalidInput, match=message):
        practice_map(facts, **{"now": now, **kwargs})


def test_parse_practices_refuses_a_practice_without_items():
    with pytest.raises(InvalidInput, match="practice '1.1': needs an id, a title and a list"):
        parse_practices({"objectives": [{"id": "1", "title": "t", "practices": [{"id": "1.1", "title": "x"}]}]})
