"""Golden files for every converter, osv-style: ``REDLINE_REGEN_GOLDEN=1`` rewrites the expected files.

Each ``*.input.json`` (or fixture report) is converted and compared with its
``*.expected.json`` (or ``*.<format>.json``); a diff means a converter changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from redline.core.cue import load_catalogue
from redline.core.formats.avid import read_report, write_report
from redline.core.formats.cve import build_cve_record
from redline.core.formats.flare import read_flare
from redline.core.formats.jsonld import build_jsonld
from redline.core.formats.neutral import advisory_from_dict, to_jsonable
from redline.core.formats.stix import build_bundle

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
GOLDEN = FIXTURES / "golden"
REGEN = os.environ.get("REDLINE_REGEN_GOLDEN") == "1"
ASSIGNER = "8254265b-2729-46b6-b9e3-3dfca2d5bfca"


def golden_inputs(folder: str, pattern: str) -> list[Path]:
    """The golden inputs in ``folder``; an empty or missing folder fails instead of running no test."""
    found = sorted((GOLDEN / folder).glob(pattern))
    if not found:
        raise AssertionError(f"no {pattern} golden inputs in {GOLDEN / folder}; the fixtures are missing")
    return found


def check_golden(actual: object, expected_path: Path) -> None:
    text = json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if REGEN:
        expected_path.write_text(text, encoding="utf-8")
    assert expected_path.exists(), f"{expected_path} missing: run with REDLINE_REGEN_GOLDEN=1"
    assert json.loads(text) == json.loads(expected_path.read_text(encoding="utf-8")), expected_path.name


def neutral_view(report) -> dict:
    data = to_jsonable(report)
    data.pop("original")  # the input itself; checked separately
    return data


@pytest.mark.parametrize("path", golden_inputs("flare", "*.input.json"), ids=lambda p: p.name)
def test_flare_golden(path):
    report = read_flare(path.read_bytes(), source=path.name)
    check_golden(neutral_view(report), path.with_name(path.name.replace(".input.", ".expected.")))


AVID_GOLDEN = ["AVID-2022-R0001", "AVID-2023-R0001", "AVID-2025-R0001", "AVID-2026-R0001", "AVID-2026-R0551"]


@pytest.mark.parametrize("report_id", AVID_GOLDEN)
def test_avid_reader_golden(report_id):
    path = FIXTURES / "avid" / "reports" / f"{report_id}.json"
    report = read_report(path.read_bytes(), source=path.name)
    assert report.original == json.loads(path.read_text())
    check_golden(neutral_view(report), GOLDEN / "avid" / f"{report_id}.expected.json")


@pytest.mark.parametrize("path", golden_inputs("export", "*.advisory.json"), ids=lambda p: p.name)
def test_writers_golden(path):
    advisory = advisory_from_dict(json.loads(path.read_text()), source=path.name)
    stem = path.name.removesuffix(".advisory.json")
    catalogue = load_catalogue()
    check_golden(write_report(advisory, catalogue=catalogue), path.with_name(f"{stem}.avid.json"))
    check_golden(build_bundle([advisory]), path.with_name(f"{stem}.stix.json"))
    check_golden(build_cve_record(advisory, cve_id="CVE-2026-12345", assigner_org_id=ASSIGNER,
                                  cue_version=catalogue.version), path.with_name(f"{stem}.cve.json"))
    check_golden(build_jsonld(advisory), path.with_name(f"{stem}.jsonld.json"))



def test_an_empty_golden_folder_fails(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "GOLDEN", tmp_path)
    with pytest.raises(AssertionError, match="no \\*.input.json golden inputs"):
        golden_inputs("flare", "*.input.json")
