"""The case page guides each party (issue 10): only legal actions, grouped, the next step with its deadline,
refusals and successes in words, and coordinators adding or removing vendors."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from redline.disclosure import services
from redline.disclosure.models import Participant
from redline.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _buttons(html: str) -> dict[str, str]:
    """op → class of every action button on the case page."""
    soup = BeautifulSoup(html, "html.parser")
    return {b["value"]: " ".join(b.get("class") or []) for b in soup.select(".action-box button[name=op]")}


def test_a_received_report_shows_triage_only(client, world, submit):
    report = submit().report
    client.force_login(world.triager)
    ops = _buttons(client.get(f"/cases/{report.pk}/").content.decode())
    assert {"acknowledge", "accept", "invalid", "defer"} <= set(ops)
    assert not set(ops) & {"fix_deployed", "fix_ready", "withdraw", "accept_embargo", "terminate_embargo",
                           "close", "publish"}
    assert ops["accept"] == "primary" and ops["invalid"] == "destructive"


def test_buttons_follow_the_state(client, world, submit):
    report = submit().report
    client.force_login(world.triager)
    client.post(f"/cases/{report.pk}/act/", {"op": "accept", "vendor": "aurora"})
    ops = _buttons(client.get(f"/cases/{report.pk}/").content.decode())
    assert "fix_ready" in ops and ops["fix_ready"] == "primary" and "accept" not in ops
    assert "fix_deployed" not in ops and "publish" in ops and "withdraw" not in ops


def test_the_next_step_and_its_deadline_are_shown(client, world, submit):
    report = submit(severity="critical").report
    client.force_login(world.triager)
    html = client.get(f"/cases/{report.pk}/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    step = soup.select_one(".next-steps li").get_text(" ", strip=True)
    assert "acknowledge the report" in step and "UTC" in step
    from datetime import datetime, timedelta

    due = client.get(f"/cases/{report.pk}.json").json()["next_steps"][0]
    received = report.case.participants.get().received_at
    assert due["vendor"] == "aurora" and datetime.fromisoformat(due["due"]) == received + timedelta(days=1)


def test_reporter_member_and_other_parties_see_their_own_actions(client, world, submit, make_user):
    report = submit().report
    client.force_login(world.member)  # a member of the vendor who is not a triager acts on nothing
    assert _buttons(client.get(f"/cases/{report.pk}/").content.decode()) == {}
    client.force_login(world.coordinator)
    ops = _buttons(client.get(f"/cases/{report.pk}/").content.decode())
    assert "add_participant" in ops and "remove_participant:aurora" in ops


def test_refusal_and_success_read_as_sentences(client, world, submit):
    report = submit().report
    client.force_login(world.triager)
    ok = client.post(f"/cases/{report.pk}/act/", {"op": "accept", "vendor": "aurora"}, follow=True)
    assert "Aurora Labs accepted the report" in ok.content.decode() and "Done." not in ok.content.decode()
    bad = client.post(f"/cases/{report.pk}/act/", {"op": "close", "vendor": "aurora"}, follow=True)
    assert "Not done" not in bad.content.decode()  # accepted → close is legal
    again = client.post(f"/cases/{report.pk}/act/", {"op": "close", "vendor": "aurora"}, follow=True)
    text = BeautifulSoup(again.content, "html.parser").select_one(".message.error").get_text()
    assert text.startswith("Not done for Aurora Labs: A report can be closed only once") and "'" not in text


def test_coordinator_adds_and_removes_a_vendor(client, world, submit):
    report = submit().report
    client.force_login(world.coordinator)
    done = client.post(f"/cases/{report.pk}/act/", {"op": "add_participant", "new_vendor": "forge"}, follow=True)
    assert "OpenForge was added to the case" in done.content.decode()
    assert Participant.objects.filter(case=report.case, vendor=world.forge).exists()
    assert LedgerEntry.objects.filter(action="participant:added:forge").exists()
    client.force_login(world.forge_triager)
    assert client.get(f"/cases/{report.pk}/").status_code == 200  # the added vendor now sees the case
    client.force_login(world.coordinator)
    client.post(f"/cases/{report.pk}/act/", {"op": "remove_participant:forge"})
    assert not Participant.objects.filter(case=report.case, vendor=world.forge).exists()
    assert LedgerEntry.objects.filter(action="participant:removed:forge").exists()


def test_only_coordinators_add_or_remove_vendors(client, world, submit):
    report = submit().report
    client.force_login(world.triager)
    r = client.post(f"/cases/{report.pk}/act/", {"op": "add_participant", "new_vendor": "forge"})
    assert r.status_code == 403 and not Participant.objects.filter(case=report.case, vendor=world.forge).exists()
    r = client.post(f"/cases/{report.pk}/act/", {"op": "remove_participant:aurora"})
    assert r.status_code == 403 and report.case.participants.count() == 1


def test_a_vendor_on_the_case_cannot_be_added_twice(world, submit):
    from redline.core.errors import InvalidInput

    report = submit().report
    with pytest.raises(InvalidInput, match="already a participant"):
        services.add_participant(world.coordinator, report, world.aurora)


def test_times_show_utc_beside_the_viewers_zone(client, world, submit):
    report = submit().report
    world.triager.time_zone = "Europe/Berlin"
    world.triager.save()
    client.force_login(world.triager)
    html = client.get(f"/cases/{report.pk}/").content.decode()
    assert re.search(r"<time datetime=\"[^\"]+\" data-zone=\"\">\d{4}-\d\d-\d\d \d\d:\d\d CES?T \(", html)
    assert re.search(r"\d\d:\d\d UTC\)</time>", html)
