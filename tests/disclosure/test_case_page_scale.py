"""A large case stays fast: the case page's query count is at most 40 and the same at 10 and at 150 vendors,
for a coordinator and for one vendor's triager (issue 12). Not timed: ``redline bench cases`` times it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from redline.bench.case_page import TARGET_QUERIES, seed_case
from redline.disclosure.models import DuplicateBand


def _queries(client, vendors: int, messages: int, prefix: str) -> dict[str, int]:
    report, coordinator, triager = seed_case(vendors, messages, prefix=prefix)
    counts = {}
    for label, user in (("coordinator", coordinator), ("vendor", triager)):
        client.force_login(user)
        assert client.get(f"/cases/{report.pk}/").status_code == 200  # warm: session, caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/cases/{report.pk}/")
        assert response.status_code == 200
        body = response.content.decode()
        shown = body.count('class="message-item"')
        assert 0 < shown <= 50  # the default page: the newest messages of the viewer's default thread
        rows = body.count('class="vendor-row"')
        assert rows == (vendors if label == "coordinator" else 1)  # a vendor sees only its own status
        counts[label] = len(ctx.captured_queries)
    # The next seeded case has the same text: out of the duplicate index, this one is not suggested on its page
    # (suggestions cost queries of their own), so both sizes are measured as in a fresh database.
    DuplicateBand.objects.filter(report=report).delete()
    return counts


def test_query_count_is_bounded_and_the_same_at_10_and_150_vendors(db, client):
    small = _queries(client, 10, 300, "small")
    large = _queries(client, 150, 1000, "large")
    assert small == large, (small, large)
    assert all(n <= TARGET_QUERIES for n in large.values()), large


def test_the_json_twin_and_the_api_do_not_grow_with_vendors(db, client, make_token, api_client):
    counts = []
    for vendors, prefix in ((10, "few"), (150, "many")):
        report, coordinator, _ = seed_case(vendors, 300, prefix=prefix)
        client.force_login(coordinator)
        client.get(f"/cases/{report.pk}.json")
        with CaptureQueriesContext(connection) as ctx:
            data = client.get(f"/cases/{report.pk}.json").json()
        assert len(data["participants"]) == vendors and len(data["messages"]) <= 50
        token = make_token(coordinator, scope="read")
        api_client("get", f"/api/cases/{report.pk}", token=token)
        with CaptureQueriesContext(connection) as api_ctx:
            assert api_client("get", f"/api/cases/{report.pk}", token=token).status_code == 200
        counts.append((len(ctx.captured_queries), len(api_ctx.captured_queries)))
        DuplicateBand.objects.filter(report=report).delete()  # as above
    assert counts[0] == counts[1] and max(counts[1]) <= TARGET_QUERIES, counts
