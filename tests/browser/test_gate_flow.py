"""In a real browser: a reviewer approves a red line, an evaluation is imported on the model page,
the page shows the verdict, and the gate refuses open weights."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

_NAME = "redline_tests_world_fixtures"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).parents[1] / "commitments" / "world_fixtures.py")
    sys.modules[_NAME] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_NAME])
from redline_tests_world_fixtures import EVIDENCE, RED_LINE, world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_approves_evaluation_imported_gate_refuses_open_weights(page, context, sign_in, world):  # noqa: F811
    from redline.commitments import services
    from redline.core import signing

    version = services.create_commitment(world["admin"], world["model"], "red_line", "Cyber uplift", RED_LINE)
    version = services.propose(world["admin"], version, comment_period_ends=dt.date.today())
    services.approve(world["reviewer1"], version, signature=signing.sign(version.spec, world["key1"]))

    # The second independent reviewer approves in the browser (server-held demo key).
    sign_in("r2@rev.test")
    page.goto(f"/commitments/{version.commitment_id}/")
    page.get_by_role("button", name="Approve (signed)").click()
    assert "Your signed approval is recorded." in page.locator(".messages").inner_text()
    assert "Approvals: 2 of 2 independent organisations" in page.content()

    # The developer brings it into force and imports an evaluation from the model page.
    context.clear_cookies()
    sign_in("admin@acme.test")
    page.goto(f"/commitments/{version.commitment_id}/")
    page.get_by_role("button", name="Bring into force").click()
    assert "is in force" in page.locator(".messages").inner_text()
    page.goto("/models/acme/acme-7b/")
    page.get_by_label("File (Inspect log, lm-eval results, garak report or campaign)").set_input_files(
        str(EVIDENCE / "inspect" / "cyber-exploit-ctf.eval"))
    page.get_by_label("Elicitation level").select_option("moderate")
    page.get_by_role("button", name="Import").click()  # the log ran Inspect's mock model: refused, with the way out
    assert "mockllm/model=acme/acme-7b" in page.locator(".field-errors").inner_text()
    page.locator("#id_file").set_input_files(str(EVIDENCE / "inspect" / "cyber-exploit-ctf.eval"))
    page.get_by_label("Model name in the file").fill("mockllm/model=acme/acme-7b")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/models/acme/acme-7b/")
    assert "Imported 1 evaluation(s)" in page.locator(".messages").inner_text()

    red_line = page.locator("article.red-line").first
    assert "crossed" in red_line.locator(".badge").inner_text()
    assert "0.64" in red_line.inner_text()
    plot = red_line.locator("img")
    assert plot.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("link", name="Open weights", exact=True).click()
    assert "not allowed" in page.locator(".lead").inner_text()
    assert "open_weights needs 'not crossed'" in page.content()
