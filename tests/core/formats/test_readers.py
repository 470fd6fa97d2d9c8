"""FLARE-AI and AVID readers: every real file imports, unknown fields are kept, bad input is named."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from redline.core.errors import ImportFailed, PermissionDenied
from redline.core.formats.avid import read_report, read_vulnerability, write_report
from redline.core.formats.flare import FLARE_ENUMS, FLARE_FIELDS, read_flare
from redline.core.formats.neutral import DisclosureIntent, ReportKind, make_advisory

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"
SHARED_AVID = (REPO / ".." / "shared" / "data" / "avid").resolve()
REPORTS = sorted((FIXTURES / "avid" / "reports").glob("*.json"))
VULNS = sorted((FIXTURES / "avid" / "vulnerabilities").glob("*.json"))
GOLDEN_FLARE = FIXTURES / "golden" / "flare"


# --- FLARE-AI --------------------------------------------------------------------------

def test_flare_field_table_matches_the_shipped_content_type():
    schema = json.loads((FIXTURES / "flare" / "report-schema.json").read_text())
    attrs = schema["attributes"]
    assert FLARE_FIELDS == {name: spec["type"] for name, spec in attrs.items()}
    assert FLARE_ENUMS == {name: tuple(spec["enum"]) for name, spec in attrs.items() if "enum" in spec}


def test_flare_report_maps_every_section():
    r = read_flare((GOLDEN_FLARE / "transferable-jailbreak.input.json").read_bytes(), source="jb.json")
    assert r.kind is ReportKind.VULNERABILITY
    assert [(s.vendor, s.model, s.version) for s in r.affected] == [
        ("Acme AI", "acme-chat", "2026-01"), ("Globex", "globex-assist", "3.1"), ("Initech", None, None)]
    assert r.disclosure_intent is DisclosureIntent.UNDECIDED  # the review step overrides the first answer
    assert r.restricted["reporter_email"] == "researcher@example.org"
    assert r.unknown_fields["x_custom_triage_note"] == {"kept": True}
    assert r.harm_types == ("physical", "societal")


def test_flare_strapi_wrapper_and_kind_from_classification():
    r = read_flare((GOLDEN_FLARE / "misuse-in-the-wild.input.json").read_bytes(), source="m.json")
    assert r.kind is ReportKind.MISUSE
    assert r.affected[0].vendor == "Acme AI" and r.affected[0].model == "acme-voice"
    assert r.unknown_fields == {"id": 3}


def test_flare_csam_path_keeps_no_payload_and_can_never_be_published():
    raw = (GOLDEN_FLARE / "csam-path.input.json").read_text()
    r = read_flare(raw, source="c.json")
    assert r.csam_involved and r.reproduction is None and r.original == {}
    assert "MUST NOT BE STORED" not in json.dumps(r.restricted)
    with pytest.raises(PermissionDenied):
        make_advisory(r, "RL-2026-00001", date(2026, 4, 2))


@pytest.mark.parametrize("doc, problem", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ({"step": "x"}, "incident_issueDescription"),
    ({"incident_issueDescription": "x", "disclosure_publicDisclosureIntent": "maybe"},
     "disclosure_publicDisclosureIntent"),
    ({"incident_issueDescription": "x", "classify_maliciousUse": "yes"}, "classify_maliciousUse: expected boolean"),
    ({"incident_issueDescription": "x", "metadata_createdAt": "yesterday"}, "metadata_createdAt"),
    ({"incident_issueDescription": "x", "reporter_email": "nobody"}, "reporter_email"),
])
def test_flare_malformed_input_names_file_and_field(doc, problem):
    data = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(ImportFailed, match=problem) as info:
        read_flare(data, source="upload-7.json")
    assert "upload-7.json" in str(info.value)


# --- AVID ------------------------------------------------------------------------------

def test_fixture_reports_cover_every_data_version_and_all_import():
    versions = Counter()
    for path in REPORTS:
        r = read_report(path.read_bytes(), source=path.name)
        versions[r.source_format] += 1
        assert r.source_id == path.stem and r.title and r.description and r.affected
    assert set(versions) == {"avid-0.1", "avid-0.2", "avid-0.3.3"}
    assert len(REPORTS) >= 30


@pytest.mark.skipif(not SHARED_AVID.is_dir(), reason="shared AVID data folder is absent")
def test_every_shared_avid_report_and_vulnerability_imports():
    reports = sorted((SHARED_AVID / "reports").glob("*.json"))
    vulns = sorted((SHARED_AVID / "vulnerabilities").glob("*.json"))
    assert len(reports) == 461 and len(vulns) == 40
    ids = {read_report(p.read_bytes(), source=str(p)).source_id for p in reports}
    assert len(ids) == 461
    for p in vulns:
        read_vulnerability(p.read_bytes(), source=str(p))


def test_avid_kinds_severity_and_classifications():
    measurement = read_report((FIXTURES / "avid/reports/AVID-2022-R0001.json").read_bytes())
    assert measurement.kind is ReportKind.MEASUREMENT
    assert measurement.classifications["avid.sep_view"] == ("E0101: Group fairness",)
    with_cvss = [read_report(p.read_bytes()) for p in REPORTS if '"cvss"' in p.read_text()]
    assert with_cvss and all(r.severity in {"low", "medium", "high", "critical"} for r in with_cvss)
    assert all("cvss.vector" in r.classifications for r in with_cvss)


def test_avid_unknown_fields_are_kept():
    doc = json.loads(REPORTS[0].read_text())
    doc["x_future_field"] = {"a": 1}
    r = read_report(doc, source="x.json")
    assert r.unknown_fields == {"x_future_field": {"a": 1}} and r.original["x_future_field"] == {"a": 1}


def test_vulnerabilities_become_groupings_of_their_reports():
    groups = [read_vulnerability(p.read_bytes(), source=p.name) for p in VULNS]
    assert len(groups) == 40
    first = next(g for g in groups if g.vuln_id == "AVID-2022-V001")
    assert first.report_ids == ("AVID-2022-R0001", "AVID-2022-R0003")
    assert first.published == date(2022, 12, 23)
    assert any(not g.report_ids for g in groups)  # "reports": null is a grouping with none listed


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d.update(data_type="CVE"), "data_type"),
    (lambda d: d.update(data_version="9.9"), "data_version"),
    (lambda d: d["metadata"].pop("report_id"), "metadata.report_id"),
    (lambda d: d.update(references=[{"label": "no url"}]), "references"),
    (lambda d: d.update(affects={"artifacts": "model"}), "affects.artifacts"),
    (lambda d: d.update(description="plain"), "description"),
    (lambda d: d.update(reported_date="last week"), "reported_date"),
])
def test_avid_malformed_input_names_file_and_field(mutate, problem):
    doc = json.loads(REPORTS[0].read_text())
    mutate(doc)
    with pytest.raises(ImportFailed, match=problem) as info:
        read_report(json.dumps(doc), source="bad-report.json")
    assert "bad-report.json" in str(info.value)


def test_avid_round_trip_through_a_public_advisory():
    for path in REPORTS:
        original = read_report(path.read_bytes(), source=path.name)
        advisory = make_advisory(original, "RL-2026-00100", date(2026, 6, 1))
        again = read_report(write_report(advisory), source="written")
        assert (again.title, again.description) == (original.title, original.description)
        assert {a.model for a in again.affected} == {a.model for a in original.affected}
        assert again.source_id == "RL-2026-00100" and advisory.aliases == (path.stem,)


def test_file_readers_dispatch_and_name_missing_files(tmp_path):
    from redline.core.formats.avid import AvidGrouping, read_avid_file
    from redline.core.formats.flare import read_flare_file

    assert isinstance(read_avid_file(VULNS[0]), AvidGrouping)
    assert read_avid_file(REPORTS[0]).source_id == REPORTS[0].stem
    assert read_flare_file(GOLDEN_FLARE / "misuse-in-the-wild.input.json").kind is ReportKind.MISUSE
    missing = tmp_path / "nope.json"
    with pytest.raises(ImportFailed, match="nope.json: no such file"):
        read_avid_file(missing)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe not json")
    with pytest.raises(ImportFailed, match="bad.json: not valid JSON"):
        read_flare_file(bad)
