"""Triage queue sorted by age and next deadline with filters, and the dispute queue (issue 10); no JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from redline.disclosure import services

pytestmark = pytest.mark.django_db


def _refs(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text() for a in soup.select("table.queue tbody td:first-child a")]


@pytest.fixture
def three(world, submit):
    now = timezone.now()
    old = submit(title="Old low", severity="low", now=now - timedelta(days=20)).report
    mid = submit(title="Critical new", severity="critical", now=now - timedelta(days=1)).report
    new = submit(title="Medium newest", severity="medium", now=now - timedelta(hours=2)).report
    return old, mid, new


def test_queue_sorts_by_next_deadline_by_default(client, world, three):
    old, mid, new = three
    client.force_login(world.triager)
    # acknowledge due: critical 1 day after (already overdue), low 10 days after 20 days ago (overdue earlier)
    refs = _refs(client.get("/cases/").content)
    assert refs == [old.ref, mid.ref, new.ref]
    data = client.get("/cases.json").json()
    assert data["sort"] == "deadline" and data["results"][0]["next_step"]["overdue"] is True
    assert data["results"][0]["age_days"] == 20


def test_queue_sorts_by_age_and_severity(client, world, three):
    old, mid, new = three
    client.force_login(world.triager)
    assert _refs(client.get("/cases/?sort=-age").content) == [new.ref, mid.ref, old.ref]
    assert _refs(client.get("/cases/?sort=age").content) == [old.ref, mid.ref, new.ref]
    assert _refs(client.get("/cases/?sort=severity").content)[0] == mid.ref


def test_queue_filters_by_severity_and_state(client, world, three):
    old, mid, new = three
    services.triage(world.triager, mid, world.aurora, "accept")
    client.force_login(world.triager)
    assert _refs(client.get("/cases/?severity=critical").content) == [mid.ref]
    assert _refs(client.get("/cases/?state=accepted").content) == [mid.ref]
    assert _refs(client.get("/cases/?state=received&severity=critical").content) == []
    # the filter form is a plain GET form: it works without JavaScript
    form = BeautifulSoup(client.get("/cases/").content, "html.parser").select_one("form.filters")
    assert form["method"] == "get" and {s["name"] for s in form.select("select")} == {"state", "severity", "sort"}


def _disputed(world, submit, **kw):
    report = submit(**kw).report
    vendor = report.case.participants.first().vendor
    services.triage(world.triager if vendor == world.aurora else world.forge_triager, report, vendor, "invalid")
    return services.file_dispute(report, vendor, "It is a real flaw.", token_ok=True)


def test_dispute_queue_for_adjudicators(client, world, submit):
    d = _disputed(world, submit)
    client.force_login(world.adjudicator)
    page = client.get("/disputes/")
    assert page.status_code == 200 and f"/disputes/{d.pk}/" in page.content.decode()
    data = client.get("/disputes.json").json()
    assert data["count"] == 1 and data["results"][0]["vendor"] == "aurora" and data["results"][0]["disputed"]
    services.answer_dispute(world.triager, d, "Out of scope.")  # the decision waits for the answer
    services.dispute_event(world.adjudicator, d, "begin_review")
    services.dispute_event(world.adjudicator, d, "decide", outcome="upheld", rationale="reasons")
    assert client.get("/disputes.json").json()["count"] == 0  # open only, by default
    assert client.get("/disputes.json?state=decided").json()["count"] == 1


def test_dispute_queue_is_between_the_parties(client, world, submit):
    d_aurora = _disputed(world, submit)
    d_forge = _disputed(world, submit, models=["forge/forge-8b"], title="Forge flaw")
    client.force_login(world.forge_triager)
    ids = {r["id"] for r in client.get("/disputes.json").json()["results"]}
    assert ids == {d_forge.pk}
    assert client.get(f"/disputes/{d_aurora.pk}/").status_code == 404
    client.force_login(world.coordinator)
    assert {r["id"] for r in client.get("/disputes.json").json()["results"]} == {d_aurora.pk, d_forge.pk}
    client.force_login(world.researcher)
    assert client.get("/disputes.json").json()["count"] == 0


def test_a_vendor_on_a_multi_vendor_case_does_not_see_the_other_vendors_dispute(client, world, submit):
    report = submit(models=["aurora/aurora-2", "forge/forge-8b"]).report
    services.triage(world.forge_triager, report, world.forge, "invalid")
    d = services.file_dispute(report, world.forge, "Forge is wrong.", token_ok=True)
    client.force_login(world.triager)
    assert f"/disputes/{d.pk}/" not in client.get(f"/cases/{report.pk}/").content.decode()
    assert client.get(f"/cases/{report.pk}.json").json()["disputes"] == []
