"""``redline import avid|flare``, ``export avid|stix|cve``, ``disclosure submit`` and ``clocks run``."""

from __future__ import annotations

import json
from pathlib import Path

import cvelib
import jsonschema
import pytest
from stix2validator import ValidationOptions, validate_string

ROOT = Path(__file__).resolve().parents[2]
SHARED_AVID = ROOT.parent / "shared" / "data" / "avid"
FIX = ROOT / "tests" / "fixtures"
CVE_SCHEMA = Path(cvelib.__file__).parent / "schemas" / "CVE_JSON_bundled_5.1.1.json"


@pytest.fixture
def cli(transactional_db, redline_cli):
    return redline_cli


def test_every_shared_avid_report_imports_and_exports_validate(cli, tmp_path):
    from redline.disclosure.models import Advisory, Incident, Report

    reports = sorted((SHARED_AVID / "reports").glob("*.json"))
    assert len(reports) > 400
    code, out, err = cli("import", "avid", str(SHARED_AVID / "reports"), str(SHARED_AVID / "vulnerabilities"))
    assert code == 0, err
    assert "skipped 0" in " ".join(out.split())
    assert Report.objects.filter(source_format__startswith="avid").count() == len(reports)
    assert Advisory.objects.filter(state="published").count() == len(reports)
    assert Incident.objects.filter(grouping=True).count() == len(list((SHARED_AVID / "vulnerabilities").glob("*.json")))
    assert Report.objects.filter(incident__isnull=False).exists()
    kept = Report.objects.exclude(unknown_fields={}).first()
    assert kept is None or kept.unknown_fields  # unknown fields are stored when a file has them
    assert Report.objects.filter(source_id="AVID-2022-R0001").get().original["metadata"]["report_id"] == "AVID-2022-R0001"
    # again: everything is skipped with a reason, nothing duplicated
    code, out, _ = cli("import", "avid", str(SHARED_AVID / "reports" / "AVID-2022-R0001.json"))
    assert code == 1 and "already imported" in out

    stix_file = tmp_path / "bundle.json"
    assert cli("export", "stix", "--out", str(stix_file))[0] == 0
    result = validate_string(stix_file.read_text(), ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors][:3]

    assert cli("export", "cve", "--out", str(tmp_path / "cve"))[0] == 0
    validator = jsonschema.Draft7Validator(json.loads(CVE_SCHEMA.read_text()),
                                           format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    files = sorted((tmp_path / "cve").glob("*.json"))
    assert len(files) == len(reports)
    for f in files[:60]:
        errors = list(validator.iter_errors(json.loads(f.read_text())))
        assert not errors, (f.name, errors[0].message)

    assert cli("export", "avid", "--out", str(tmp_path / "avid"))[0] == 0
    exported = json.loads(sorted((tmp_path / "avid").glob("*.json"))[0].read_text())
    assert exported["data_type"] == "AVID" and exported["metadata"]["report_id"].startswith("RL-")


def test_bad_avid_file_writes_nothing(cli, tmp_path):
    from redline.disclosure.models import Report

    bad = tmp_path / "bad.json"
    bad.write_text('{"data_type": "AVID", "data_version": "0.2", "metadata": {}}')
    code, out, _ = cli("import", "avid", str(bad))
    assert code == 1 and "skipped 1" in " ".join(out.split())
    assert Report.objects.count() == 0
    code, _, err = cli("import", "avid", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in " ".join(err.split())


def test_flare_import_opens_a_case(cli, make_org, tmp_path):
    from redline.disclosure.models import Report

    make_org("developer", name="OpenAI", slug="openai")
    doc = {"incident_issueDescription": "The model reveals a system prompt when asked in base64.",
           "reporter_email": "someone@example.org", "evidence_proofOfConcept": "secret PoC",
           "system_configurations": [{"vendor": "OpenAI", "model": "gpt-x"}], "metadata_reportType": "security"}
    path = tmp_path / "flare.json"
    path.write_text(json.dumps(doc))
    code, out, err = cli("import", "flare", str(path))
    assert code == 0, err + out
    report = Report.objects.get(source_format="flare-ai")
    assert report.reporter_email == "someone@example.org" and report.restricted
    assert report.advisory.state == "reserved"


def test_submit_from_file_and_run_clocks(cli, make_org, tmp_path):
    from redline.disclosure.intake import ensure_terms
    from redline.disclosure.models import Escalation, Report

    make_org("developer", name="Aurora", slug="aurora")
    terms = ensure_terms()
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"title": "Jailbreak", "description": "Role-play bypasses refusals.",
                                "vendors": ["aurora"], "severity": "critical", "accepted_terms": terms.version}))
    code, out, err = cli("disclosure", "submit", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["token"].startswith("rlf_") and result["public_id"].startswith("RL-")
    assert Report.objects.count() == 1
    code, out, _ = cli("clocks", "run", "--now", "2099-01-01T00:00:00")
    assert code == 0 and "escalated" in out
    assert Escalation.objects.count() >= 1
    many = [{"title": f"Batch {i}", "description": "Another role-play bypass.", "vendors": ["aurora"],
             "accepted_terms": terms.version} for i in range(3)]
    path.write_text(json.dumps(many))
    code, out, err = cli("disclosure", "submit", str(path), "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 3 and Report.objects.count() == 4
    path.write_text(json.dumps({"title": "x", "bogus": 1}))
    code, _, err = cli("disclosure", "submit", str(path))
    assert code == 2 and "bogus" in err
