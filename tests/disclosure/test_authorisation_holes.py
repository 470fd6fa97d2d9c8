"""Authorisation holes outside the matrix (issue 11), each with the probe that found it."""

from __future__ import annotations

import pytest
from django.test import override_settings

from redline.core.errors import InvalidInput, PermissionDenied
from redline.disclosure import services


def _published(world, submit, **kw):
    report = submit(**kw).report
    services.triage(world.triager, report, world.aurora, "accept")
    return report, services.publish(world.triager, report)


# --- grouping reports into incidents --------------------------------------------------------


def test_a_vendor_cannot_group_another_vendors_reports(world, submit):
    mine = submit().report
    theirs = submit(models=["forge/forge-8b"], title="Forge leak", description="Another vendor's case.").report
    with pytest.raises(PermissionDenied, match=theirs.ref):
        services.create_incident(world.triager, "Wave", reports=[mine, theirs])
    assert services.create_incident(world.triager, "Mine", reports=[mine]).reports.get() == mine


def test_grouping_answers_the_same_for_a_missing_and_a_forbidden_report(client, world, submit):
    theirs = submit(models=["forge/forge-8b"]).report
    client.force_login(world.triager)
    forbidden = client.post("/coordination/incidents/new/", {"title": "X", "reports": theirs.ref})
    missing = client.post("/coordination/incidents/new/", {"title": "X", "reports": "R-999999"})
    assert forbidden.status_code == missing.status_code == 403
    import re

    def strip(resp, ref):
        return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="csrf"', resp.content.decode().replace(ref, "R-?"))

    assert strip(forbidden, theirs.ref) == strip(missing, "R-999999")
    from redline.disclosure.models import Incident

    assert not Incident.objects.exists()


def test_coordinators_group_any_report_and_are_told_of_missing_ones(world, submit):
    report = submit().report
    assert services.incident_reports(world.coordinator, [report.pk]) == [report]
    with pytest.raises(InvalidInput, match="R-999999"):
        services.incident_reports(world.coordinator, [report.pk, 999999, 2**70])


# --- duplicates -----------------------------------------------------------------------------


def test_the_original_of_a_duplicate_must_be_visible_to_the_triager(world, submit):
    mine = submit().report
    hidden = submit(models=["forge/forge-8b"], title="Forge case", description="Not yours to see.").report
    with pytest.raises(InvalidInput) as exc:
        services.mark_duplicate(world.triager, mine, hidden, world.aurora)
    assert exc.value.field == "original" and "that you may see" in exc.value.message
    mine.refresh_from_db()
    assert mine.duplicate_of_id is None and mine.advisory.redirect_to in (None, "")


def test_duplicate_form_answers_alike_for_missing_and_hidden_originals(client, world, submit):
    mine = submit().report
    hidden = submit(models=["forge/forge-8b"], title="Forge case", description="Not yours to see.").report
    client.force_login(world.triager)
    answers = []
    for original in (hidden.pk, 999999):
        resp = client.post(f"/cases/{mine.pk}/act/", {"op": "duplicate", "original": original,
                                                       "vendor": "aurora"}, follow=True)
        answers.append(resp.content.decode().replace(str(original), "N"))
    assert "that you may see" in answers[0]
    assert [a.count("that you may see") for a in answers] == [1, 1]


# --- the public ledger ----------------------------------------------------------------------


def test_outsiders_see_position_time_and_hash_of_hidden_entries_but_not_what_they_record(client, world, submit):
    from redline.ledger.models import LedgerEntry

    report = submit().report
    services.triage(world.triager, report, world.aurora, "accept")
    data = client.get("/ledger.json?page=1").json()
    total = LedgerEntry.objects.count()
    assert data["count"] == total
    by_seq = {e["seq"]: e for e in data["entries"]}
    hidden = [e for e in LedgerEntry.objects.filter(object_type__startswith="disclosure.")
              .exclude(object_type="disclosure.safeharborterms") if e.seq in by_seq]
    assert hidden
    for entry in hidden:
        shown = by_seq[entry.seq]
        assert shown["redacted"] is True and shown["action"] is None and shown["object_type"] is None
        assert shown["hash"] == entry.hash and shown["prev_hash"] == entry.prev_hash and shown["time"]
    page = client.get("/ledger/").content.decode()
    assert "state:accept" not in page and "disclosure.participant" not in page
    # public models of the vendor are named in words now; the case is not, nor its link
    assert report.title not in page and f"/cases/{report.pk}/" not in page and "(Aurora Labs)" not in page
    assert "[withheld" in page
    # the vendor on the case reads its own entries in full
    client.force_login(world.triager)
    mine = client.get("/ledger.json").json()["entries"]
    assert any(e["action"] and e["action"].startswith("state:accept") for e in mine)


