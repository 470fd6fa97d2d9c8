"""What documents add to the organisation, model and incident pages, rendered for the viewer."""

import pytest
from redline_tests_documents_fixtures import CHECKLIST

from redline.core.documents import Readership, Restriction, Section
from redline.documents import services

pytestmark = pytest.mark.django_db


def test_org_page_links_governance_card_or_offers_to_start_one(client, docs_world):
    w = docs_world
    client.force_login(w["author"])
    page = client.get("/orgs/acme/").content.decode()
    assert "Start a governance card" in page and "kind=governance_card" in page
    form = client.get("/documents/new/?organisation=acme&kind=governance_card").content.decode()
    assert "Goals and values" in form and "Consent of data subjects" in form
    doc = services.create_from_template(w["dev"], w["author"], "governance_card", "Acme governance card")
    services.decide(services.request_review(services.latest_version(doc), w["author"]), w["triager"],
                    checklist=CHECKLIST, decision="publish")
    client.logout()
    page = client.get("/orgs/acme/").content.decode()
    assert 'href="/documents/acme/acme-governance-card/"' in page and "Start a governance card" not in page


def test_model_page_lists_released_documents_only(client, released_doc, docs_world):
    w = docs_world
    services.create_document(w["dev"], w["author"], "other", "Hidden draft about the model",
                             [Section("a", "A", "x")], model=w["model"])
    page = client.get("/models/acme/acme-7b/").content.decode()
    assert "Acme 7B capability report" in page and "Hidden draft about the model" not in page


@pytest.fixture
def incident(db):
    from redline.disclosure.models import Incident

    return Incident.objects.create(title="Support agent leaked addresses", impact="212 addresses sent.",
                                   root_cause="Injected text was obeyed.", mitigations="Quote e-mails.",
                                   lessons_learned="Red-team agents.", timeline=[{"at": "2026-10-01",
                                                                                   "text": "reported"}])


def test_incident_page_shows_report_rendered_for_viewer(client, docs_world, incident):
    w = docs_world
    client.force_login(w["author"])
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f"/documents/new/?incident={incident.pk}" in page
    form = client.get(f"/documents/new/?incident={incident.pk}").content.decode()
    assert "Injected text was obeyed." in form and "post_incident_report" in form
    doc = services.create_document(w["dev"], w["author"], "post_incident_report", "PIR", [
        Section("impact", "Impact", "212 addresses sent."),
        Section("root-cause", "Root cause", "INCIDENT-SECRET-5", Readership.of("regulators"),
                Restriction("exploit_detail"))], incident=incident)
    client.logout()
    assert "INCIDENT-SECRET-5" not in client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "PIR" not in client.get(f"/incidents/{incident.pk}/").content.decode()  # not released yet
    services.decide(services.request_review(services.latest_version(doc), w["author"]), w["triager"],
                    checklist=CHECKLIST, decision="publish")
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "PIR" in page and "INCIDENT-SECRET-5" not in page and "[withheld: exploit detail" in page
    data = client.get(f"/incidents/{incident.pk}.json").json()
    assert data["post_incident_reports"][0]["withheld"] == ["root-cause"]
    client.force_login(w["auditor"])
    assert "INCIDENT-SECRET-5" in client.get(f"/incidents/{incident.pk}/").content.decode()


def test_demo_documents_load_twice(db):
    from redline.demo import load_demo
    from redline.documents.models import Document

    load_demo()
    first = set(Document.objects.values_list("organisation__slug", "slug", "state"))
    load_demo()
    assert set(Document.objects.values_list("organisation__slug", "slug", "state")) == first
    states = {slug: state for _, slug, state in first}
    assert states["aurora-2-capability-report"] == "released"
    assert states["aurora-2-safeguards-q3-2026"] == "in_review"
    assert states["forge-70b-threat-profile"] == "in_review"
    assert states["support-inbox-prompt-injection"] == "released"
    assert any(slug.endswith("governance-card") and s == "released" for slug, s in states.items())
