"""Issue 10, "Embargoes and publication": publication respects the case, over the services, pages and API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from redline.core.errors import EmbargoBinds, EmbargoTooLong, PermissionDenied
from redline.disclosure import services
from redline.disclosure.models import Advisory

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _two_vendor_case(world, submit, t0):
    """Aurora accepted and proposed an embargo that the reporter agreed to; OpenForge is still "received"."""
    report = submit(models=["aurora/aurora-2", "forge/forge-8b"], now=t0).report
    services.triage(world.triager, report, world.aurora, "accept", now=t0 + timedelta(days=1))
    services.act(world.triager, report, "propose_embargo", now=t0 + timedelta(days=1))
    services.act(None, report, "accept_embargo", token_ok=True, now=t0 + timedelta(days=2))
    report.case.refresh_from_db()
    assert report.case.embargo_state == "active"
    return report


@pytest.fixture
def two_vendor_case(world, submit):
    return _two_vendor_case(world, submit, T0)


@pytest.fixture
def live_case(world, submit):
    """The same case, started two days ago (pages and the API act at the real time)."""
    from django.utils import timezone

    return _two_vendor_case(world, submit, timezone.now() - timedelta(days=2))


def test_a_triager_cannot_publish_over_the_other_vendors_embargo(world, two_vendor_case):
    report = two_vendor_case
    with pytest.raises(EmbargoBinds, match="OpenForge has neither a fix ready nor agreed"):
        services.publish(world.triager, report, now=at(3))
    report.case.refresh_from_db()
    assert report.case.embargo_state == "active" and report.case.case_flags == ""
    assert Advisory.objects.get(report=report).state == "reserved"
    # ending the embargo first is refused too, and so is marking the flaw public without saying where
    with pytest.raises(EmbargoBinds, match="only a coordinator may end it earlier"):
        services.act(world.triager, report, "terminate_embargo", reason="done", now=at(3))
    with pytest.raises(EmbargoBinds, match="say where the flaw or the exploit became public"):
        services.act(world.triager, report, "made_public", now=at(3))


def test_a_pending_proposal_and_an_open_dispute_do_not_open_the_door(world, submit):
    report = submit(models=["aurora/aurora-2", "forge/forge-8b"], now=T0).report
    services.triage(world.triager, report, world.aurora, "accept", now=at(1))
    services.triage(world.forge_triager, report, world.forge, "defer", now=at(1))
    services.file_dispute(report, world.forge, "Deferring leaves Forge users exposed.", token_ok=True, now=at(2))
    services.act(world.coordinator, report, "propose_embargo", now=at(2))
    report.case.refresh_from_db()
    assert report.case.embargo_state == "proposed"
    with pytest.raises(EmbargoBinds, match="the embargo on this case runs until 2026-06-01, and OpenForge has"):
        services.publish(world.triager, report, now=at(3))
    with pytest.raises(EmbargoBinds, match="the embargo proposed on this case runs until 2026-06-01"):
        services.publish(world.coordinator, report, now=at(3))
    assert Advisory.objects.get(report=report).state == "reserved"
    services.act(world.triager, report, "reject_embargo", now=at(3))  # declined: no embargo holds any more
    with pytest.raises(EmbargoBinds, match="OpenForge is on this case too"):  # but OpenForge is still affected
        services.publish(world.triager, report, now=at(3))


def test_the_other_vendor_agrees_and_the_advisory_carries_each_vendors_status(world, two_vendor_case):
    report = two_vendor_case
    services.set_statement(world.triager, report, world.aurora, "Fixed in Aurora 2.2.")
    with pytest.raises(PermissionDenied):
        services.set_statement(world.triager, report, world.forge, "We speak for OpenForge")
    services.agree_to_publish(world.forge_triager, report, world.forge, now=at(4))
    adv = services.publish(world.triager, report, now=at(5))
    assert adv.state == "published"
    assert adv.public["vendors"] == [
        {"vendor": "Aurora Labs", "status": "affected", "statement": "Fixed in Aurora 2.2."},
        {"vendor": "OpenForge", "status": "no response", "statement": None}]
    assert adv.public["release"]["agreed_date"] == "2026-05-31"
    assert adv.public["release"]["basis"].startswith("a vendor published about its own product")
    report.case.refresh_from_db()
    assert report.case.embargo_state == "exited" and "P" in report.case.case_flags


def test_a_coordinator_ends_it_early_with_a_reason_published_with_the_advisory(client, world, two_vendor_case):
    report = two_vendor_case
    with pytest.raises(EmbargoBinds, match="write why it ends early"):
        services.publish(world.coordinator, report, now=at(5))
    adv = services.publish(world.coordinator, report, reason="The prompt is being sold on a forum.", now=at(5))
    assert adv.public["release"]["early_reason"] == "The prompt is being sold on a forum."
    report.case.refresh_from_db()
    assert report.case.embargo_exit_reason == "ended early by a coordinator: The prompt is being sold on a forum."
    page = client.get(f"/advisories/{adv.public_id}/").content.decode()
    assert "The prompt is being sold on a forum." in page and "no response" in page


def test_the_end_date_passing_and_attacks_in_the_wild(world, two_vendor_case):
    report = two_vendor_case
    services.act(world.triager, report, "attacks_observed", now=at(10))
    report.case.refresh_from_db()
    assert report.case.embargo_ends_at == at(17)
    with pytest.raises(EmbargoBinds):
        services.publish(world.triager, report, now=at(16))
    adv = services.publish(world.triager, report, now=at(17))
    assert adv.public["release"]["basis"] == "the embargo reached its agreed end"


def test_an_end_past_the_policy_is_refused_with_the_limit_in_the_settings(settings, world, submit):
    settings.EMBARGO_MAX_DAYS = 30
    report = submit(now=T0).report
    services.triage(world.triager, report, world.aurora, "accept", now=at(0))
    with pytest.raises(EmbargoTooLong, match=r"no later than 2026-03-31, 30 days after the embargo started"):
        services.act(world.triager, report, "propose_embargo", requested_end=at(45), now=at(0))
    report.case.refresh_from_db()
    assert report.case.embargo_state == "none"
    services.act(world.triager, report, "propose_embargo", now=at(0))
    report.case.refresh_from_db()
    assert report.case.embargo_ends_at == at(30)


def test_the_case_page_shows_the_refusal_in_words(client, world, live_case):
    report = live_case
    client.force_login(world.triager)
    page = client.post(f"/cases/{report.pk}/act/", {"op": "publish"}, follow=True).content.decode()
    assert "neither a fix ready nor agreed to early publication" in page
    far = (report.case.embargo_starts_at + timedelta(days=120)).date().isoformat()
    page = client.post(f"/cases/{report.pk}/act/", {"op": "propose_revision", "requested_end": far},
                       follow=True).content.decode()
    assert "the longest embargo this site allows" in page and f"{far} is later" in page


def test_the_api_answers_409_and_422(api_client, world, live_case, make_token):
    report = live_case
    token = make_token(world.triager)
    r = api_client("post", f"/api/cases/{report.pk}/actions", token=token, json={"op": "publish"})
    assert r.status_code == 409 and "neither a fix ready" in r.json()["detail"]
    far = (report.case.embargo_starts_at + timedelta(days=120)).isoformat()
    r = api_client("post", f"/api/cases/{report.pk}/actions", token=token,
                   json={"op": "propose_revision", "requested_end": far})
    assert r.status_code == 422 and r.json()["field"] == "requested_end"
    assert "no later than" in r.json()["detail"]