def test_public_objects_stay_readable_in_the_public_ledger(client, world):
    from redline.ledger.models import LedgerEntry

    entry = LedgerEntry.objects.filter(object_type="registry.aimodel").order_by("-seq").first()
    shown = {e["seq"]: e for e in client.get("/ledger.json").json()["entries"]}
    if entry.seq in shown:
        assert shown[entry.seq]["action"] == entry.action and shown[entry.seq]["object_type"] == "registry.aimodel"


def test_every_recorded_object_type_has_a_ledger_visibility_rule_or_is_operator_only():
    from django.apps import apps

    from redline.ledger import visibility

    operator_only = {"accounts.user", "accounts.membership", "accounts.invitation", "accounts.apitoken",
                     "accounts.organisationrequest"}
    recorded = {m._meta.label_lower for m in apps.get_models() if hasattr(m, "ledger_snapshot")}
    assert recorded - operator_only == set(visibility.registered())


def test_signing_in_writes_no_ledger_entry(client, make_user):
    from redline.ledger.models import LedgerEntry

    make_user(email="someone@example.org")
    before = LedgerEntry.objects.count()
    resp = client.post("/accounts/login/", {"username": "someone@example.org", "password": "correct-horse-battery"})
    assert resp.status_code == 302
    assert LedgerEntry.objects.count() == before


# --- the API never writes on a cookie -------------------------------------------------------


def test_a_cross_site_text_plain_post_with_a_session_cookie_is_refused(client, world):
    from redline.disclosure.models import Report

    client.force_login(world.triager)
    import json

    body = json.dumps({"title": "CSRF", "description": "posted by another site",
                       "accepted_terms": world.terms.version})
    resp = client.post("/api/reports", body, content_type="text/plain", headers={"Origin": "https://evil.example"})
    assert resp.status_code == 401
    assert "session cookie" in resp.json()["detail"]
    assert not Report.objects.exists()
    assert client.get("/api/me").status_code == 200  # reads with a cookie still work


def test_anonymous_reports_without_a_cookie_still_go_through(client, world):
    resp = client.post("/api/reports", {"title": "t", "description": "d", "accepted_terms": world.terms.version},
                       content_type="application/json")
    assert resp.status_code == 201


# --- rate limits ----------------------------------------------------------------------------


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_padding_the_email_does_not_escape_the_per_account_sign_in_limit(client, make_user):
    make_user(email="target@example.org")
    for padded in ("target@example.org", " target@example.org", "TARGET@example.org ", "\ttarget@Example.org"):
        client.post("/accounts/login/", {"username": padded, "password": "wrong-password"})
    resp = client.post("/accounts/login/", {"username": "target@example.org", "password": "correct-horse-battery"})
    assert resp.status_code == 429


@override_settings(REPORT_RATE_LIMIT=3)
def test_anonymous_intake_is_rate_limited_per_address(client, world, make_user, make_token):
    from redline.disclosure.models import Report

    body = {"title": "t", "description": "d", "accepted_terms": world.terms.version}
    codes = [client.post("/api/reports", body, content_type="application/json").status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    assert "too many reports" in client.post("/api/reports", body, content_type="application/json").json()["detail"]
    page = client.post("/report/", {"kind": "vulnerability", "title": "Refusal bypass", "description": "It writes.",
                                    "models": "aurora/aurora-2", "severity": "high",
                                    "attachment_sensitivity": "restricted", "accept_terms": "on"})
    assert page.status_code == 429
    assert Report.objects.count() == 3
    other = client.post("/api/reports", body, content_type="application/json", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 201
    token = make_token(make_user(world.aurora, role="member"))
    signed = client.post("/api/reports", body, content_type="application/json",
                         headers={"Authorization": f"Bearer {token}"})
    assert signed.status_code == 201
