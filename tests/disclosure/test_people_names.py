"""People are named by display name and role, never by address, outside their organisation (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redline.accounts.names import may_see_address, name_for, public_name
from redline.disclosure import services

pytestmark = pytest.mark.django_db


def test_public_name_is_the_display_name_or_the_role(world):
    assert public_name(world.triager) == "Triager, Aurora Labs"
    world.triager.display_name = "Priya R."
    world.triager.save()
    assert public_name(world.triager) == "Priya R." and str(world.triager) == "Priya R."


def test_addresses_only_to_fellow_members_and_coordinators(world):
    assert may_see_address(world.member, world.triager)  # same organisation
    assert may_see_address(world.coordinator, world.triager)
    assert not may_see_address(world.forge_triager, world.triager)
    assert name_for(world.triager, world.forge_triager) == "Triager, Aurora Labs"
    assert "triager@aurora.test" in name_for(world.triager, world.member)


def test_the_anonymous_reporter_never_sees_the_triagers_address(client, world, submit):
    done = submit()
    services.post_message(done.report, "We are looking into it.", user=world.triager)
    page = client.get(f"/report/follow/{done.token}/").content.decode()
    twin = client.get(f"/report/follow/{done.token}.json").content.decode()
    assert "We are looking into it." in page and "Triager, Aurora Labs" in page
    assert "triager@aurora.test" not in page and "triager@aurora.test" not in twin


def test_the_advisory_names_the_adjudicator_without_an_address(client, world, submit):
    report = submit().report
    services.triage(world.triager, report, world.aurora, "invalid")
    d = services.file_dispute(report, world.aurora, "It is real.", token_ok=True)
    services.answer_dispute(world.triager, d, "It is in scope.")
    services.dispute_event(world.adjudicator, d, "begin_review")
    later = timezone.now() + timedelta(days=30)  # past the vendor's answer deadline, whatever it answered
    services.dispute_event(world.adjudicator, d, "decide", outcome="upheld", rationale="Logs show it.", now=later)
    services.publish(world.coordinator, report)
    adv = report.advisory
    for url in (f"/advisories/{adv.public_id}/", f"/advisories/{adv.public_id}.json"):
        text = client.get(url).content.decode()
        assert "judge@panel.test" not in text and "Adjudication Panel" in text, url


def test_older_decisions_that_stored_an_address_are_shown_by_name(world, submit):
    from redline.disclosure.serializers import decisions_of

    report = submit().report
    services.triage(world.triager, report, world.aurora, "invalid")
    d = services.file_dispute(report, world.aurora, "It is real.", token_ok=True)
    d.decisions = [{"outcome": "upheld", "rationale": "r", "adjudicator": "judge@panel.test",
                    "decided_at": "2026-01-01T00:00:00+00:00"}]
    d.save()
    assert decisions_of(d)[0]["adjudicator"] == "Member, Adjudication Panel"


def test_org_members_list_shows_addresses_to_members_only(client, world):
    client.force_login(world.member)
    assert "triager@aurora.test" in client.get("/orgs/aurora/").content.decode()
    client.force_login(world.forge_triager)
    assert "triager@aurora.test" not in client.get("/orgs/aurora/").content.decode()
