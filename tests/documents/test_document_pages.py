"""Document pages, twins, exports, the feed and the editor, rendered in-process."""

import json

import pytest
from bs4 import BeautifulSoup
from redline_tests_documents_fixtures import CHECKLIST, PUBLIC_MARKER, RESTRICTED

from redline.documents import services

pytestmark = pytest.mark.django_db

BASE = "/documents/acme/acme-7b-capability-report/"


def _client(client, user=None):
    if user is not None:
        client.force_login(user)
    return client


def test_public_surfaces_show_markers_not_text(client, released_doc):
    for path in ["/documents/", "/documents.json", BASE, BASE.rstrip("/") + ".json", BASE + "versions/",
                 BASE + "versions.json", BASE + "versions/1/", BASE + "diff/", BASE + "export.json",
                 BASE + "export.md", "/documents/feed.atom", "/api/documents", "/api/documents/acme/acme-7b-capability-report",
                 "/api/documents/acme/acme-7b-capability-report/versions/1"]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert not any(m in text for _, _, m in RESTRICTED.values()), path
    page = client.get(BASE).content.decode()
    assert PUBLIC_MARKER in page and "[withheld: exploit detail: working steps — available to: regulators and auditors]" in page
    assert client.get(BASE + "document.pdf").content.startswith(b"%PDF")


def test_regulator_reads_its_section(client, released_doc, docs_world):
    c = _client(client, docs_world["auditor"])
    page = c.get(BASE).content.decode()
    assert "MARKER-REGULATORS-7f3a" in page and "MARKER-REVIEWERS-91c2" not in page
    data = json.loads(c.get(BASE + "export.json").content)
    assert "regulators" not in data["rendering"]["withheld"]


def test_editor_keeps_input_on_error_and_saves(client, docs_world):
    c = _client(client, docs_world["author"])
    assert c.get("/documents/new/").status_code == 200
    post = {"organisation": "acme", "kind": "safeguards_report", "title": "Our safeguards",
            "rationale": "Public by default.", "sections-TOTAL_FORMS": "2", "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "100",
            "sections-0-title": "Classifier", "sections-0-body": "We filter. KEEP-THIS-TEXT",
            "sections-1-title": "Method", "sections-1-body": "Details", "sections-1-audiences": ["regulators"],
            "action": "save"}
    response = c.post("/documents/new/", post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "KEEP-THIS-TEXT" in html and "needs a reason" in html
    response = c.post("/documents/new/", {**post, "action": "add"})
    assert 'name="sections-2-title"' in response.content.decode()
    response = c.post("/documents/new/", {**post, "sections-1-reason": "security_of_systems"})
    assert response.status_code == 302
    doc = services.visible_documents(docs_world["author"]).get(slug="our-safeguards")
    sections = services.core_version(services.latest_version(doc)).sections
    assert [s.key for s in sections] == ["classifier", "method"] and sections[1].restricted


def test_review_page_and_decision(client, docs_world):
    w = docs_world
    doc = services.create_document(w["dev"], w["author"], "other", "To review",
                                   [services.core.Section("a", "A", "hello")])
    services.request_review(services.latest_version(doc), w["author"])
    url = doc.get_absolute_url() + "versions/1/review/"
    assert _client(client, w["author"]).get(url).status_code == 200  # the author sees it, without a form
    client.logout()
    c = _client(client, w["triager"])
    page = c.get(url).content.decode()
    assert "Record the decision" in page
    answers = {k: "no" for k in CHECKLIST}
    response = c.post(url, {**answers, "decision": "publish"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.released is not None
    client.logout()
    soup = BeautifulSoup(client.get(doc.get_absolute_url()).content, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "To review"


def test_unreleased_document_is_404_for_others(client, docs_world):
    w = docs_world
    doc = services.create_document(w["dev"], w["author"], "other", "Secret draft",
                                   [services.core.Section("a", "A", "hello")])
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/documents/").content.decode()
    assert _client(client, w["author"]).get(doc.get_absolute_url()).status_code == 200
