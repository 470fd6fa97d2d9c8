"""In a real browser: a user forecasts on an open question, an Inspect log is imported, the question
resolves by itself, and the user's track record shows the new score."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

_NAME = "redline_tests_forecast_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "forecasts" / "forecast_fixtures.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
from redline_tests_forecast_fixtures import EVIDENCE, fworld  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fresh_log(tmp_path: Path) -> Path:
    """The bio Inspect log, re-dated to now: a run that happens after the forecast."""
    data = json.loads((EVIDENCE / "inspect" / "bio-protocol-uplift.json").read_text())
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
    data["stats"]["started_at"] = data["stats"]["completed_at"] = data["eval"]["created"] = now.isoformat()
    path = tmp_path / "bio-protocol-uplift-rerun.json"
    path.write_text(json.dumps(data))
    return path


def test_forecast_import_resolves_and_scores(page, context, sign_in, fworld, tmp_path):  # noqa: F811
    from redline.forecasts import services

    now = dt.datetime.now(dt.UTC)
    question = services.create_question(
        fworld["admin"], title="Will Acme 7B reach 50% on biological protocol uplift?", kind="binary",
        model=fworld["model"], task="bio_protocol_uplift", metric="accuracy", threshold=0.5,
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
        resolve_by=now + dt.timedelta(days=30), criteria="The first completed Inspect run after the opening.",
        open_now=True, now=now - dt.timedelta(hours=1))

    sign_in("ana@example.test")
    page.goto(f"/forecasts/{question.pk}/")
    page.get_by_label("Probability of yes").fill("0.3")
    page.get_by_role("button", name="Record forecast").click()
    assert "Forecast recorded" in page.locator(".messages").inner_text()
    assert "0.300" in page.content()  # her own forecast, shown to her only

    context.clear_cookies()
    sign_in("admin@acme.test")
    page.goto("/models/acme/acme-7b/")
    page.locator("#id_file").set_input_files(str(fresh_log(tmp_path)))
    page.get_by_label("Model name in the file").fill("mockllm/model=acme/acme-7b")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/models/acme/acme-7b/")
    assert "Imported 1 evaluation(s)" in page.locator(".messages").inner_text()

    page.goto(f"/forecasts/{question.pk}/")
    resolution = page.locator("section[aria-labelledby=res-title]").inner_text()
    assert "Resolved no automatically from imported evidence" in resolution
    assert "bio-protocol-uplift-rerun.json" in resolution
    assert "0.090" in page.locator("section[aria-labelledby=sc-title]").inner_text()  # Brier (0.3 − 0)²

    context.clear_cookies()
    page.goto("/forecasts/forecasters/ana/")
    assert "Track record: ana" in page.locator("h1").inner_text()
    assert "0.0900" in page.content()
    for plot in page.locator("img.plot").all():
        assert plot.evaluate("img => img.complete && img.naturalWidth > 0")
        assert plot.get_attribute("alt")
