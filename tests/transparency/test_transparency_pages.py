"""The transparency pages on the demo: the report as the public and as a regulator, the crosswalk, the EU
form, the practice map, and who may press which button (the authorisation matrix of issue 16)."""

from __future__ import annotations

import json

import pytest

from pdftext import pdf_text
from redline.transparency.report import DETAIL_MARKER

pytestmark = pytest.mark.django_db

BASE = "/orgs/aurora-labs/transparency/"
ROLES = {
    "anonymous": None,
    "outsider_developer": "admin@openforge.demo.redline.test",
    "member": "member@aurora-labs.demo.redline.test",
    "triager": "triager@aurora-labs.demo.redline.test",
    "admin": "admin@aurora-labs.demo.redline.test",
    "regulator": "auditor@ai-safety-office.demo.redline.test",
    "reviewer": "reviewer1@isrb.demo.redline.test",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from redline.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield {}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(role):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(email=ROLES[role]))
    return client


def _report_slug():
    from redline.documents.models import Document

    return Document.objects.get(organisation__slug="aurora-labs", kind="transparency_report",
                                released__isnull=False).slug


def test_the_demo_has_supply_chains_claims_an_fmti_import_and_a_released_report(demo):
    from redline.registry.models import AIModel
    from redline.transparency.models import FmtiReport, PracticeClaim

    model = AIModel.objects.get(organisation__slug="aurora-labs", slug="aurora-2")
    assert model.data_origins and model.training_stages and model.compute["training_flop"] > 0
    assert PracticeClaim.objects.filter(organisation__slug="aurora-labs").count() >= 3
    assert FmtiReport.objects.filter(organisation__slug="aurora-labs").count() == 1
    assert _report_slug()


def test_the_organisation_page_links_the_transparency_pages(demo):
    body = _client("anonymous").get("/orgs/aurora-labs/").content.decode()
    for path in ("", "fmti/", "eu-form/", "nist/"):
        assert f'href="{BASE}{path}"' in body
    assert "Build the quarterly report" not in body
    assert "Build the quarterly report" in _client("admin").get("/orgs/aurora-labs/").content.decode()


