"""The case page of a large case (issue 12): threads, pages of 50 messages, vendor statuses, one vendor at a time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from redline.core.disclosure.vendor_status import CASE_STATUS_MEANING
from redline.disclosure import services, threads
from redline.disclosure.models import Message, Participant


def _bulk(report, n: int, *, vendor=None, start=None):
    start = start or timezone.now() - timedelta(days=1)
    Message.objects.bulk_create([Message(report=report, author_label="Coordinator (coordinator)", vendor=vendor,
                                         body=f"Note {i:03d}", created_at=start + timedelta(minutes=i))
                                 for i in range(n)])


def _bodies(html: str) -> list[str]:
    return re.findall(r"Note \d{3}", html)


def test_page_numbers_keep_the_ends_and_the_neighbours():
    assert threads.page_numbers(1, 1) == [1]
    assert threads.page_numbers(5, 5) == [1, None, 3, 4, 5]
    assert threads.page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]


def test_a_thread_opens_on_its_newest_fifty_newest_last_with_links_to_earlier_pages(client, world, submit):
    report = submit().report
    _bulk(report, 120)
    client.force_login(world.coordinator)
    html = client.get(f"/cases/{report.pk}/").content.decode()
    shown = _bodies(html)
    assert shown == [f"Note {i:03d}" for i in range(70, 120)]  # the newest 50, oldest first, the newest last
    assert "Page 3 of 3" in html and 'rel="prev"' in html and "?thread=case&amp;page=2" in html
    first = _bodies(client.get(f"/cases/{report.pk}/", {"thread": "case", "page": "1"}).content.decode())
    assert first == [f"Note {i:03d}" for i in range(20)]  # page 1: the oldest, the rest of a page
    middle = _bodies(client.get(f"/cases/{report.pk}/", {"thread": "case", "page": "2"}).content.decode())
    assert middle == [f"Note {i:03d}" for i in range(20, 70)]
    past = client.get(f"/cases/{report.pk}/", {"thread": "case", "page": "99"}).content.decode()
    assert _bodies(past) == shown  # past the end: the last page
    assert client.get(f"/cases/{report.pk}/", {"page": "x"}).status_code == 404
    assert client.get(f"/cases/{report.pk}/", {"thread": "nobody"}).status_code == 404
    data = client.get(f"/cases/{report.pk}.json", {"thread": "case", "page": "2"}).json()
    assert data["thread"] == "case" and [m["body"] for m in data["messages"]] == middle
    page = data["messages_page"]
    assert (page["number"], page["pages"], page["count"], page["per_page"]) == (2, 3, 120, 50)
    assert page["previous"] == f"/cases/{report.pk}.json?thread=case&page=1"
    assert page["next"] == f"/cases/{report.pk}.json?thread=case&page=3"


def test_the_api_pages_threads_and_names_a_bad_thread(api_client, world, submit, make_token):
    report = submit().report
    _bulk(report, 60)
    token = make_token(world.coordinator, scope="read")
    r = api_client("get", f"/api/cases/{report.pk}?thread=case&page=1", token=token)
    assert r.status_code == 200 and [m["body"] for m in r.json()["messages"]] == [f"Note {i:03d}" for i in range(10)]
    assert {t["key"] for t in r.json()["threads"]} == {"all", "case", "aurora"}
    bad = api_client("get", f"/api/cases/{report.pk}?thread=forge", token=token)
    assert bad.status_code == 422 and bad.json()["field"] == "thread"
    forge_token = make_token(world.forge_triager, scope="read")
    assert api_client("get", f"/api/cases/{report.pk}?thread=aurora", token=forge_token).status_code == 404


def test_each_party_opens_on_its_own_thread_and_posts_there(client, world, submit):
    done = submit(models=["aurora/aurora-2", "forge/forge-8b"])
    report = done.report
    services.post_message(report, "To every vendor: please acknowledge.", user=world.coordinator)
    services.post_message(report, "To Aurora only: can you reproduce?", user=world.coordinator, thread="aurora")
    services.post_message(report, "Aurora: reproduced.", user=world.triager)
    client.force_login(world.triager)
    data = client.get(f"/cases/{report.pk}.json").json()
    assert data["thread"] == "aurora"
    assert [m["body"] for m in data["messages"]] == ["To Aurora only: can you reproduce?", "Aurora: reproduced."]
    html = client.get(f"/cases/{report.pk}/").content.decode()
    assert 'name="thread" value="aurora"' in html and "Post to the Aurora Labs thread" in html
    case_wide = client.get(f"/cases/{report.pk}/", {"thread": "case"}).content.decode()
    assert "please acknowledge" in case_wide and 'id="thread-read-only"' in case_wide
    refused = client.post(f"/cases/{report.pk}/act/", {"op": "message", "thread": "case", "body": "hi all"},
                          follow=True)
    assert "Vendors write in their own thread" in refused.content.decode()
    assert not report.messages.filter(body="hi all").exists()
    r = client.post(f"/cases/{report.pk}/act/", {"op": "message", "thread": "aurora", "body": "A fix is coming."})
    assert r.status_code == 302 and r["Location"] == f"/cases/{report.pk}/?thread=aurora#thread-h"
    assert report.messages.get(body="A fix is coming.").vendor == world.aurora
    client.force_login(world.coordinator)
    assert client.get(f"/cases/{report.pk}.json").json()["thread"] == "case"
    follow = client.get(f"/report/follow/{done.token}.json").json()
    assert follow["thread"] == "all" and "Aurora: reproduced." in [m["body"] for m in follow["messages"]]
    assert all(m["thread"] in ("case", "aurora") for m in follow["messages"])
    client.post(f"/report/follow/{done.token}/", {"body": "For OpenForge: see the log.", "thread": "forge"})
    assert report.messages.get(body="For OpenForge: see the log.").vendor == world.forge


@pytest.mark.parametrize("received_days_ago,acknowledged,state,flags,expected", [
    (1, False, "received", "", "not yet checked"),      # medium: 5 days to acknowledge
    (6, False, "received", "", "no response"),          # its acknowledge deadline passed
    (6, True, "received", "V", "not yet checked"),      # acknowledged, still checking
    (6, True, "accepted", "V", "affected"),
    (6, True, "invalid", "V", "not affected"),
    (6, True, "accepted", "VF", "fix ready"),
    (6, True, "accepted", "VFD", "fix deployed"),
])
def test_vendor_status_on_the_case_page(client, world, submit, received_days_ago, acknowledged, state, flags,
                                        expected):
    report = submit().report
    received = timezone.now() - timedelta(days=received_days_ago)
    Participant.objects.filter(case=report.case).update(
        received_at=received, acknowledged_at=received if acknowledged else None, state=state, flags=flags,
        ever_accepted=state == "accepted")
    client.force_login(world.triager)
    data = client.get(f"/cases/{report.pk}.json").json()
    p = data["participants"][0]
    assert p["status"] == expected and data["vendor_statuses"] == {expected: 1}
    assert p["advisory_status"] == ("no response" if state == "received" else expected)
    row = re.search(r'<tr class="vendor-row".*?</tr>', client.get(f"/cases/{report.pk}/").content.decode(), re.S)
    assert f">{expected}" in row.group(0)
    if expected == "no response":
        assert "acknowledge was due" in row.group(0)
    elif expected == "not yet checked" and not acknowledged:
        assert "acknowledge by" in row.group(0)


def test_the_statuses_are_documented():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "disclosure.md").read_text(encoding="utf-8")
    table = "\n".join(["| status | meaning |", "|---|---|"] + [f"| {s.value} | {m} |"
                                                               for s, m in CASE_STATUS_MEANING.items()])
    assert table in text


def test_a_coordinator_acts_for_one_vendor_at_a_time_on_a_large_case(client, world, submit, make_org):
    from redline.disclosure.guide import ONE_AT_A_TIME_OVER

    report = submit().report
    orgs = [make_org("developer", name=f"Vendor {k:02d}", slug=f"v{k:02d}") for k in range(ONE_AT_A_TIME_OVER)]
    Participant.objects.bulk_create([Participant(case=report.case, vendor=o) for o in orgs])
    client.force_login(world.coordinator)
    html = client.get(f"/cases/{report.pk}/").content.decode()
    assert 'id="act-for"' in html and 'data-vendor="' not in html  # case-wide actions only, a vendor to choose
    assert 'data-group="embargo"' in html and "?vendor=v03#actions-h" in html
    chosen = client.get(f"/cases/{report.pk}/", {"vendor": "v03"}).content.decode()
    assert set(re.findall(r'data-vendor="([^"]+)"', chosen)) == {"v03"} and "acting for it" in chosen
    data = client.get(f"/cases/{report.pk}.json", {"vendor": "v03"}).json()
    assert data["one_vendor_at_a_time"] and data["acting_for"] == "v03"
    assert {a["vendor"] for a in data["actions"]} <= {None, "v03"}
    assert len(data["participants"]) == ONE_AT_A_TIME_OVER + 1  # every status, still
    Participant.objects.filter(vendor=orgs[0]).delete()  # at the limit: every vendor's actions, as before
    html = client.get(f"/cases/{report.pk}/").content.decode()
    assert 'id="act-for"' not in html and len(set(re.findall(r'data-vendor="([^"]+)"', html))) == ONE_AT_A_TIME_OVER
