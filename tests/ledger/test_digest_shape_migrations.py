"""A migration that adds a field to a recorded model re-digests the rows it changed.

A recorded object's digest covers every stored field, so a new column changes the digest of every
existing row, and ``redline ledger verify`` would report a database upgraded in place as tampered
with. The rule: such a migration appends one ``redigest`` entry per unchanged row by calling
:func:`redline.ledger.upgrade.redigest_new_fields` (entries are never rewritten). This test reads
every migration on disk and fails, naming it, when one adds a digested field without that call.
"""

from __future__ import annotations

import inspect

import pytest
from django.apps import apps
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader


def _recorded_excluded() -> dict[tuple[str, str], frozenset[str]]:
    from redline.ledger.models import Recorded

    return {(m._meta.app_label, m._meta.model_name): m.ledger_excluded()
            for m in apps.get_models() if issubclass(m, Recorded)}


def _migrations_after_digest_v2():
    """Each redline migration that runs on databases holding version-2 ledger entries, in order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, name) in loader.graph.leaf_nodes():
        if not loader.disk_migrations[(app_label, name)].__module__.startswith("redline."):
            continue
        plan = [key for key in loader.graph.forwards_plan((app_label, name)) if key[0] == app_label]
        names = [n for _, n in plan]
        start = next((i for i, n in enumerate(names) if "ledger_digest_v2" in n), None)
        for n in names[(start + 1) if start is not None else 0:]:
            migration = loader.disk_migrations[(app_label, n)]
            if start is None and getattr(migration, "initial", False):
                continue  # a new app's first migration: no rows, so nothing to re-digest
            yield app_label, migration


def test_the_rule_sees_the_recorded_models():
    assert ("disclosure", "report") in _recorded_excluded()
    assert ("commitments", "commitmentversion") in _recorded_excluded()


@pytest.mark.parametrize("app_label,migration", list(_migrations_after_digest_v2()),
                         ids=lambda v: getattr(v, "name", v))
def test_added_digested_fields_are_re_digested(app_label, migration):
    recorded = _recorded_excluded()
    added = [(op.model_name.lower(), op.name) for op in migration.operations
             if isinstance(op, ops.AddField) and (app_label, op.model_name.lower()) in recorded
             and op.name not in recorded[(app_label, op.model_name.lower())] and op.name != "ledger_salt"]
    if not added:
        return
    source = inspect.getsource(inspect.getmodule(migration))
    assert "redigest_new_fields" in source, (
        f"{app_label}.{migration.name} adds {', '.join(f'{m}.{f}' for m, f in added)} to a recorded model "
        "but does not call redline.ledger.upgrade.redigest_new_fields in a RunPython step, so `redline "
        "ledger verify` would report every existing row as changed after an upgrade")


@pytest.mark.django_db
def test_redigest_new_fields_appends_for_unchanged_rows_only(developer, make_model):
    from redline.ledger.models import LedgerEntry
    from redline.ledger.services import record_many, verify
    from redline.ledger.snapshots import digests
    from redline.ledger.upgrade import REDIGEST, redigest_new_fields
    from redline.registry.models import AIModel

    kept, tampered = make_model(developer, name="Kept"), make_model(developer, name="Tampered")
    excluded = AIModel.ledger_excluded()
    # As if `summary` were a column a migration just added: the latest entries digest the rows without it.
    objects = [kept, tampered]
    record_many(objects, "update", actor="test", digests=digests(objects, excluded | {"summary"}))
    AIModel.objects.filter(pk=tampered.pk).update(licence="changed-behind-the-ledger")
    assert verify() is not None

    before = LedgerEntry.objects.count()
    assert redigest_new_fields(apps, "registry", "aimodel", {"summary"}, excluded) == 1
    assert LedgerEntry.objects.count() == before + 1
    last = LedgerEntry.objects.order_by("seq").last()
    assert (last.action, last.object_id) == (REDIGEST, str(kept.pk))
    problem = verify()  # the tampered row is still named
    assert problem is not None and str(tampered.pk) in str(problem)
