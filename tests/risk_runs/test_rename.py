"""The app was ``estimates`` before 0.2: its table is adopted, and old ledger entries still verify."""

from __future__ import annotations

import pytest
from django.db import connection

from redline.core.ledger import GENESIS, ChainEntry
from redline.ledger.models import LedgerEntry
from redline.ledger.services import verify
from redline.risk_runs.models import RiskRun
from redline.risk_runs.services import run_profile


def _rewrite_ledger_with_old_labels() -> None:
    """Replace the ledger by the one 0.1 would have written: the same entries, labelled ``estimates.riskrun``."""
    old = list(LedgerEntry.objects.order_by("seq"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry")  # the application never does this; 0.1's ledger did not exist
    prev, rows = GENESIS, []
    for e in old:
        label = "estimates.riskrun" if e.object_type == "risk_runs.riskrun" else e.object_type
        entry = ChainEntry(e.seq, e.time, e.actor, e.action, label, e.object_id, e.object_digest, prev,
                           e.digest_version)
        prev = entry.compute_hash()
        rows.append(LedgerEntry(hash=prev, **entry.__dict__))
    LedgerEntry.objects.bulk_create(rows)


@pytest.mark.django_db
def test_a_ledger_written_before_the_rename_verifies(risk_profile):
    from redline.accounts.models import User

    admin = User.objects.get(email="admin@acme.example")
    run = run_profile(admin, risk_profile, threshold=100, probability=0.5, samples=5_000, seed=1)
    _rewrite_ledger_with_old_labels()
    assert LedgerEntry.objects.filter(object_type="estimates.riskrun", object_id=str(run.pk)).exists()
    assert not LedgerEntry.objects.filter(object_type="risk_runs.riskrun").exists()
    assert verify() is None
    RiskRun.objects.filter(pk=run.pk).update(samples=6_000)  # tampering is still found under the old label
    problem = verify()
    assert problem is not None and f"riskrun {run.pk}" in str(problem).replace(":", " ")


def _json(value: str) -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


@pytest.mark.django_db(transaction=True)
def test_the_migration_adopts_the_old_table_with_its_rows(risk_profile):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("risk_runs", None)])
    old_run = executor.loader.project_state(("risk_runs", "0001_initial")).apps.get_model("risk_runs", "RiskRun")
    # What 0.1 left: the table under its old name, a row in it, the old app's records.
    with connection.schema_editor() as editor:
        editor.create_model(old_run)
        editor.alter_db_table(old_run, RiskRun._meta.db_table, "estimates_riskrun")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO estimates_riskrun (model_sha256, threshold, samples, seed, result, curve, created_at, "
            f"profile_id) VALUES (%s, %s, %s, %s, {_json('r')}, {_json('c')}, %s, %s)",
            ["0" * 64, 100.0, 5000, 1, "{}", "{}", "2026-11-01T00:00:00+00:00", risk_profile.pk])
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                       ["estimates", "0001_initial", "2026-11-01T00:00:00+00:00"])
        cursor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s AND model = %s",
                       ["estimates", "risk_runs", "riskrun"])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("risk_runs"))
    tables = connection.introspection.table_names()
    assert "estimates_riskrun" not in tables and RiskRun._meta.db_table in tables
    run = RiskRun.objects.get()
    assert (run.threshold, run.samples, run.profile_id) == (100.0, 5000, risk_profile.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = %s", ["estimates"])
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT COUNT(*) FROM django_content_type WHERE app_label = %s", ["estimates"])
        assert cursor.fetchone()[0] == 0
