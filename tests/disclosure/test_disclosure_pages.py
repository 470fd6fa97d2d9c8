"""Disclosure pages in-process: intake without an account, follow-up link, triage, public pages, feeds, leaks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from redline.disclosure import intake, publishing, services
from redline.disclosure.models import Report

MARKER = "ZZMARKERQX"


def _form(world, **kw):
    data = {"kind": "vulnerability", "title": "Refusal bypass via role-play", "description": "The model writes "
            "the instructions when asked to play a chemist.", "models": "aurora/aurora-2", "severity": "high",
            "attachment_sensitivity": "restricted", "accept_terms": "on"}
    data.update(kw)
    return data


def test_intake_form_needs_no_account_and_shows_terms(client, world):
    page = client.get("/report/")
    assert page.status_code == 200 and world.terms.text[:40] in page.content.decode()
    missing = client.post("/report/", _form(world, accept_terms=""))
    assert missing.status_code == 422 and Report.objects.count() == 0
    done = client.post("/report/", _form(world))
    assert done.status_code == 302 and done["Location"] == "/report/received/"
    done = client.get(done["Location"])
    link = re.search(r'id="follow-up-link" href="([^"]+)"', done.content.decode()).group(1)
    follow = client.get(link)
    assert follow.status_code == 200 and "Refusal bypass" in follow.content.decode()
    assert client.get(link.rstrip("/") + ".json").json()["participants"][0]["vendor"] == "aurora"
    client.post(link, {"body": "More detail here."})
    assert Report.objects.get().messages.get().body == "More detail here."
    assert client.get("/report/follow/rlf_nope/").status_code == 404


def test_intake_with_attachment_and_bad_type(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post("/report/", {**_form(world), "attachment": SimpleUploadedFile("x.exe", b"MZ",
                                                                                      "application/x-msdownload")})
    assert bad.status_code == 422 and "attachment" in bad.content.decode()
    ok = client.post("/report/", {**_form(world), "attachment": SimpleUploadedFile("log.txt", b"transcript",
                                                                                     "text/plain")})
    assert ok.status_code == 302 and Report.objects.get().attachments.count() == 1


def test_vendor_triages_and_other_vendor_cannot_open(client, world, submit):
    report = submit().report
    client.force_login(world.forge_triager)
    assert client.get(f"/cases/{report.pk}/").status_code == 404
    assert client.get(f"/cases/{report.pk}.json").status_code == 404
    assert client.post(f"/cases/{report.pk}/act/", {"op": "accept", "vendor": "aurora"}).status_code == 404
    assert report.ref not in client.get("/cases/").content.decode()
    client.force_login(world.triager)
    assert report.ref in client.get("/cases/").content.decode()
    page = client.get(f"/cases/{report.pk}/")
    assert page.status_code == 200 and "Accept" in page.content.decode()
    client.post(f"/cases/{report.pk}/act/", {"op": "accept", "vendor": "aurora"})
    client.post(f"/cases/{report.pk}/act/", {"op": "propose_embargo", "requested_end": ""})
    data = client.get(f"/cases/{report.pk}.json").json()
    assert data["participants"][0]["state"] == "accepted" and data["embargo"]["state"] == "proposed"
    bad = client.post(f"/cases/{report.pk}/act/", {"op": "fix_deployed", "vendor": "aurora"}, follow=True)
    text = bad.content.decode()
    assert "A fix can be deployed only after it is ready" in text and "cannot &#x27;" not in text


def test_multi_vendor_each_sees_only_its_participation(client, world, submit):
    report = submit(models=["aurora/aurora-2", "forge/forge-8b"]).report
    services.post_message(report, "Aurora-only note", user=world.triager, audience="internal")
    client.force_login(world.forge_triager)
    data = client.get(f"/cases/{report.pk}.json").json()
    assert [p["vendor"] for p in data["participants"]] == ["forge"]
    assert "Aurora-only note" not in str(data)
    client.force_login(world.coordinator)
    data = client.get(f"/cases/{report.pk}.json").json()
    assert sorted(p["vendor"] for p in data["participants"]) == ["aurora", "forge"]


def _published(world, submit, **kw):
    report = submit(**kw).report
    services.triage(world.triager, report, world.aurora, "accept")
    return report, services.publish(world.triager, report)


def test_public_advisory_list_detail_search_feeds(client, world, submit):
    report, adv = _published(world, submit, title="Napalm recipe via grandmother role-play",
                             description="Role-play as a grandmother leads to a recipe.", kind="misuse")
    other_report, _ = _published(world, submit, title="Watermark removal", description="Image model strips marks.")
    page = client.get(f"/advisories/{adv.public_id}/")
    assert page.status_code == 200 and "grandmother" in page.content.decode()
    assert client.get(f"/advisories/{adv.public_id}.json").json()["public_id"] == adv.public_id
    found = client.get("/advisories.json", {"q": "grandmother"}).json()
    assert [r["public_id"] for r in found["results"]] == [adv.public_id]
    assert client.get("/advisories.json", {"kind": "misuse"}).json()["count"] == 1
    assert client.get("/advisories.json", {"organisation": "aurora"}).json()["count"] == 2
    assert client.get("/advisories.json", {"model": "aurora/aurora-2", "q": "watermark"}).json()["count"] == 1
    assert client.get("/advisories.json", {"since": "not-a-date"}).status_code == 422
    for url in ("/advisories/feed.atom", "/advisories/feed/organisation/aurora.atom",
                "/advisories/feed/model/aurora/aurora-2.atom"):
        feed = client.get(url)
        assert feed.status_code == 200 and adv.public_id in feed.content.decode(), url
    assert client.get("/advisories/RL-2026-99999/").status_code == 404
    ld = client.get(f"/advisories/{adv.public_id}.jsonld")
    assert ld.status_code == 200 and ld["Content-Type"] == "application/ld+json"
    assert "grandmother" in ld.content.decode()


def test_reserved_is_hidden_rejected_is_tombstone_duplicate_redirects(client, world, submit):
    reserved = submit().report
    assert client.get(f"/advisories/{reserved.advisory.public_id}/").status_code == 404
    rejected = submit(title="Not a flaw", description="Output within scope, by design.").report
    publishing.reject(world.triager, rejected, "Within the stated scope.")
    tomb = client.get(f"/advisories/{rejected.advisory.public_id}/")
    assert tomb.status_code == 410 and "Within the stated scope." in tomb.content.decode()
    original, _ = _published(world, submit)
    dup = submit().report
    services.mark_duplicate(world.triager, dup, original, world.aurora)
    moved = client.get(f"/advisories/{dup.advisory.public_id}/")
    assert moved.status_code == 301 and moved["Location"] == f"/advisories/{original.advisory.public_id}/"


def test_script_in_report_text_is_escaped(client, world, submit):
    report, adv = _published(world, submit, title="XSS <script>alert(1)</script>",
                             description="Body <script>alert(2)</script>")
    for url in (f"/advisories/{adv.public_id}/", "/advisories/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.fixture
def leaky(world, submit):
    """A published report with a marker in every restricted field and in sensitive and restricted evidence."""
    report = submit(
        title="Marker test flaw", description="Public description.", reproduction=f"steps {MARKER} repro",
        reporter_email=f"{MARKER.lower()}@example.org", policy_violated=f"policy {MARKER}",
        expected_behaviour=f"expected {MARKER}", restricted_fields=["expected_behaviour", "credits"],
        credits=[f"credit {MARKER}"],
        uploads=[intake.Upload(f"{MARKER}.txt", f"evidence {MARKER}".encode(), "text/plain", "sensitive"),
                 intake.Upload(f"r-{MARKER}.txt", MARKER.encode(), "text/plain", "restricted")],
    ).report
    Report.objects.filter(pk=report.pk).update(restricted={"evidence_proofOfConcept": MARKER})
    report.refresh_from_db()
    services.post_message(report, f"internal {MARKER}", user=world.triager, audience="internal")
    services.post_message(report, f"to reporter {MARKER}", user=world.triager)
    services.triage(world.triager, report, world.aurora, "accept")
    return report, services.publish(world.triager, report)


def test_marker_never_reaches_any_public_surface(client, world, leaky, tmp_path):
    report, adv = leaky
    surfaces = [f"/advisories/{adv.public_id}/", f"/advisories/{adv.public_id}.json",
                f"/advisories/{adv.public_id}.jsonld", "/advisories/",
                "/advisories.json", "/advisories/feed.atom",
                "/advisories/feed/organisation/aurora.atom", "/advisories/feed/model/aurora/aurora-2.atom",
                "/incidents/", "/incidents.json"]
    for url in surfaces:
        body = client.get(url).content.decode()
        assert MARKER not in body and MARKER.lower() not in body, url
    assert client.get("/advisories.json", {"q": MARKER}).json()["results"] == []
    assert publishing.search(MARKER).count() == 0
    assert publishing.search("Marker test").count() == 1
    from redline.disclosure import exporters

    for fmt in ("avid", "stix", "cve", "jsonld"):
        out = tmp_path / fmt
        exporters.export(fmt, out)
        text = "".join(p.read_text() for p in ([out] if out.is_file() else sorted(out.rglob("*"))) if p.is_file())
        assert MARKER not in text and MARKER.lower() not in text, fmt
        assert adv.public_id in text, fmt
    # the vendor does see it on the case page; the public never does
    client.force_login(world.triager)
    assert MARKER in client.get(f"/cases/{report.pk}/").content.decode()


def test_coordinator_dashboard_shows_escalation(client, world, submit):
    from redline.disclosure.clocks import check_deadlines

    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    report = submit(now=t0, severity="critical").report
    check_deadlines(now=t0 + timedelta(days=2))
    client.force_login(world.triager)
    assert client.get("/coordination/").status_code == 403
    client.force_login(world.coordinator)
    page = client.get("/coordination/").content.decode()
    assert report.ref in page and "acknowledge" in page


def test_a_vendor_sees_only_its_own_missed_deadlines_on_a_shared_case(client, world, submit):
    """On a two-vendor case, OpenForge's missed deadline is not shown to Aurora's triager (issue 10)."""
    from redline.disclosure.clocks import check_deadlines

    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    report = submit(now=t0, severity="critical", models=["aurora/aurora-2", "forge/forge-8b"]).report
    services.triage(world.triager, report, world.aurora, "accept", now=t0 + timedelta(hours=1))
    check_deadlines(now=t0 + timedelta(days=2))
    client.force_login(world.triager)
    page = client.get(f"/cases/{report.pk}/").content.decode()
    assert "OpenForge missed" not in page
    client.force_login(world.coordinator)
    assert "OpenForge missed" in client.get(f"/cases/{report.pk}/").content.decode()


def test_dispute_page_flow(client, world, submit):
    report = submit().report
    services.triage(world.triager, report, world.aurora, "invalid")
    d = services.file_dispute(report, world.aurora, "It is real", token_ok=True)
    client.force_login(world.triager)
    client.post(f"/disputes/{d.pk}/", {"op": "answer", "answer": "Fiction only."})
    assert client.post(f"/disputes/{d.pk}/", {"op": "begin_review"}).status_code == 403
    client.force_login(world.adjudicator)
    client.post(f"/disputes/{d.pk}/", {"op": "begin_review"})
    client.post(f"/disputes/{d.pk}/", {"op": "decide", "outcome": "overturned", "rationale": "Scope says so."})
    d.refresh_from_db()
    assert d.state == "decided" and d.vendor_answer == "Fiction only."


def test_reporter_appeals_once_and_withdraws_from_the_follow_up_link(client, world, submit):
    done, other = submit(), submit()
    report, link = done.report, f"/report/follow/{done.token}/"
    services.triage(world.triager, report, world.aurora, "invalid")
    d = services.file_dispute(report, world.aurora, "It is real", token_ok=True)
    page = client.get(link).content.decode()
    assert 'value="withdraw"' in page and 'value="appeal"' not in page
    services.answer_dispute(world.triager, d, "Out of scope.")
    services.dispute_event(world.adjudicator, d, "begin_review")
    services.dispute_event(world.adjudicator, d, "decide", outcome="upheld", rationale="Out of scope.")
    page = client.get(link).content.decode()
    assert "upheld. Out of scope." in page and 'value="appeal"' in page
    bare = client.post(link, {"dispute_id": d.pk, "dispute_op": "appeal"}, follow=True)
    d.refresh_from_db()
    assert d.state == "decided" and "an appeal needs grounds" in bare.content.decode()
    answer = client.post(link, {"dispute_id": d.pk, "dispute_op": "appeal",
                                "appeal_grounds": "The scope statement promises refusal."}, follow=True)
    d.refresh_from_db()
    assert d.state == "appealed" and "Appeal filed" in answer.content.decode()
    assert d.appeal_grounds == "The scope statement promises refusal."
    again = client.post(link, {"dispute_id": d.pk, "dispute_op": "appeal", "appeal_grounds": "x"}, follow=True)
    d.refresh_from_db()
    assert d.state == "appealed" and 'class="message error"' in again.content.decode()
    # a dispute on someone else's report is not reachable through this link
    services.triage(world.triager, other.report, world.aurora, "invalid")
    theirs = services.file_dispute(other.report, world.aurora, "Mine too", token_ok=True)
    assert client.post(link, {"dispute_id": theirs.pk, "dispute_op": "withdraw"}).status_code == 404
    assert client.post(link, {"dispute_id": "1 OR 1=1", "dispute_op": "withdraw"}).status_code == 404
    client.post(f"/report/follow/{other.token}/", {"dispute_id": theirs.pk, "dispute_op": "withdraw"})
    theirs.refresh_from_db()
    assert theirs.state == "withdrawn"


def test_the_reporter_agrees_to_an_embargo_that_the_proposer_cannot_accept(client, world, submit):
    done = submit()
    report, link = done.report, f"/report/follow/{done.token}/"
    assert "An embargo is proposed" not in client.get(link).content.decode()
    services.triage(world.triager, report, world.aurora, "accept")
    services.act(world.triager, report, "propose_embargo")
    client.force_login(world.triager)
    page = client.get(f"/cases/{report.pk}/").content.decode()
    assert 'value="accept_embargo"' not in page and "Another party" in page
    assert client.post(f"/cases/{report.pk}/act/", {"op": "accept_embargo"}).status_code == 403
    client.logout()
    page = client.get(link).content.decode()
    assert "An embargo is proposed" in page and "vendor:aurora asks" in page
    answer = client.post(link, {"embargo_op": "accept_embargo"}, follow=True).content.decode()
    report.case.refresh_from_db()
    assert report.case.embargo_state == "active" and "answer to the embargo is recorded" in answer
    assert "An embargo is proposed" not in answer
    bad = client.post(link, {"embargo_op": "terminate_embargo"}, follow=True).content.decode()
    report.case.refresh_from_db()
    assert report.case.embargo_state == "active" and 'class="message error"' in bad


def test_a_vendor_cannot_withdraw_or_appeal_the_reporters_dispute(client, world, submit):
    report = submit().report
    services.triage(world.triager, report, world.aurora, "invalid")
    d = services.file_dispute(report, world.aurora, "It is real", token_ok=True)
    client.force_login(world.triager)
    assert client.post(f"/disputes/{d.pk}/", {"op": "withdraw"}).status_code == 403
    d.refresh_from_db()
    assert d.state == "filed"


def test_incident_pages(client, world, submit):
    report, adv = _published(world, submit)
    inc = services.create_incident(world.coordinator, "Deepfake wave", reports=[report], impact="Wide")
    page = client.get(f"/incidents/{inc.pk}/").content.decode()
    assert adv.public_id in page and "Wide" in page
    assert client.get(f"/incidents/{inc.pk}.json").json()["advisories"] == [adv.public_id]


def test_coordinator_creates_an_incident_from_the_dashboard(client, world, submit):
    report = submit().report
    client.force_login(world.coordinator)
    response = client.post("/coordination/incidents/new/", {"title": "Wave", "reports": report.ref})
    assert response.status_code == 302
    report.refresh_from_db()
    assert [i.title for i in report.incidents.all()] == ["Wave"]
    client.force_login(world.researcher)
    assert client.post("/coordination/incidents/new/", {"title": "X", "reports": report.ref}).status_code == 403


def test_cue_entry_page_links_published_advisories_only(client, world, submit):
    published, adv = _published(world, submit, cue_ids=["CUE-0050"], title="Linked jailbreak")
    hidden = submit(cue_ids=["CUE-0050"], title="Embargoed jailbreak").report
    page = client.get("/cue/CUE-0050/").content.decode()
    assert adv.public_id in page
    assert hidden.advisory.public_id not in page and "Embargoed jailbreak" not in page
