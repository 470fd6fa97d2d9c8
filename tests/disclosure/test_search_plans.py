"""Public search answers the same whichever way the database is asked.

On SQLite a text matching few advisories is answered from the list of its matches (sorted), one
matching many by walking the list's order index; the capped count never walks the index. These
tests compare every page and count of ``/advisories.json`` with a reference computed in Python,
with the threshold set so that each word takes one plan, then the other.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

WORDS = {"zorblat": 40, "quexil": 12, "mivrax": 3}  # how many advisories carry each word


@pytest.fixture
def advisories(db, make_org):
    from django.utils import timezone

    from redline.disclosure import publishing
    from redline.disclosure.models import Advisory, Report

    orgs = [make_org("developer", name=f"Vendor {i}", slug=f"vendor-{i}") for i in range(2)]
    rng = random.Random(5)
    base = timezone.now().replace(microsecond=0)
    rows = []
    for i in range(40):
        words = [w for w, n in WORDS.items() if i < n]
        rows.append(Report(kind="vulnerability", title=f"Case {i}", description=" ".join(words), submitted_at=base,
                           severity=rng.choice(["low", "high"]), affected_systems=[]))
    reports = Report.objects.bulk_create(rows)
    out = []
    for i, r in enumerate(reports):
        # several share a publication time (then the sequence decides); ids are not in time order
        at = base - timedelta(hours=rng.choice([1, 2, 3, 5, 8]))
        adv = Advisory.objects.create(
            public_id=f"RL-2025-{900 + i:06d}", year=2025, sequence=900 + (i * 7) % 40, report=r, state="published",
            published_at=at, kind=r.kind, severity=r.severity, title=r.title,
            search_text=f"{r.title}\n{r.description}", public={"title": r.title})
        adv.organisations.add(orgs[i % 2])
        publishing.index(adv)
        out.append((adv, i % 2))
    return out


def _reference(advisories, word, severity="", organisation=""):
    chosen = [a for a, org in advisories if word in a.search_text.split() and (not severity or a.severity == severity)
              and (not organisation or organisation == f"vendor-{org}")]
    return [a.public_id for a in sorted(chosen, key=lambda a: (-a.published_at.timestamp(), -a.sequence, a.pk))]


def _all_pages(client, **params):
    ids, page, counts = [], 1, set()
    while True:
        data = client.get("/advisories.json", {**params, "page": page}).json()
        ids += [r["public_id"] for r in data["results"]]
        counts.add((data["count"], data["count_is_lower_bound"]))
        if page >= data["pages"]:
            return ids, counts
        page += 1


@pytest.mark.parametrize("few", [5, 1000])  # 5: only "mivrax" is few; 1000: every word is
@pytest.mark.parametrize(("word", "filters"), [
    ("zorblat", {}), ("zorblat", {"severity": "high"}), ("zorblat", {"organisation": "vendor-1"}),
    ("quexil", {}), ("quexil", {"severity": "low"}), ("mivrax", {}), ("mivrax", {"organisation": "vendor-0"}),
])
def test_every_page_and_count_match_the_reference(client, advisories, monkeypatch, few, word, filters):
    from redline.disclosure import public_views, publishing

    monkeypatch.setattr(publishing, "FEW_MATCHES", few)
    monkeypatch.setattr(public_views, "PAGE_SIZE", 4)
    want = _reference(advisories, word, **filters)
    ids, counts = _all_pages(client, q=word, **filters)
    assert want and ids == want
    assert counts == {(len(want), False)}


@pytest.mark.parametrize("few", [5, 1000])
def test_a_capped_count_says_it_is_a_lower_bound(client, advisories, monkeypatch, few):
    from redline.disclosure import public_views, publishing

    monkeypatch.setattr(publishing, "FEW_MATCHES", few)
    monkeypatch.setattr(public_views.CappedPaginator, "COUNT_CAP", 10)
    data = client.get("/advisories.json", {"q": "zorblat"}).json()
    assert (data["count"], data["count_is_lower_bound"]) == (10, True)
    # the page holds the first matches up to the capped count (Django's paginator stops there)
    assert [r["public_id"] for r in data["results"]] == _reference(advisories, "zorblat")[:10]
    data = client.get("/advisories.json", {"q": "quexil", "severity": "high"}).json()
    assert data["count"] == len(_reference(advisories, "quexil", severity="high")) and not data["count_is_lower_bound"]
