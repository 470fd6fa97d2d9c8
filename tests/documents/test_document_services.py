"""Document services: create, revise, review and release, rendering for each reader, and the ledger."""

import pytest
from redline_tests_documents_fixtures import CHECKLIST, PUBLIC_MARKER, RESTRICTED, sections

from redline.core.documents import Claim, Readership, Restriction, Section
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.documents import services
from redline.documents.models import DocumentVersion
from redline.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_nothing_is_shown_before_review(docs_world):
    w = docs_world
    doc = services.create_document(w["dev"], w["author"], "other", "Draft", sections())
    assert services.released_version(doc) is None
    with pytest.raises(PermissionDenied):
        services.rendered_for(w["auditor"], doc)
    assert not services.visible_documents(w["auditor"]).filter(pk=doc.pk).exists()
    assert services.visible_documents(w["author"]).filter(pk=doc.pk).exists()


def test_release_after_review_renders_for_each_audience(released_doc, docs_world):
    w = docs_world
    anonymous = services.rendered_for(services.core.ANONYMOUS, released_doc)
    bodies = " ".join(s.body for s in anonymous.sections)
    assert PUBLIC_MARKER in bodies
    assert not any(marker in bodies for _, _, marker in RESTRICTED.values())
    assert "[withheld: exploit detail: working steps — available to: regulators and auditors]" in bodies
    sees = {"auditor": {"regulators"}, "reviewer": {"reviewers"}, "researcher": {"reviewers"},
            "beta": {"developers", "named"}, "gamma": {"developers"}, "coordinator": set(),
            "author": set(RESTRICTED), "outsider": set()}
    for who, keys in sees.items():
        text = " ".join(s.body for s in services.rendered_for(w[who], released_doc).sections)
        for key, (_, _, marker) in RESTRICTED.items():
            assert (marker in text) == (key in keys), (who, key)


def test_author_may_not_review_and_member_may_not_review(docs_world):
    w = docs_world
    doc = services.create_document(w["dev"], w["triager"], "other", "Mine", sections())
    review = services.request_review(services.latest_version(doc), w["triager"])
    with pytest.raises(PermissionDenied, match="author"):
        services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")
    with pytest.raises(PermissionDenied):
        services.decide(review, w["author"], checklist=CHECKLIST, decision="publish")
    with pytest.raises(PermissionDenied):
        services.decide(review, w["reviewer"], checklist=CHECKLIST, decision="publish")
    services.decide(review, w["admin"], checklist=CHECKLIST, decision="publish")


def test_independent_review_and_restrict_decision(docs_world):
    w = docs_world
    doc = services.create_document(w["dev"], w["author"], "safeguards_report", "Safeguards",
                                   [Section("a", "A", "public a"), Section("b", "B", "steps b")])
    review = services.request_review(services.latest_version(doc), w["author"], "independent",
                                     reviewer_org=w["rev_org"])
    with pytest.raises(PermissionDenied, match="independent"):
        services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")
    assert services.visible_documents(w["reviewer"]).filter(pk=doc.pk).exists()
    with pytest.raises(InvalidInput, match="checklist"):
        services.decide(review, w["reviewer"], checklist={**CHECKLIST, "exploit_steps": True}, decision="publish")
    services.decide(review, w["reviewer"], checklist={**CHECKLIST, "exploit_steps": True}, decision="restrict",
                    restrictions=[{"key": "b", "audiences": ["regulators"], "reason": "exploit_detail"}],
                    rationale="working steps")
    doc.refresh_from_db()
    assert doc.state == "restricted_release"
    released = services.released_version(doc)
    assert released.number == 2 and released.author == w["reviewer"]
    public = services.rendered_for(services.core.ANONYMOUS, doc)
    assert public.withheld == ("b",)
    assert "steps b" in " ".join(s.body for s in services.rendered_for(w["auditor"], doc).sections)


def test_withhold_keeps_earlier_release(released_doc, docs_world):
    w = docs_world
    services.revise(released_doc, w["author"], [Section("summary", "Summary", "new text")])
    review = services.request_review(services.latest_version(released_doc), w["author"])
    with pytest.raises(IllegalTransition):
        services.revise(released_doc, w["author"], [Section("summary", "Summary", "again")])
    services.decide(review, w["triager"], checklist=CHECKLIST, decision="withhold", rationale="not yet")
    released_doc.refresh_from_db()
    assert released_doc.state == "withheld"
    assert services.released_version(released_doc).number == 1


def test_done_claim_without_evidence_is_flagged_and_refused(docs_world):
    w = docs_world
    claim = Claim("4.1", "We run uplift evaluations", "done")
    doc = services.create_document(w["dev"], w["author"], "other", "Claims",
                                   [Section("s", "S", "text", claims=(claim,))])
    version = services.latest_version(doc)
    assert [c.practice for c in services.flagged_claims(version)] == ["4.1"]
    assert version.claims.get().status == "done"
    review = services.request_review(version, w["author"])
    with pytest.raises(InvalidInput, match="without evidence"):
        services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")


def test_versions_are_append_only_and_every_event_is_ledgered(released_doc, docs_world):
    version = services.latest_version(released_doc)
    with pytest.raises(Exception, match="never updated"):
        version.save()
    actions = set(LedgerEntry.objects.filter(object_type="documents.document",
                                             object_id=str(released_doc.pk)).values_list("action", flat=True))
    assert {"create", "state:in_review", "state:released"} <= actions
    assert LedgerEntry.objects.filter(object_type="documents.documentversion", object_id=str(version.pk)).exists()
    assert DocumentVersion.objects.filter(document=released_doc).count() == 1


def test_bad_input_names_the_field(docs_world):
    w = docs_world
    with pytest.raises(InvalidInput, match="kind"):
        services.create_document(w["dev"], w["author"], "poem", "x", sections())
    with pytest.raises(InvalidInput, match="no organisation 'nobody'"):
        services.create_document(w["dev"], w["author"], "other", "x", [
            Section("s", "S", "b", Readership.of("named", organisations=["nobody"]), Restriction("legal"))])
    with pytest.raises(PermissionDenied):
        services.create_document(w["dev"], w["beta"], "other", "x", sections())


def test_public_diff_hides_restricted_text(released_doc, docs_world):
    w = docs_world
    new = [s if s.key != "regulators" else Section("regulators", s.title, "CHANGED-SECRET", s.readership,
                                                   s.restriction) for s in sections()]
    services.revise(released_doc, w["author"], new)
    review = services.request_review(services.latest_version(released_doc), w["author"])
    services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")
    old, latest = services.released_versions(released_doc)
    public = services.diff(services.core.ANONYMOUS, old, latest)
    assert "CHANGED-SECRET" not in repr(public)
    assert any(c.note == "withheld text changed" for c in public)
    assert "CHANGED-SECRET" in repr(services.diff(w["auditor"], old, latest))


def test_governance_card_from_template(docs_world):
    w = docs_world
    doc = services.create_from_template(w["dev"], w["author"], "governance_card", "Acme governance card",
                                        bodies={"goals-and-values": "Open science."})
    keys = [s.key for s in services.core_version(services.latest_version(doc)).sections]
    assert keys[:2] == ["goals-and-values", "organisation"] and "model-release" in keys
