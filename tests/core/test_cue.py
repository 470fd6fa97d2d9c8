"""The shipped Common Use Enumeration: enough entries, stable IDs, every category, real mapping codes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from redline.core.cue import (
    AVID_SEP,
    OWASP_LLM_2025,
    atlas_technique_ids,
    load_catalogue,
    parse_catalogue,
    unknown_atlas_ids,
)
from redline.core.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REQUIRED_CATEGORIES = {"cbrn", "cyber_offence", "fraud_scams", "ncii", "child_safety", "disinformation",
                       "privacy", "autonomy", "discrimination"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def atlas_ids():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader reads the 450 KB file ~10x faster
    return atlas_technique_ids(yaml.load((FIXTURES / "atlas" / "ATLAS.yaml").read_text(), Loader=loader))


def test_catalogue_is_versioned_and_large_enough(catalogue):
    assert catalogue.version.count(".") == 2
    assert len(catalogue.entries) >= 40


def test_ids_are_stable_unique_and_sequential(catalogue):
    ids = [e.id for e in catalogue.entries]
    assert len(set(ids)) == len(ids)
    assert ids == [f"CUE-{n:04d}" for n in range(1, len(ids) + 1)]


def test_every_required_category_is_covered(catalogue):
    counts = Counter(e.category for e in catalogue.entries)
    assert REQUIRED_CATEGORIES <= set(catalogue.categories)
    for category in REQUIRED_CATEGORIES:
        assert counts[category] >= 2, category


def test_every_atlas_id_exists_in_the_atlas_release(catalogue, atlas_ids):
    assert len(atlas_ids) > 100
    assert unknown_atlas_ids(catalogue, atlas_ids) == {}
    assert all(e.mappings.atlas for e in catalogue.entries)


def test_owasp_ids_are_the_2025_list(catalogue):
    assert list(OWASP_LLM_2025) == [f"LLM{n:02d}:2025" for n in range(1, 11)]
    used = {code for e in catalogue.entries for code in e.mappings.owasp_llm}
    assert used <= set(OWASP_LLM_2025)
    assert len(used) >= 8


def test_avid_codes_agree_with_real_avid_reports(catalogue):
    seen = {}
    for path in (FIXTURES / "avid" / "reports").glob("*.json"):
        for item in (json.loads(path.read_text()).get("impact", {}).get("avid", {}) or {}).get("sep_view", []):
            code, _, name = item.partition(": ")
            seen[code] = name
    assert seen, "fixtures hold AVID reports with sep_view codes"
    for code, name in seen.items():
        assert AVID_SEP[code].lower() == name.lower(), code
    assert {c for e in catalogue.entries for c in e.mappings.avid} <= set(AVID_SEP)


def test_entries_have_substance(catalogue):
    for e in catalogue.entries:
        assert len(e.description) >= 100, e.id
        assert e.threat_actors and e.harm_tiers and e.name
        assert set(e.harm_tiers) <= set(catalogue.harm_tiers)


def test_lookup_category_and_search(catalogue):
    assert catalogue.get("CUE-0001").category == "cbrn"
    assert all(e.category == "privacy" for e in catalogue.by_category("privacy"))
    assert "CUE-0050" in {e.id for e in catalogue.search("jailbreak")}
    with pytest.raises(InvalidInput):
        catalogue.get("CUE-9999")


def _doc(**entry_overrides):
    entry = {
        "id": "CUE-0001", "name": "x", "category": "c", "description": "d" * 80,
        "threat_actors": ["a"], "harm_tiers": ["t"],
        "mappings": {"atlas": ["AML.T0054"], "avid": ["S0403"], "owasp_llm": ["LLM01:2025"], "aiid": []},
    }
    entry.update(entry_overrides)
    return {"version": "1.0.0", "categories": {"c": "C"}, "harm_tiers": {"t": "T"},
            "threat_actors": {"a": "A"}, "entries": [entry]}


@pytest.mark.parametrize("override, message", [
    ({"id": "CUE-1"}, "id"),
    ({"category": "nope"}, "category"),
    ({"harm_tiers": ["huge"]}, "harm_tiers"),
    ({"mappings": {"atlas": ["T1059"], "avid": ["S0403"], "owasp_llm": ["LLM01:2025"]}}, "atlas"),
    ({"mappings": {"atlas": ["AML.T0054"], "avid": ["S9999"], "owasp_llm": ["LLM01:2025"]}}, "avid"),
    ({"mappings": {"atlas": ["AML.T0054"], "avid": ["S0403"], "owasp_llm": ["LLM01"]}}, "owasp_llm"),
    ({"mappings": {"atlas": ["AML.T0054"], "avid": ["S0403"], "owasp_llm": ["LLM01:2025"],
                   "aiid": ["GMF:x"]}}, "aiid"),
])
def test_validation_names_the_field(override, message):
    parse_catalogue(_doc())
    with pytest.raises(InvalidInput, match=message):
        parse_catalogue(_doc(**override))


def test_format_doc_lists_every_category_and_the_version(catalogue):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "cue.md").read_text(encoding="utf-8")
    assert f"version **{catalogue.version}**" in doc
    for key in (*catalogue.categories, *catalogue.harm_tiers, *catalogue.threat_actors, *OWASP_LLM_2025):
        assert f"`{key}`" in doc, key


def test_diff_and_evolution_rules(catalogue):
    import dataclasses

    from redline.core.cue import check_evolution, diff_catalogues

    first = catalogue.entries[0]
    edited = dataclasses.replace(first, name="Renamed", mappings=dataclasses.replace(
        first.mappings, owasp_llm=("LLM06:2025",)))
    added = dataclasses.replace(first, id="CUE-9000")
    newer = dataclasses.replace(catalogue, version="1.1.0", entries=(edited, *catalogue.entries[1:], added))
    changes = {(c.cue_id, c.field) for c in diff_catalogues(catalogue, newer)}
    assert changes == {(first.id, "name"), (first.id, "mappings.owasp_llm"), ("CUE-9000", "*")}
    check_evolution(catalogue, newer)
    with pytest.raises(InvalidInput, match="permanent"):
        check_evolution(catalogue, dataclasses.replace(newer, entries=newer.entries[1:]))
    with pytest.raises(InvalidInput, match="version"):
        check_evolution(catalogue, dataclasses.replace(newer, version=catalogue.version))
