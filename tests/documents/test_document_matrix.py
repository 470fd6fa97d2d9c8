"""Authorisation of documents: generated caller × document state × section audience × surface.

The rules: a document is opened by everyone once a version is released, before that only by its
organisation's members (and, while an independent review is open, the reviewer organisation's
members). Of an opened document each caller reads exactly the sections whose audience they belong
to — members of the owner every section, regulators' members "regulators", reviewer and research
organisations' members "reviewers", other developers "developers", a named organisation's members
their sections — and everyone else sees the withheld marker. Every surface (page, JSON twin,
version page, exports, the PDF's own text (read back with pypdf), API) agrees; every mismatch is listed in
one failure.
"""

import json

import pytest
from django.test import Client
from redline_tests_documents_fixtures import CHECKLIST, PUBLIC_MARKER, RESTRICTED, sections

from pdftext import pdf_text
from redline.documents import services

pytestmark = pytest.mark.django_db

#: caller → the restricted section keys they read of a released document
READS = {
    "anonymous": set(), "outsider": set(), "coordinator": set(),
    "author": set(RESTRICTED), "triager": set(RESTRICTED), "admin": set(RESTRICTED),
    "auditor": {"regulators"}, "reviewer": {"reviewers"}, "researcher": {"reviewers"},
    "beta": {"developers", "named"}, "gamma": {"developers"},
}
MEMBERS = {"author", "triager", "admin"}
STATES = ["draft", "in_review", "in_independent_review", "released", "withheld"]
SURFACES = ["page", "twin", "version", "export.json", "export.md", "pdf", "api", "api_version"]


def opens(caller: str, state: str) -> bool:
    if state == "released":
        return True
    if caller in MEMBERS:
        return True
    return state == "in_independent_review" and caller == "reviewer"


def reads(caller: str, state: str, key: str) -> bool:
    if not opens(caller, state):
        return False
    if caller in MEMBERS or (state == "in_independent_review" and caller == "reviewer"):
        return True  # the owner's members, and the reviewer, who must read what would be released
    return key in READS[caller]


def _make(w, state: str):
    doc = services.create_document(w["dev"], w["author"], "capability_report", f"Report {state}", sections(),
                                   slug=state.replace("_", "-"))
    version = services.latest_version(doc)
    if state == "draft":
        return doc
    if state == "in_independent_review":
        services.request_review(version, w["author"], "independent", reviewer_org=w["rev_org"])
        return doc
    review = services.request_review(version, w["author"])
    if state == "released":
        services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")
    elif state == "withheld":
        services.decide(review, w["triager"], checklist=CHECKLIST, decision="withhold", rationale="hazard")
    return doc


def _fetch(client, user, doc, surface):
    base = doc.get_absolute_url()
    api = f"/api/documents/{doc.organisation.slug}/{doc.slug}"
    paths = {"page": base, "twin": base.rstrip("/") + ".json", "version": base + "versions/1/",
             "export.json": base + "export.json?version=1", "export.md": base + "export.md?version=1",
             "api": api, "api_version": api + "/versions/1"}
    if surface == "pdf":
        response = client.get(base + "document.pdf?version=1")
        return response.status_code, pdf_text(response.content) if response.status_code == 200 else ""
    response = client.get(paths[surface])
    return response.status_code, response.content.decode()


def test_matrix(docs_world):
    from django.contrib.auth.models import AnonymousUser

    w = docs_world
    docs = {state: _make(w, state) for state in STATES}
    problems = []
    for caller in READS:
        user = AnonymousUser() if caller == "anonymous" else w[caller]
        client = Client()
        if caller != "anonymous":
            client.force_login(user)
        for state, doc in docs.items():
            for surface in SURFACES:
                status, text = _fetch(client, user, doc, surface)
                if (status == 200) != opens(caller, state):
                    problems.append(f"{caller} {state} {surface}: status {status}")
                    continue
                if status != 200:
                    continue
                if PUBLIC_MARKER not in text:
                    problems.append(f"{caller} {state} {surface}: public section missing")
                for key, (_, _, marker) in RESTRICTED.items():
                    if (marker in text) != reads(caller, state, key):
                        problems.append(f"{caller} {state} {surface}: section {key} "
                                        f"{'shown' if marker in text else 'withheld'}")
            listed = doc.title in client.get("/documents/").content.decode()
            if listed != opens(caller, state):
                problems.append(f"{caller} {state} list: {'listed' if listed else 'missing'}")
            edit = client.get(doc.get_absolute_url() + "edit/").status_code
            may_edit = caller in MEMBERS and state != "in_review" and state != "in_independent_review"
            if (edit == 200) != may_edit:
                problems.append(f"{caller} {state} edit page: {edit}")
            review = getattr(services.latest_version(doc), "review", None)
            may_review = review is not None and services.may_review(user, review) is not None
            expected = (state == "in_review" and caller in ("triager", "admin")) or (
                state == "in_independent_review" and caller == "reviewer")
            if may_review != expected:
                problems.append(f"{caller} {state} review: {may_review}")
    assert not problems, "\n".join(problems)


def test_feed_and_ledger_never_carry_restricted_text(client, docs_world):
    w = docs_world
    for state in STATES:
        _make(w, state)
    feed = client.get("/documents/feed.atom").content.decode()
    assert "Report released" in feed and "Report draft" not in feed and "Report withheld" not in feed
    assert not any(m in feed for _, _, m in RESTRICTED.values())
    ledger = json.dumps(client.get("/ledger.json").json())
    assert "Report draft" not in ledger and not any(m in ledger for _, _, m in RESTRICTED.values())
