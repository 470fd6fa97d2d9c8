"""In a real browser: a developer writes a safety case from the inability template, develops it, binds its
Solution to a red line's verdict and submits it; an independent reviewer accepts it; the gate allows the
hosted API. Then an evaluation crossing the red line is imported: the case shows a gap and the gate refuses."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).parents[1]
for _name, _path in (("redline_tests_world_fixtures", _HERE / "commitments" / "world_fixtures.py"),
                     ("redline_tests_safety_case_fixtures", _HERE / "safety_cases" / "safety_case_fixtures.py")):
    if _name not in sys.modules:
        _spec = importlib.util.spec_from_file_location(_name, _path)
        sys.modules[_name] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(sys.modules[_name])
from redline_tests_safety_case_fixtures import bio_red_line, crossing_log  # noqa: E402,F401
from redline_tests_world_fixtures import world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CASES = "/models/acme/acme-7b/safety-cases/"


def test_write_bind_assess_gate_then_evidence_turns_it_into_a_gap(page, context, sign_in, world, bio_red_line,  # noqa: F811
                                                                  tmp_path):
    # The developer writes a case from the inability template; the registry fills the red lines.
    sign_in("admin@acme.test")
    page.goto(CASES + "new/")
    page.locator("#id_tpl-template").select_option("inability")
    page.locator("#id_tpl-threat_profile").fill("Biological weapon acquisition uplift")
    page.locator("#id_tpl-capability").fill("troubleshoot a select-agent protocol")
    page.get_by_label("Hosted API").first.check()
    page.get_by_role("button", name="Write the draft").click()
    page.wait_for_url("**/safety-cases/acme-7b-inability/")
    gaps = page.locator("section[aria-labelledby=gaps-title]").inner_text()
    assert "G6 (undeveloped)" in gaps and "Sn1.1 (unbound)" in gaps
    assert page.locator("svg").count() >= 1  # the diagram, drawn by Graphviz
    assert page.locator(".gsn-outline #outline-G1").count() == 1  # and the outline, its text alternative

    # The editor: the undeveloped goals are argued from the same verdict; diagnostics are checked first.
    page.get_by_role("link", name="Edit the argument").click()
    text = page.locator("#id_text").input_value()
    page.locator("#id_text").fill(text.replace("undeveloped: true", "supportedBy: [Sn9]"))
    page.get_by_role("button", name="Check").click()
    assert "C03" in page.locator(".diagnostics").inner_text()  # a dangling reference, shown inline
    page.locator("#id_text").fill(text.replace("undeveloped: true", "supportedBy: [Sn1.1]"))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/safety-cases/acme-7b-inability/")
    assert "Case saved" in page.locator(".messages").inner_text()

    # Bind the Solution to the red line's verdict; the slot preselects the kind.
    page.locator("a.button", has_text="Bind").last.click()
    assert page.locator("#id_kind").input_value() == "red_line_verdict"
    page.locator("#id_commitment").select_option(label="Red line: Bio uplift")
    page.get_by_role("button", name="Bind").click()
    page.wait_for_url("**/safety-cases/acme-7b-inability/")
    assert "fully supported" in page.locator(".lead").inner_text()
    assert "No gaps" in page.locator("section[aria-labelledby=gaps-title]").inner_text()
    page.get_by_role("button", name="Submit for assessment").click()
    assert "Submitted for independent assessment" in page.locator(".messages").inner_text()

    # An independent reviewer accepts it, signed with their (server-held, demo) key.
    context.clear_cookies()
    sign_in("r2@rev.test")
    page.goto(CASES + "acme-7b-inability/")
    page.get_by_role("link", name="Assess this case").click()
    page.get_by_label("accepted", exact=True).check()
    page.locator("#id_reasons").fill("The red line's verdict rests on strong elicitation, with a clear margin.")
    page.get_by_role("button", name="Sign and record").click()
    assert "Assessment signed and recorded." in page.locator(".messages").inner_text()
    assert "the signature verifies" in page.locator("section[aria-labelledby=assessment-title]").inner_text()

    # The gate allows the hosted API.
    page.goto("/models/acme/acme-7b/gate/hosted_api/")
    assert "allowed" in page.locator(".lead").inner_text() and "not allowed" not in page.locator(".lead").inner_text()
    assert "Safety case: assessed safety case" in page.content()

    # The developer imports an evaluation that crosses the red line, from the model page.
    context.clear_cookies()
    sign_in("admin@acme.test")
    page.goto("/models/acme/acme-7b/")
    page.locator("#id_file").set_input_files(str(crossing_log(tmp_path)))
    page.get_by_label("Elicitation level").select_option("strong")
    page.get_by_label("Model name in the file").fill("mockllm/model=acme/acme-7b")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/models/acme/acme-7b/")
    assert "Imported 1 evaluation(s)" in page.locator(".messages").inner_text()

    page.goto(CASES + "acme-7b-inability/")
    assert "1 gap" in page.locator(".lead").inner_text()
    gaps = page.locator("section[aria-labelledby=gaps-title]").inner_text()
    assert "Sn1.1 (contradicted)" in gaps
    page.goto("/models/acme/acme-7b/gate/hosted_api/")
    assert "not allowed" in page.locator(".lead").inner_text()
    assert "accepted over evidence that has since changed (Sn1.1)" in page.content()
