"""Schemathesis against the live test server (issue 11): no 5xx, and every answer as the OpenAPI says.

Two runs, anonymous and with a write token, each bounded by ``--max-examples`` and ``--max-time``
(about a minute each on a 2-core machine). The checks are schemathesis's
``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance`` and
``response_schema_conformance``. Figures (requests, seconds, failures) are printed for the record.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = int(os.environ.get("REDLINE_FUZZ_EXAMPLES", "12"))
MAX_SECONDS = int(os.environ.get("REDLINE_FUZZ_SECONDS", "75"))


@pytest.fixture
def world(transactional_db, settings, make_org, make_user, make_model, make_token):
    """A little of everything the API addresses, so path parameters can hit real records.

    The rate limits are lifted: schemathesis sends bad tokens and many reports on purpose, and a
    429 would hide the logic behind it (the limits have their own tests).
    """
    from redline.disclosure import intake

    settings.TOKEN_FAILURE_LIMIT = settings.REPORT_RATE_LIMIT = 10**9

    acme = make_org("developer", name="Acme AI", slug="acme")
    make_org("coordinator", name="CERT", slug="cert")
    admin = make_user(acme, role="admin", email="admin@acme.example")
    make_model(acme, name="Acme One", slug="acme-one")
    terms = intake.ensure_terms()
    intake.submit_report(intake.Submission(title="A jailbreak", description="It answers.",
                                           models=["acme/acme-one"], accepted_terms=terms.version))
    return {"token": make_token(admin)}


def _st() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent))
    assert found, "schemathesis is in the test extra: make install-test"
    return found


def _run(live_server, tmp_path, name: str, *headers: str) -> dict:
    report = tmp_path / f"{name}.json"
    cmd = [_st(), "run", f"{live_server.url}/api/openapi.json", "--checks", CHECKS, "--workers", "1",
           "--max-examples", str(MAX_EXAMPLES), "--max-time", str(MAX_SECONDS), "--seed", "11",
           "--phases", "examples,coverage,fuzzing", "--no-shrink", "--suppress-health-check", "all",
           "--request-timeout", "20", "--report", "ndjson", "--report-ndjson-path", str(tmp_path / f"{name}.ndjson"),
           "--max-failures", "50"]
    for header in headers:
        cmd += ["-H", header]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=MAX_SECONDS * 3 + 60)
    events = [json.loads(line) for line in (tmp_path / f"{name}.ndjson").read_text().splitlines() if line.strip()]
    summary = {"name": name, "rc": done.returncode, "output": done.stdout[-6000:] + done.stderr[-2000:],
               "events": len(events)}
    report.write_text(json.dumps(summary))
    print(done.stdout[-3000:])
    return summary


@pytest.mark.fuzz
def test_anonymous_fuzz_finds_no_server_error_or_schema_violation(world, live_server, tmp_path):
    result = _run(live_server, tmp_path, "anonymous")
    assert result["rc"] == 0, result["output"]


@pytest.mark.fuzz
def test_write_token_fuzz_finds_no_server_error_or_schema_violation(world, live_server, tmp_path):
    result = _run(live_server, tmp_path, "token", f"Authorization: Bearer {world['token']}")
    assert result["rc"] == 0, result["output"]
