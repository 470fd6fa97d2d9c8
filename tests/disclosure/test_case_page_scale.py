"""A large case stays fast: the case page's query count is at most 40 and the same at 10 and at 150 vendors,
for a coordinator and for one vendor's triager (issue 12; the timing is ``redline bench cases``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redline.bench.case_page import TARGET_QUERIES, seed_case


def _queries(client, vendors: int, messages: int) -> dict[str, int]:
    report, coordinator, triager = seed_case(vendors, messages)
    counts = {}
    for label, user in (("coordinator", coordinator), ("vendor", triager)):
        client.force_login(user)
        assert client.get(f"/cases/{report.pk}/").status_code == 200  # warm: sessions, caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/cases/{report.pk}/")
        assert response.status_code == 200
        counts[label] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("vendors", [10, 150])
def test_query_count_is_bounded(db, client, vendors):
    counts = _queries(client, vendors, 200)
    print(counts)
    assert all(n <= TARGET_QUERIES for n in counts.values()), counts
