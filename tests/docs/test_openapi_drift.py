"""docs/openapi.json is the committed copy of the API schema; it must match what /api/openapi.json serves.

Regenerate it with ``REDLINE_REGEN_DOCS=1 .venv/bin/pytest tests/docs/test_openapi_drift.py``.
"""

import json
import os
from pathlib import Path

OPENAPI_JSON = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = "REDLINE_REGEN_DOCS=1 .venv/bin/pytest tests/docs/test_openapi_drift.py"


def schema_text(schema: dict) -> str:
    """The committed form: sorted keys, two-space indent, UTF-8, one trailing newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_committed_openapi_matches_the_served_schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    served = schema_text(response.json())
    if os.environ.get("REDLINE_REGEN_DOCS") == "1":
        OPENAPI_JSON.write_text(served, encoding="utf-8")
    committed = OPENAPI_JSON.read_text(encoding="utf-8") if OPENAPI_JSON.is_file() else ""
    assert committed == served, f"docs/openapi.json differs from /api/openapi.json: run `{REGENERATE}` and commit it"


def test_served_schema_is_the_api_objects_schema(db):
    from redline.site.urls import api

    committed = OPENAPI_JSON.read_text(encoding="utf-8") if OPENAPI_JSON.is_file() else ""
    assert schema_text(api.get_openapi_schema()) == committed, f"run `{REGENERATE}` and commit docs/openapi.json"
