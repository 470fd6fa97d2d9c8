"""Every registry write appends a ledger entry; the head is public; verify passes on a clean database."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _entries_since(seq: int):
    from redline.ledger.models import LedgerEntry

    return [(e.action, e.object_type) for e in LedgerEntry.objects.filter(seq__gt=seq).order_by("seq")]


def _last_seq() -> int:
    from redline.ledger.services import head

    return head().length


def test_registry_writes_append_entries(developer, make_user):
    from redline.ledger.services import acting_as
    from redline.registry import services

    user = make_user(developer, email="writer@example.org")
    start = _last_seq()
    with acting_as(user):
        model = services.create_model(user, developer, name="Chained")
        services.update_model(user, model, summary="now with a summary")
        services.update_model(user, model, summary="now with a summary")  # no change, no entry
        services.add_scope_statement(user, model, intended_use="Chat")
        dep = services.add_deployment(user, model, mode="internal")
        services.set_deployment_status(user, dep, "active")
    assert _entries_since(start) == [
        ("create", "registry.aimodel"),
        ("update", "registry.aimodel"),
        ("create", "registry.scopestatement"),
        ("create", "registry.deployment"),
        ("update", "registry.deployment"),
    ]
    from redline.ledger.models import LedgerEntry

    entries = list(LedgerEntry.objects.filter(seq__gt=start).order_by("seq"))
    assert {e.actor for e in entries} == {"writer@example.org"}
    assert entries[0].object_id == str(model.pk)
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.hash
        assert entry.seq == prev.seq + 1


def test_account_objects_are_recorded(make_org, make_user):
    start = _last_seq()
    org = make_org("regulator")
    make_user(org, role="admin")
    kinds = _entries_since(start)
    assert ("create", "accounts.organisation") in kinds
    assert ("create", "accounts.membership") in kinds


def test_card_import_is_recorded(developer, operator):
    from redline.registry.services import import_hf_card

    start = _last_seq()
    import_hf_card(operator, developer, "---\nlicense: mit\n---\n# Carded\n\nA model.\n")
    assert _entries_since(start)[0] == ("create", "registry.aimodel")
    assert _entries_since(start)[-1] == ("update", "registry.aimodel")


def test_web_writes_are_attributed_to_the_signed_in_user(client, developer, make_user):
    from redline.ledger.models import LedgerEntry

    user = make_user(developer, email="web@example.org")
    client.force_login(user)
    start = _last_seq()
    response = client.post("/models/new/", {"organisation": developer.pk, "name": "Via Web", "modality": "text",
                                            "visibility": "public"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(seq=start + 1)
    assert (entry.action, entry.object_type, entry.actor) == ("create", "registry.aimodel", "web@example.org")


def test_entries_cannot_be_changed_or_deleted_by_the_application(developer, make_model):
    from redline.core.errors import AppendOnlyError
    from redline.ledger.models import LedgerEntry

    make_model(developer)
    entry = LedgerEntry.objects.last()
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_ledger_head_endpoint_changes_after_a_write(client, developer, make_model):
    before = client.get("/ledger/head")
    assert before.status_code == 200
    assert before["Content-Type"] == "application/json"
    data = before.json()
    assert set(data) == {"head", "length", "time"}
    assert len(data["head"]) == 64
    make_model(developer)
    after = client.get("/ledger/head").json()
    assert after["length"] > data["length"]
    assert after["head"] != data["head"]
    assert after["time"] is not None
    from redline.ledger.models import LedgerEntry

    assert after["head"] == LedgerEntry.objects.order_by("-seq").first().hash
    assert client.get("/api/ledger/head").json()["head"] == after["head"]


def test_verify_service_passes_on_a_clean_chain(developer, make_model, operator):
    from redline.ledger.services import verify
    from redline.registry import services

    model = make_model(developer)
    services.update_model(operator, model, name="Renamed")
    assert verify() is None


def test_ledger_verify_cli_exits_zero_and_prints_the_head(redline_cli, developer, make_model):
    from redline.ledger.services import head

    make_model(developer)
    code, out, err = redline_cli("ledger", "verify")
    assert code == 0, err
    text = " ".join(out.split())
    assert "ledger ok" in text
    assert head().hash in text.replace(" ", "")
    code, out, _ = redline_cli("ledger", "head")
    assert code == 0
    import json

    assert json.loads(out)["head"] == head().hash


def test_api_writes_are_attributed_to_the_token_owner(api_client, developer, make_user, make_token):
    from redline.ledger.models import LedgerEntry

    token = make_token(make_user(developer, email="api@example.org"), scope="write")
    start = _last_seq()
    response = api_client("post", "/api/models", token, json={"organisation": "acme", "name": "Via API"})
    assert response.status_code == 201
    entry = LedgerEntry.objects.get(seq=start + 1)
    assert (entry.action, entry.object_type, entry.actor) == ("create", "registry.aimodel", "api@example.org")
