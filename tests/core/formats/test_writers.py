"""Writers: STIX valid under stix2-validator, CVE valid under the CVE 5.1.1 schema, and no restricted field leaks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import cvelib
import jsonschema
import pytest
from stix2validator import ValidationOptions, validate_string

from redline.core.cue import load_catalogue
from redline.core.errors import InvalidInput
from redline.core.formats.avid import read_report, write_report
from redline.core.formats.cve import build_cve_record
from redline.core.formats.flare import read_flare
from redline.core.formats.jsonld import CUE_NS, build_jsonld
from redline.core.formats.neutral import advisory_from_dict, make_advisory, to_jsonable
from redline.core.formats.stix import build_bundle

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ADVISORIES = sorted((FIXTURES / "golden" / "export").glob("*.advisory.json"))
CVE_SCHEMA = Path(cvelib.__file__).parent / "schemas" / "CVE_JSON_bundled_5.1.1.json"
ORG = "8254265b-2729-46b6-b9e3-3dfca2d5bfca"
MARKER = "RESTRICTED-MARKER-7f3a"


@pytest.fixture(scope="module")
def advisories():
    out = [advisory_from_dict(json.loads(p.read_text()), source=p.name) for p in ADVISORIES]
    for path in sorted((FIXTURES / "avid" / "reports").glob("*.json"))[:12]:
        out.append(make_advisory(read_report(path.read_bytes(), source=path.name),
                                 f"RL-2026-{len(out) + 100:05d}", date(2026, 7, 1)))
    return out


@pytest.fixture(scope="module")
def cve_validator():
    schema = json.loads(CVE_SCHEMA.read_text())
    assert "5.1.1" in CVE_SCHEMA.name
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_stix_bundle_is_valid_and_deterministic(advisories):
    bundle = build_bundle(advisories)
    result = validate_string(json.dumps(bundle), ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    # The only "should" left: external references to web pages carry no hash (there is none to give).
    assert all("{302}" in str(w) for w in result.warnings), [str(w) for w in result.warnings]
    assert build_bundle(reversed(advisories)) == bundle
    kinds = [o["type"] for o in bundle["objects"]]
    assert kinds.count("vulnerability") == kinds.count("report") == len(advisories)
    names = [o["name"] for o in bundle["objects"] if o["type"] == "identity"]
    assert len(names) == len(set(names)), "one identity per vendor"


def test_empty_stix_bundle_is_still_valid():
    bundle = build_bundle([])
    assert validate_string(json.dumps(bundle), ValidationOptions(version="2.1")).is_valid


def test_cve_records_validate_against_the_cve_5_1_1_schema(advisories, cve_validator):
    for n, adv in enumerate(advisories, start=1000):
        record = build_cve_record(adv, cve_id=f"CVE-2026-{n}", assigner_org_id=ORG, cue_version="1.0.0")
        errors = sorted(cve_validator.iter_errors(record), key=str)
        assert not errors, (adv.public_id, [e.message for e in errors[:3]])


def test_cve_schema_rejects_a_broken_record(advisories, cve_validator):
    record = build_cve_record(advisories[0], cve_id="CVE-2026-1000", assigner_org_id=ORG)
    record["containers"]["cna"]["affected"] = []
    assert list(cve_validator.iter_errors(record))
    with pytest.raises(InvalidInput, match="cve_id"):
        build_cve_record(advisories[0], cve_id="RL-2026-00042", assigner_org_id=ORG)


def test_jsonld_uses_schema_org_and_the_redline_context(advisories):
    doc = build_jsonld(advisories[-1])
    assert doc["@context"][0] == "https://schema.org/"
    assert doc["@type"] == "Report" and doc["identifier"] == advisories[-1].public_id
    jb = build_jsonld(next(a for a in advisories if a.public_id == "RL-2026-00042"))
    assert jb["rl:cue"] == ["cue:CUE-0050", "cue:CUE-0046"]
    assert jb["@context"][1]["cue"] == CUE_NS
    assert {a["author"]["name"] for a in jb["about"]} == {"Acme AI", "Globex"}


def test_avid_writer_derives_sep_codes_from_cue_entries(advisories):
    jb = next(a for a in advisories if a.public_id == "RL-2026-00042")
    doc = write_report(jb, catalogue=load_catalogue())
    assert "S0403: Adversarial Example" in doc["impact"]["avid"]["sep_view"]
    assert "Security" in doc["impact"]["avid"]["risk_domain"]


def test_restricted_fields_never_reach_any_export():
    raw = json.loads((FIXTURES / "golden" / "flare" / "transferable-jailbreak.input.json").read_text())
    raw["reporter_email"] = f"{MARKER}@example.org"
    raw["evidence_stepsToReproduce"] = f"step 1 {MARKER}"
    raw["evidence_proofOfConcept"] = MARKER
    raw["security_attackerObjectives"] = MARKER
    raw["incident_actualBehavior"] = f"withheld on request {MARKER}"
    report = read_flare(raw, source="marker.json")
    assert MARKER in json.dumps(to_jsonable(report))  # the report itself still holds them
    advisory = make_advisory(report, "RL-2026-00077", date(2026, 8, 1),
                             withhold={"actual_behaviour": "would help reproduce the flaw"})
    outputs = [
        to_jsonable(advisory),
        write_report(advisory, catalogue=load_catalogue()),
        build_bundle([advisory]),
        build_cve_record(advisory, cve_id="CVE-2026-7777", assigner_org_id=ORG),
        build_jsonld(advisory),
    ]
    for out in outputs:
        text = json.dumps(out)
        assert MARKER not in text
        assert "researcher@example.org" not in text
    assert ("actual_behaviour", "would help reproduce the flaw") in advisory.withheld
    with pytest.raises(InvalidInput, match="withhold"):
        make_advisory(report, "RL-2026-00078", date(2026, 8, 1), withhold={"reproduction": "x"})
