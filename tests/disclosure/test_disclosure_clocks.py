"""Deadline clocks with controlled time: escalation, e-mail, HMAC-signed webhooks to a local server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.core import mail

from redline.disclosure import notify, services
from redline.disclosure.clocks import check_deadlines
from redline.disclosure.models import Escalation, Webhook
from redline.ledger.models import LedgerEntry

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_missed_acknowledge_escalates_once_with_mail_and_signed_webhook(world, submit, receiver):
    url, got = receiver
    Webhook.objects.create(organisation=world.centre, url=url, secret="s3cret")
    Webhook.objects.create(organisation=world.forge, url=url, secret="other")  # not on the case: no POST
    report = submit(now=T0, severity="critical").report
    assert check_deadlines(now=T0 + timedelta(hours=23)) == []
    done = check_deadlines(now=T0 + timedelta(days=2))
    assert [(d.vendor, d.deadline) for d in done] == [("aurora", "acknowledge")]
    assert Escalation.objects.get().case == report.case
    assert LedgerEntry.objects.filter(action="state:escalated:acknowledge").exists()
    to = sorted(r for m in mail.outbox for r in m.to)
    assert "reporter@example.org" in to and "coord@centre.test" in to
    assert len(got) == 1
    headers, body = got[0]
    assert notify.verify("s3cret", body, headers[notify.SIGNATURE_HEADER])
    assert not notify.verify("wrong", body, headers[notify.SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["event"] == "deadline.missed" and payload["deadline"] == "acknowledge"
    # the same miss is never escalated twice; the triage miss (3 days) comes later
    assert check_deadlines(now=T0 + timedelta(days=2, hours=1)) == []
    later = check_deadlines(now=T0 + timedelta(days=4))
    assert [d.deadline for d in later] == ["triage"]


def test_acknowledged_and_triaged_vendor_is_not_escalated(world, submit):
    report = submit(now=T0, severity="critical").report
    services.triage(world.triager, report, world.aurora, "accept", now=T0 + timedelta(hours=2))
    assert check_deadlines(now=T0 + timedelta(days=5)) == []
    fix = check_deadlines(now=T0 + timedelta(days=31))
    assert [d.deadline for d in fix] == ["fix"]


def test_embargo_end_escalates(world, submit):
    report = submit(now=T0).report
    services.triage(world.triager, report, world.aurora, "accept", now=T0)
    services.act(world.triager, report, "propose_embargo", requested_end=T0 + timedelta(days=10), now=T0)
    services.act(world.coordinator, report, "accept_embargo", now=T0)
    services.act(world.triager, report, "fix_ready", vendor=world.aurora, now=T0 + timedelta(days=1))
    done = check_deadlines(now=T0 + timedelta(days=11))
    assert [d.deadline for d in done] == ["embargo_end"]


def test_unreachable_webhook_is_recorded_not_raised(world, submit, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # so the POST is tried (and fails) instead of refused
    hook = Webhook.objects.create(organisation=world.centre, url="http://127.0.0.1:9/nothing", secret="x")
    submit(now=T0, severity="critical")
    assert len(check_deadlines(now=T0 + timedelta(days=2))) == 1
    hook.refresh_from_db()
    assert hook.last_status.startswith("failed")


def test_clock_task_reschedules_itself(world, submit):
    from django_tasks_db.models import DBTaskResult

    from redline.disclosure import tasks

    DBTaskResult.objects.all().delete()
    assert tasks.ensure_clock_scheduled() is True
    assert tasks.ensure_clock_scheduled() is False
    pending = DBTaskResult.objects.get(task_path=tasks.TASK_PATH)
    assert pending.run_after is not None
    tasks.check_deadlines_task.call()
    assert DBTaskResult.objects.filter(task_path=tasks.TASK_PATH, status="READY").count() == 2
