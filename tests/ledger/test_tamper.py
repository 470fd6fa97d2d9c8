"""The ledger detects rewriting: of an object's row, of an entry, of the chain's order."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from redline.core.errors import AppendOnlyError
from redline.ledger.models import LedgerEntry
from redline.ledger.services import record, verify


@pytest.fixture
def history(developer, make_model):
    models = [make_model(developer, name=f"Model {i}") for i in range(3)]
    models[1].summary = "updated"
    models[1].save()
    return models


def _table() -> str:
    return connection.ops.quote_name(LedgerEntry._meta.db_table)


@pytest.mark.django_db
def test_clean_ledger_verifies(history):
    assert verify() is None
    assert LedgerEntry.objects.count() >= 5


@pytest.mark.django_db
def test_changed_row_is_detected_and_named(history):
    target = history[1]
    from redline.registry.models import AIModel

    AIModel.objects.filter(pk=target.pk).update(licence="mit")  # bypasses the services and the ledger
    latest = LedgerEntry.objects.filter(object_type="registry.aimodel", object_id=str(target.pk)).last()
    problem = verify()
    assert problem is not None
    assert problem.seq == latest.seq
    assert f"registry.aimodel {target.pk}" in problem.reason and "without a ledger entry" in problem.reason


@pytest.mark.django_db
def test_deleted_row_is_detected(history):
    from redline.registry.models import AIModel

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(AIModel._meta.db_table)} WHERE id = %s",
                       [history[2].pk])
    problem = verify()
    assert problem is not None and "missing" in problem.reason


@pytest.mark.django_db
def test_edited_entry_is_detected_and_named(history):
    victim = LedgerEntry.objects.order_by("seq")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET actor = %s WHERE seq = %s", ["mallory", victim.seq])
    problem = verify()
    assert problem is not None
    assert problem.seq == victim.seq
    assert "stored hash" in problem.reason


@pytest.mark.django_db
def test_rehashed_entry_breaks_the_next_link(history):
    victim = LedgerEntry.objects.order_by("seq")[1]
    entry = victim.chain_entry()
    forged = entry.__class__(**{**entry.__dict__, "action": "delete"})
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET action = %s, hash = %s WHERE seq = %s",
                       ["delete", forged.compute_hash(), victim.seq])
    problem = verify()
    assert problem is not None
    assert problem.seq == victim.seq + 1
    assert "previous-hash" in problem.reason


@pytest.mark.django_db
def test_removed_entry_leaves_a_gap(history):
    victim = LedgerEntry.objects.order_by("seq")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE seq = %s", [victim.seq])
    problem = verify()
    assert problem is not None and problem.seq == victim.seq + 1 and "gap" in problem.reason


@pytest.mark.django_db
def test_application_cannot_update_or_delete_entries(history):
    entry = LedgerEntry.objects.first()
    entry.actor = "mallory"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.django_db
def test_record_links_to_previous(history):
    before = LedgerEntry.objects.order_by("-seq").first()
    entry = record(history[0], "note:reviewed")
    assert entry.seq == before.seq + 1 and entry.prev_hash == before.hash


@pytest.mark.django_db(transaction=True)
def test_cli_verify_names_the_bad_entry(history):
    from redline.cli.main import app

    runner = CliRunner()
    ok = runner.invoke(app, ["ledger", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "ledger ok" in ok.output
    victim = LedgerEntry.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET object_digest = %s WHERE seq = %s", ["0" * 64, victim.seq])
    bad = runner.invoke(app, ["ledger", "verify"])
    assert bad.exit_code == 1
    assert f"entry {victim.seq}" in bad.output


@pytest.mark.django_db
def test_api_writes_are_attributed_to_the_token_owner(developer, make_user, api_client):
    from redline.accounts.services import create_token

    user = make_user(developer, "member", email="writer@example.org")
    _, token = create_token(user, "ci", "write")
    response = api_client("post", "/api/models", token=token, json={"organisation": developer.slug, "name": "Via API"})
    assert response.status_code == 201, response.content
    entry = LedgerEntry.objects.filter(object_type="registry.aimodel").order_by("-seq").first()
    assert entry.actor == "writer@example.org"
