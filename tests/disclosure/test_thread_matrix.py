"""Generated permission matrix for a case's message threads (issue 12): relation × message × surface.

A two-vendor case (Aurora Labs and OpenForge) holds one message and one internal note in each of its
three threads: case-wide, Aurora's and OpenForge's. Relations: a member and a triager of Aurora, OpenForge's
triager, a vendor off the case, a coordinator, an adjudicator (no dispute), the reporter with an account and
through the follow-up token, and an anonymous visitor. Each cell — may this relation read this message — is
checked through the policy, the database filter the pages use, the HTML page of every thread, the JSON twin,
and the API; then who may write in which thread, through the service and the case page's form.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from redline.accounts import policy
from redline.core.errors import PermissionDenied
from redline.disclosure import services, threads
from redline.disclosure.models import Message

MESSAGES = ("case", "case_internal", "aurora", "aurora_internal", "forge", "forge_internal")
Y, N = True, False
READ = {  # relation → may read each message, in MESSAGES order
    "aurora_member": (Y, Y, Y, Y, N, N),
    "aurora_triager": (Y, Y, Y, Y, N, N),
    "forge_triager": (Y, Y, N, N, Y, Y),
    "vendor_off_case": (N, N, N, N, N, N),
    "coordinator": (Y, Y, Y, Y, Y, Y),
    "adjudicator": (N, N, N, N, N, N),
    "reporter_account": (Y, N, Y, N, Y, N),
    "reporter_token": (Y, N, Y, N, Y, N),
    "anonymous": (N, N, N, N, N, N),
}
THREADS = ("case", "aurora", "forge")
WRITE = {  # relation → may write in each thread, in THREADS order
    "aurora_member": (N, Y, N),
    "aurora_triager": (N, Y, N),
    "forge_triager": (N, N, Y),
    "vendor_off_case": (N, N, N),
    "coordinator": (Y, Y, Y),
    "adjudicator": (N, N, N),
    "reporter_account": (Y, Y, Y),
    "reporter_token": (Y, Y, Y),
    "anonymous": (N, N, N),
}
READ_CELLS = [(rel, MESSAGES[i], READ[rel][i]) for rel, i in itertools.product(READ, range(len(MESSAGES)))]
WRITE_CELLS = [(rel, THREADS[i], WRITE[rel][i]) for rel, i in itertools.product(WRITE, range(len(THREADS)))]


def _marker(name: str) -> str:
    return f"THREAD-MARKER-{name.upper().replace('_', '-')}-"


@pytest.fixture
def case(world, submit, make_user, make_org, make_model):
    initech = make_org("developer", name="Initech", slug="initech")
    make_model(initech, name="Initech 1", slug="initech-1")
    done = submit(models=["aurora/aurora-2", "forge/forge-8b"], reporter=world.researcher)
    report = done.report
    for name in MESSAGES:
        thread, _, internal = name.partition("_")
        writer = {"case": world.coordinator, "aurora": world.triager, "forge": world.forge_triager}[thread]
        services.post_message(report, _marker(name), user=writer, thread=thread,
                              audience="internal" if internal else "case")
    people = {"aurora_member": world.member, "aurora_triager": world.triager, "forge_triager": world.forge_triager,
              "vendor_off_case": make_user(initech, "triager"), "coordinator": world.coordinator,
              "adjudicator": world.adjudicator, "reporter_account": world.researcher,
              "reporter_token": AnonymousUser(), "anonymous": AnonymousUser()}
    return report, done.token, people


def test_every_message_is_in_the_thread_it_was_written_to(case):
    report, _, _ = case
    got = {m.body: (m.vendor.slug if m.vendor_id else "case", m.audience) for m in report.messages.all()}
    assert got == {_marker(n): (n.partition("_")[0], "internal" if "_" in n else "case") for n in MESSAGES}


@pytest.mark.parametrize("relation,message,expected", READ_CELLS, ids=[f"{r}-{m}" for r, m, _ in READ_CELLS])
def test_read_cell(client, api_client, make_token, case, relation, message, expected):
    report, token, people = case
    user = people[relation]
    token_ok = relation == "reporter_token"
    m = report.messages.get(body=_marker(message))
    assert policy.can_view_message(user, m, token_ok=token_ok) is expected
    allowed_report = policy.can_view_report(user, report, token_ok=token_ok)
    if allowed_report:  # the filter the pages use equals the policy
        flt = threads.visible_filter(user, report, token_ok=token_ok)
        assert Message.objects.filter(flt, pk=m.pk).exists() is expected
    # every surface: the page of each thread, the JSON twin of each thread, the API
    if token_ok:
        base, twin = f"/report/follow/{token}/", f"/report/follow/{token}.json"
    else:
        base, twin = f"/cases/{report.pk}/", f"/cases/{report.pk}.json"
        if user.is_authenticated:
            client.force_login(user)
    shown = False
    for key in ("all", *THREADS):
        page = client.get(base, {"thread": key})
        data = client.get(twin, {"thread": key})
        assert page.status_code in (200, 302, 404) and data.status_code == page.status_code
        if page.status_code == 200:
            in_page = _marker(message) in page.content.decode()
            in_twin = any(x["body"] == _marker(message) for x in data.json()["messages"])
            assert in_page is in_twin
            shown |= in_page
            if key != "all" and in_page:
                assert key == message.partition("_")[0]  # a message shows only in its own thread (and in all)
    assert shown is expected
    if user.is_authenticated:
        api_token = make_token(user, scope="read")
        seen = False
        for key in ("all", *THREADS):
            r = api_client("get", f"/api/cases/{report.pk}?thread={key}", token=api_token)
            assert r.status_code in (200, 404, 422)
            if r.status_code == 200:
                seen |= any(x["body"] == _marker(message) for x in r.json()["messages"])
        assert seen is expected


@pytest.mark.parametrize("relation", list(READ), ids=list(READ))
def test_threads_listed_are_exactly_those_the_viewer_may_read(client, case, relation):
    """The thread list never names a thread the viewer may not read (a vendor learns nothing of another vendor)."""
    report, token, people = case
    user = people[relation]
    token_ok = relation == "reporter_token"
    if not policy.can_view_report(user, report, token_ok=token_ok):
        return
    readable = {m.partition("_")[0] for m, ok in zip(MESSAGES, READ[relation], strict=True) if ok}
    if token_ok:
        data = client.get(f"/report/follow/{token}.json").json()
    else:
        client.force_login(user)
        data = client.get(f"/cases/{report.pk}.json").json()
    assert {t["key"] for t in data["threads"]} == {"all", *readable}
    if relation.startswith("aurora"):
        page = client.get(f"/cases/{report.pk}/").content.decode()
        assert "thread=forge" not in page and "OpenForge (" not in page  # (the report itself names OpenForge)


@pytest.mark.parametrize("relation,thread,expected", WRITE_CELLS, ids=[f"{r}-{t}" for r, t, _ in WRITE_CELLS])
def test_write_cell(client, case, relation, thread, expected):
    report, token, people = case
    user = people[relation]
    token_ok = relation == "reporter_token"
    before = report.messages.count()
    body = f"written by {relation} in {thread}"
    try:
        m = services.post_message(report, body, user=None if token_ok else user, token_ok=token_ok, thread=thread)
    except PermissionDenied:
        assert report.messages.count() == before
        allowed = False
    else:
        allowed = True
        assert (m.vendor.slug if m.vendor_id else "case") == thread
    assert allowed is expected
    # the same through the page's form: allowed posts land in the thread; refused ones write nothing
    if user.is_authenticated and not token_ok:
        client.force_login(user)
        before = report.messages.count()
        r = client.post(f"/cases/{report.pk}/act/", {"op": "message", "thread": thread, "body": body + " (form)"})
        assert r.status_code in (302, 404)
        assert (report.messages.count() == before + 1) is (expected and r.status_code == 302)