@pytest.mark.parametrize("role", ["anonymous", "outsider_developer"])
def test_the_public_reads_withheld_markers_on_every_report_surface(demo, role):
    client, slug = _client(role), _report_slug()
    for url in (f"{BASE}reports/{slug}/", f"{BASE}reports/{slug}.json", f"{BASE}reports/{slug}/report.html"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert DETAIL_MARKER not in text, url
        assert "[withheld: security of systems" in text, url
    data = client.get(f"{BASE}reports/{slug}.json").json()
    assert data["sections"]["safeguards-detail"]["withheld"] is True
    assert data["sections"]["safeguards-detail"]["metrics"] == {}
    pdf = client.get(f"{BASE}reports/{slug}/report.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)  # the PDF itself, not the HTML handed to WeasyPrint
    assert DETAIL_MARKER not in text and "[withheld: security of systems" in text


def test_a_regulator_reads_their_sections(demo):
    client, slug = _client("regulator"), _report_slug()
    data = client.get(f"{BASE}reports/{slug}.json").json()
    assert data["sections"]["safeguards-detail"]["withheld"] is False
    assert data["sections"]["incidents-detail"]["withheld"] is False
    assert DETAIL_MARKER in data["sections"]["safeguards-detail"]["text"]
    page = client.get(f"{BASE}reports/{slug}/").content.decode()
    assert DETAIL_MARKER in page and "data:image/png;base64," in page
    assert DETAIL_MARKER in pdf_text(client.get(f"{BASE}reports/{slug}/report.pdf").content)


def test_a_reviewer_reads_the_safeguards_detail_but_not_the_regulators_incident_detail(demo):
    data = _client("reviewer").get(f"{BASE}reports/{_report_slug()}.json").json()
    assert data["sections"]["safeguards-detail"]["withheld"] is False
    assert data["sections"]["incidents-detail"]["withheld"] is True


def test_the_fmti_page_its_twin_and_csv(demo):
    client = _client("anonymous")
    data = client.get(f"{BASE}fmti.json").json()
    assert data["from_records"] + data["manual"] + data["open"] == 100
    assert data["from_records"] >= 10 and data["imported"]["source"] == "aurora-labs-fmti-2025.csv"
    assert len(data["results"]) == 100
    csv_text = client.get(f"{BASE}fmti.csv").content.decode()
    assert csv_text.startswith("Indicator,Definition,Notes,Disclosure,Justification,References,Score\n")
    assert client.get(f"{BASE}fmti/").status_code == 200


def test_the_eu_form_tags_every_item_with_its_recipients_and_marks_empty_ones(demo):
    client = _client("anonymous")
    data = client.get(f"{BASE}eu-form.json?model=aurora-2").json()
    assert data["items"] and all(item["recipients"] for item in data["items"])
    assert any(item["empty"] for item in data["items"]) and any(not item["empty"] for item in data["items"])
    only = client.get(f"{BASE}eu-form.json?model=aurora-2&recipient=downstream_providers").json()
    assert all("downstream_providers" in item["recipients"] for item in only["items"])
    page = client.get(f"{BASE}eu-form/?model=aurora-2").content.decode()
    assert "Empty" in page and "AI Office" in page


def test_the_practice_map_shows_the_own_statement_where_it_disagrees(demo):
    data = _client("anonymous").get(f"{BASE}nist.json").json()
    practices = {p["id"]: p for o in data["objectives"] for p in o["practices"]}
    assert practices["6.5"]["own_statement"]["status"] == "not_yet_feasible"
    assert any(p["disagrees"] for p in practices.values())
    assert sum(data["counts"].values()) == len(practices)
    assert "disagrees" in _client("anonymous").get(f"{BASE}nist/").content.decode()


def test_the_restricted_model_never_reaches_the_public_facts(demo):
    """Meridian Bio is restricted to reviewers and regulators: its name is not on Meridian's public pages."""
    client = _client("anonymous")
    for path in ("eu-form.json", "fmti.json", "nist.json"):
        assert "Meridian Bio" not in client.get(f"/orgs/meridian/transparency/{path}").content.decode()


# --- the authorisation matrix -------------------------------------------------------------------------

#: Who may do what: True allowed, False refused (403, or sent to sign in for anonymous).
ACTIONS = {
    "build": {"admin"},
    "fmti_import": {"admin"},
    "nist_claim": {"admin"},
    "eu_form_entry": {"member", "triager", "admin"},
}
READS = ["", ".json", "fmti/", "fmti.json", "fmti.csv", "eu-form/", "eu-form.json", "nist/", "nist.json",
         "compare/", "compare.json"]


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("path", READS)
def test_every_role_may_read_every_transparency_page(demo, role, path):
    response = _client(role).get(BASE.rstrip("/") + ("/" + path if not path.startswith(".") else path))
    assert response.status_code == 200


def _post(client, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if action == "build":
        return client.post(f"{BASE}build/", {"period": "2026-Q1"})
    if action == "fmti_import":
        csv_bytes = b"Indicator,Definition,Notes,Disclosure,Justification,References,Score\nCrawling,,,Bot.,,,1\n"
        return client.post(f"{BASE}fmti/import/", {"report": SimpleUploadedFile("r.csv", csv_bytes)})
    if action == "nist_claim":
        return client.post(f"{BASE}nist/claim/", {"practice": "3.3", "status": "planned", "statement": "Soon.",
                                                  "reason": "Budget next year."})
    return client.post(f"{BASE}eu-form/entry/", {"model": "aurora-2", "item": _first_item(), "text": "By hand."})


def _first_item():
    from redline.core.transparency import load_form

    return load_form().items[0].id


def _effect(action):
    from redline.documents.models import Document
    from redline.transparency.models import EuFormEntry, FmtiReport, PracticeClaim

    return {"build": lambda: Document.objects.filter(kind="transparency_report").count(),
            "fmti_import": lambda: FmtiReport.objects.count(),
            "nist_claim": lambda: PracticeClaim.objects.filter(practice="3.3").count(),
            "eu_form_entry": lambda: EuFormEntry.objects.count()}[action]()


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_the_write_matrix(demo, role, action):
    from django.db import transaction

    allowed = role in ACTIONS[action]
    with transaction.atomic():
        before = _effect(action)
        response = _post(_client(role), action)
        after = _effect(action)
        transaction.set_rollback(True)
    if allowed:
        assert response.status_code == 302 and after == before + 1, (response.status_code, before, after)
    else:
        assert after == before
        assert response.status_code in (302, 403, 404)
        if role != "anonymous":
            assert response.status_code in (403, 404)


def test_a_json_twin_is_valid_json_for_a_regulator(demo):
    for path in READS:
        if path.endswith(".json"):
            json.loads(_client("regulator").get(BASE.rstrip("/") + ("/" + path if not path.startswith(".")
                                                                     else path)).content)


def test_the_facts_hold_only_what_the_audience_may_see(demo):
    """Built from the seeded database: Meridian Bio (restricted to reviewers and regulators) is in the
    regulators' and the internal facts, never in the public's or other developers'."""
    from redline.accounts.models import Organisation
    from redline.core.transparency import KNOWN_KEYS
    from redline.transparency.facts import FactsBuilder, build_facts

    meridian = Organisation.objects.get(slug="meridian")
    seen = {audience: {m.slug for m in FactsBuilder(meridian, None, audience).models}
            for audience in ("public", "regulators", "reviewers", "developers", "internal")}
    assert "meridian-bio" not in seen["public"] and "meridian-bio" not in seen["developers"]
    assert "meridian-bio" in seen["regulators"] and "meridian-bio" in seen["internal"]
    aurora = Organisation.objects.get(slug="aurora-labs")
    facts = build_facts(aurora, None, "public")
    assert set(facts) <= KNOWN_KEYS
    assert facts["threat_profiles"] and facts["commitments_in_force"] and facts["safeguard_tests"]
    assert facts["supply_chain"]["data_origins"] and facts["claims"]["6.5"]["status"] == "not_yet_feasible"
    assert all(not r.get("title") for r in facts["reports"])  # counted and timed, never quoted
    assert all(i["public"] for i in facts["incidents"])
