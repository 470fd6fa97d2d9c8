"""Webhooks: organisation admins manage them on a page (a matrix of who may), deliveries are signed,
never reach the local network unless the operator allows it, and new reports notify their vendors."""

from __future__ import annotations

import http.server
import json

import pytest
from django.core import mail

from redline.disclosure import notify, webhooks
from redline.disclosure.models import Webhook
from redline.ledger.models import LedgerEntry

OPS = ("view", "add", "pause", "remove", "ping")


@pytest.fixture
def people(world, make_user):
    return {
        "aurora admin": make_user(world.aurora, "admin", email="admin@aurora.test"),
        "aurora triager": world.triager,
        "aurora member": world.member,
        "forge admin": make_user(world.forge, "admin", email="admin@forge.test"),
        "coordinator": world.coordinator,
    }


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("who", ["aurora admin", "aurora triager", "aurora member", "forge admin", "coordinator",
                                 "anonymous"])
def test_only_the_organisations_admins_manage_its_webhooks(client, world, people, who, op, receiver):
    url, _got = receiver
    hook = Webhook.objects.create(organisation=world.aurora, url=url, secret="s")
    if who != "anonymous":
        client.force_login(people[who])
    page = "/orgs/aurora/webhooks/"
    data = {"view": None, "add": {"op": "add", "url": url + "2"}, "pause": {"op": "pause", "id": hook.pk},
            "remove": {"op": "remove", "id": hook.pk}, "ping": {"op": "ping", "id": hook.pk}}[op]
    response = client.get(page) if data is None else client.post(page, data)
    allowed = who == "aurora admin"
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code in ((200, 302) if allowed else (403,))
    hook_now = Webhook.objects.filter(pk=hook.pk).first()
    changed = {"view": False, "add": Webhook.objects.count() == 2, "pause": bool(hook_now and not hook_now.active),
               "remove": hook_now is None, "ping": bool(hook_now and hook_now.last_status)}[op]
    assert changed is (allowed and op != "view")


def test_add_shows_the_secret_once_and_ping_is_signed(client, world, people, receiver):
    url, got = receiver
    client.force_login(people["aurora admin"])
    page = client.post("/orgs/aurora/webhooks/", {"op": "add", "url": url})
    assert page.status_code == 200
    html = page.content.decode()
    hook = Webhook.objects.get()
    assert hook.secret.startswith("whsec_") and hook.secret in html
    assert hook.secret not in client.get("/orgs/aurora/webhooks/").content.decode()
    assert LedgerEntry.objects.filter(object_type__endswith="webhook", action="create").exists()
    assert not LedgerEntry.objects.filter(object_digest=hook.secret).exists()
    client.post("/orgs/aurora/webhooks/", {"op": "ping", "id": hook.pk})
    headers, body = got[-1]
    assert notify.verify(hook.secret, body, headers[notify.SIGNATURE_HEADER])
    assert json.loads(body) == {"event": "ping", "organisation": "aurora", "webhook_id": hook.pk}
    hook.refresh_from_db()
    assert hook.last_status == "204"


@pytest.mark.parametrize(("url", "problem"), [
    ("", "This field is required"),
    ("ftp://example.org/hook", "http:// or https://"),
    ("http://127.0.0.1:8000/hook", "private, loopback or reserved"),
    ("http://10.1.2.3/hook", "private, loopback or reserved"),
    ("http://[::1]/hook", "private, loopback or reserved"),
    ("http://169.254.169.254/latest/meta-data/", "private, loopback or reserved"),
    ("http://no-such-host.invalid/hook", "does not resolve"),
])
def test_bad_addresses_are_refused_with_the_reason(client, world, people, url, problem):
    client.force_login(people["aurora admin"])
    page = client.post("/orgs/aurora/webhooks/", {"op": "add", "url": url})
    assert page.status_code == 400 and problem in page.content.decode()
    assert not Webhook.objects.exists()


def test_duplicates_and_the_per_organisation_limit(world, people, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    admin = people["aurora admin"]
    webhooks.add_webhook(admin, world.aurora, "http://127.0.0.1:9/a")
    with pytest.raises(Exception, match="already a webhook"):
        webhooks.add_webhook(admin, world.aurora, "http://127.0.0.1:9/a")
    for i in range(webhooks.MAX_PER_ORG - 1):
        webhooks.add_webhook(admin, world.aurora, f"http://127.0.0.1:9/{i}")
    with pytest.raises(Exception, match="at most"):
        webhooks.add_webhook(admin, world.aurora, "http://127.0.0.1:9/one-too-many")


def test_a_hook_on_the_local_network_is_refused_at_delivery_too(world):
    hook = Webhook.objects.create(organisation=world.aurora, url="http://127.0.0.1:9/x", secret="s")
    status = notify.post_webhook(hook, "ping", {})
    assert status.startswith("refused:") and "private, loopback or reserved" in status


def test_redirects_are_not_followed(world, receiver, serve):
    url, got = receiver

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(307)
            self.send_header("Location", url)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = Webhook.objects.create(organisation=world.aurora, url=serve(Redirect) + "/", secret="s")
    assert notify.post_webhook(hook, "ping", {}) == "HTTP 307"
    assert got == []  # the POST did not follow the redirect


def test_a_new_report_tells_its_vendors_by_mail_and_webhook(world, submit, receiver, make_user):
    url, got = receiver
    Webhook.objects.create(organisation=world.aurora, url=url, secret="aurora-secret")
    Webhook.objects.create(organisation=world.forge, url=url, secret="forge-secret")  # not named: told nothing
    report = submit(severity="high", description="SECRET-DETAIL in the report").report
    mail.outbox.clear()
    assert notify.report_received([report.pk]) == 1
    assert sorted(r for m in mail.outbox for r in m.to) == ["triager@aurora.test"]  # triagers and admins
    assert report.ref in mail.outbox[0].subject and "SECRET-DETAIL" not in mail.outbox[0].body
    assert f"/cases/{report.pk}/" in mail.outbox[0].body
    assert len(got) == 1
    headers, body = got[0]
    assert notify.verify("aurora-secret", body, headers[notify.SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["event"] == "report.received" and payload["vendor"] == "aurora"
    assert payload["severity"] == "high" and "SECRET-DETAIL" not in body.decode()


def test_a_csam_path_report_tells_only_the_coordinators(world, submit, receiver):
    url, got = receiver
    Webhook.objects.create(organisation=world.aurora, url=url, secret="a")
    Webhook.objects.create(organisation=world.centre, url=url, secret="c")
    report = submit(csam_path=True).report
    mail.outbox.clear()
    notify.report_received([report.pk])
    assert sorted(r for m in mail.outbox for r in m.to) == ["coord@centre.test"]
    assert [json.loads(b)["vendor"] for _h, b in got] == ["centre"]
    assert json.loads(got[0][1])["kind"] is None


def test_submitting_queues_the_notification_task(world, submit, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit().report
    queued = DBTaskResult.objects.filter(task_path="redline.disclosure.tasks.notify_new_reports")
    assert queued.count() == 1 and queued.get().args_kwargs["args"] == [[report.pk]]


def test_a_mangled_webhook_id_is_named_not_a_server_error(client, world, people):
    client.force_login(people["aurora admin"])
    page = client.post("/orgs/aurora/webhooks/", {"op": "pause", "id": "abc"}, follow=True)
    assert page.status_code == 200 and "no webhook 0 in aurora" in page.content.decode()
