"""Safety-case pages and their JSON twins: list, case (diagram, outline, gaps, evidence), editor, binding, assessment."""

import json
import re
import shutil

import pytest
from redline_tests_safety_case_fixtures import CASE_YAML

from redline.safety_cases import services
from redline.safety_cases.models import SafetyCase

URL = "/models/acme/acme-7b/safety-cases/"


def test_list_and_case_page_with_diagram_and_outline(world, bound_case, client):
    client.force_login(world["member"])
    page = client.get(URL).content.decode()
    assert "Acme 7B gives no biological protocol uplift" in page and "Bio uplift" in page
    data = client.get(URL.rstrip("/") + ".json").json()
    assert data["safety_cases"][0]["status"] == "supported" and data["required_by"] == ["Bio uplift"]
    r = client.get(URL + "acme-bio/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="outline-Sn1"' in html and "No gaps" in html
    assert "red line Bio uplift" in html and "not crossed" in html
    if shutil.which("dot"):
        assert "<svg" in html and 'id="gsn&#45;G1"' in html and "<?xml" not in html
        svg = client.get(URL + "acme-bio/diagram.svg")
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    twin = client.get(URL + "acme-bio.json").json()
    assert twin["summary"]["status"] == "supported" and twin["evidence"][0]["outcome"] == "not_crossed"
    assert twin["gate"]["satisfies_requirement"] is False  # a draft
    export = client.get(URL + "acme-bio/export/")
    assert export.content.decode() == CASE_YAML and "attachment" in export["Content-Disposition"]


def test_the_outline_shows_without_graphviz(world, bound_case, client, monkeypatch):
    from redline.core.errors import RendererUnavailable

    def absent(*a, **k):
        raise RendererUnavailable("Graphviz's dot is not installed")

    monkeypatch.setattr("redline.core.gsn.render_svg", absent)
    client.force_login(world["member"])
    html = client.get(URL + "acme-bio/").content.decode()
    assert "<svg" not in html and "not installed on this server" in html and 'id="outline-G2"' in html


def test_drafts_are_the_developers_only(world, bound_case, client):
    assert client.get(URL + "acme-bio/").status_code == 404
    assert "acme-bio" not in client.get(URL).content.decode()
    services.submit(world["admin"], bound_case)
    assert client.get(URL + "acme-bio/").status_code == 200


def test_new_from_template_and_from_pasted_yaml(world, bio_red_line, client):
    client.force_login(world["admin"])
    assert client.get(URL + "new/").status_code == 200
    r = client.post(URL + "new/", {"from": "template", "tpl-template": "inability", "tpl-deployment": "hosted API",
                                   "tpl-threat_profile": "Bio", "tpl-capability": "write a protocol",
                                   "tpl-modes": ["hosted_api"]})
    assert r.status_code == 302, r.content.decode()[:2000]
    case = SafetyCase.objects.get(template="inability")
    assert case.modes == ["hosted_api"] and "Bio uplift" in case.files[0]["text"]
    bad = "G1:\n  text: top\n  supportedBy: [Sn9]\n"
    r = client.post(URL + "new/", {"from": "yaml", "yaml-source": "x.gsn.yaml", "yaml-text": bad, "action": "save"})
    html = r.content.decode()
    assert r.status_code == 400 and "C03" in html and "Sn9" in html
    r = client.post(URL + "new/", {"from": "yaml", "yaml-source": "x.gsn.yaml", "yaml-text": CASE_YAML, "action": "check"})
    assert r.status_code == 200 and "no errors" in r.content.decode()
    r = client.post(URL + "new/", {"from": "yaml", "yaml-source": "x.gsn.yaml", "yaml-text": CASE_YAML, "action": "save"})
    assert r.status_code == 302 and SafetyCase.objects.filter(slug="acme-bio").exists()


def test_editor_bind_submit_assess_pages(world, bio_red_line, client):
    case = services.import_case(world["admin"], world["model"], [("acme-bio.gsn.yaml", CASE_YAML)])
    base = URL + "acme-bio/"
    client.force_login(world["admin"])
    edit = client.get(base + "edit/").content.decode()
    assert "Check: no errors" in edit
    r = client.post(base + "edit/", {"source": "acme-bio.gsn.yaml", "text": CASE_YAML.replace("[G2]", "[G2, G7]"),
                                     "action": "save"})
    assert r.status_code == 400 and "C03" in r.content.decode() and "G7" in r.content.decode()
    bind = client.get(base + "bind/?element=Sn1").content.decode()
    assert 'value="red_line_verdict" selected' in bind
    r = client.post(base + "bind/", {"element": "Sn1", "kind": "red_line_verdict", "commitment": bio_red_line.pk})
    assert r.status_code == 302
    r = client.post(base + "bind/", {"element": "Sn1", "kind": "decision"})
    assert r.status_code == 400 and "choose a decision record" in r.content.decode()
    assert client.post(base + "submit/").status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    assert client.get(base + "assess/").status_code == 403  # the developer cannot assess its own case
    client.force_login(world["reviewer2"])
    page = client.get(base).content.decode()
    assert "Assess this case" in page
    doc = client.post(base + "assess/", {"verdict": "accepted", "reasons": "Sound.", "action": "document"})
    assert doc["Content-Type"].startswith("application/json") and json.loads(doc.content)["verdict"] == "accepted"
    r = client.post(base + "assess/", {"verdict": "rejected", "reasons": "No.", "element_reasons": "G2 thin",
                                       "action": "sign"})
    assert r.status_code == 400 and "ELEMENT: why" in r.content.decode()
    r = client.post(base + "assess/", {"verdict": "rejected", "reasons": "No.",
                                       "element_reasons": "G2: one red line cannot cover the pathway",
                                       "action": "sign"})
    assert r.status_code == 302
    page = client.get(base).content.decode()
    assert "Rejected by Review Two" in page and "one red line cannot cover the pathway" in page
    assert re.search(r"the signature verifies", page)


@pytest.mark.parametrize("path", ["", "edit/", "bind/"])
def test_outsiders_get_404_on_drafts(world, bound_case, client, path):
    client.force_login(world["outsider"])
    assert client.get(URL + "acme-bio/" + path).status_code == 404


@pytest.mark.parametrize("url", ["safetycase", "solutionbinding", "assessment", "assessmentcondition"])
def test_admin_changelists(admin_client, bound_case, url):
    assert admin_client.get(f"/admin/safety_cases/{url}/").status_code == 200


def test_assessments_cannot_be_edited_in_admin(admin_client, world, bound_case):
    services.submit(world["admin"], bound_case)
    a = services.assess(world["reviewer2"], bound_case, "accepted", "fine")
    r = admin_client.post(f"/admin/safety_cases/assessment/{a.pk}/change/", {"verdict": "rejected"})
    assert r.status_code == 403


def test_a_case_of_several_modules_exports_as_a_zip(world, client):
    import io
    import zipfile

    main = "module:\n  name: main\nG1:\n  text: top\n  undeveloped: true\n"
    sub = ("module:\n  name: sub\n  extends:\n    - module: main\n      develops: {G1: [G2]}\n"
           "G2:\n  text: developed\n  supportedBy: [Sn1]\nSn1:\n  text: evidence\n")
    case = services.import_case(world["admin"], world["model"], [("main.gsn.yaml", main), ("sub.gsn.yaml", sub)])
    client.force_login(world["member"])
    r = client.get(URL + f"{case.slug}/export/")
    assert r["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert {n: z.read(n).decode() for n in z.namelist()} == {"main.gsn.yaml": main, "sub.gsn.yaml": sub}
    assert client.get(URL + f"{case.slug}/edit/").status_code == 302  # several modules: edited by import
