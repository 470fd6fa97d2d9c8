"""The upgrade to digest version 2 appends one re-digest entry per object and rewrites no entry."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from redline.core.canonical import digest
from redline.core.ledger import GENESIS, ChainEntry
from redline.ledger.models import LedgerEntry
from redline.ledger.services import verify

V2 = ("registry", "0002_ledger_digest_v2")


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_redigests_matching_rows_and_leaves_a_changed_one_named(developer):
    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0001_initial")])
    old = executor.loader.project_state(("registry", "0001_initial")).apps
    AIModel = old.get_model("registry", "AIModel")
    v1 = importlib.import_module("redline.registry.migrations.0002_ledger_digest_v2")._v1(old)["aimodel"]
    LedgerEntry.objects.all()._raw_delete(LedgerEntry.objects.db)  # the ledger 0.2 would have written:
    rows = [AIModel.objects.create(organisation_id=developer.pk, slug=f"m{i}", name=f"Model {i}") for i in range(3)]
    prev, entries = GENESIS, []
    for seq, row in enumerate(rows, start=1):
        entry = ChainEntry(seq, timezone.now(), "system", "create", "registry.aimodel", str(row.pk),
                           digest(v1(row)), prev, 1)
        prev = entry.compute_hash()
        entries.append(LedgerEntry(hash=prev, **entry.__dict__))
    LedgerEntry.objects.bulk_create(entries)
    AIModel.objects.filter(pk=rows[2].pk).update(licence="changed before the upgrade")
    before = list(LedgerEntry.objects.order_by("seq").values_list("seq", "hash", "object_digest"))

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())

    after = list(LedgerEntry.objects.order_by("seq"))
    assert [(e.seq, e.hash, e.object_digest) for e in after[:3]] == before  # nothing rewritten
    redigested = [e for e in after[3:] if e.action == "redigest"]
    # Each later migration that adds a field re-digests again (registry 0003, the supply chain): the rows
    # that still matched are re-digested, in order, every time; the changed one never is.
    matching = [str(rows[0].pk), str(rows[1].pk)]
    assert redigested and [e.object_id for e in redigested] == matching * (len(redigested) // 2)
    assert all(e.digest_version == 2 for e in redigested) and redigested[0].prev_hash == before[-1][1]
    problem = verify()
    assert problem is not None and problem.seq == 3 and f"registry.aimodel {rows[2].pk}" in problem.reason
    assert "digest version 1" in problem.reason


def test_a_version_1_entry_hashes_without_its_version_and_a_version_2_entry_with_it():
    at = timezone.now()
    v1 = ChainEntry(1, at, "a", "create", "t", "1", "d", GENESIS, 1)
    v2 = ChainEntry(1, at, "a", "create", "t", "1", "d", GENESIS, 2)
    assert v1.compute_hash() == digest({"seq": 1, "time": at, "actor": "a", "action": "create", "object_type": "t",
                                        "object_id": "1", "object_digest": "d", "prev_hash": GENESIS})
    assert v2.compute_hash() != v1.compute_hash()  # a changed version is a changed entry
