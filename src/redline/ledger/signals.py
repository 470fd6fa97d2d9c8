"""Record saves and deletes of every model that defines ``ledger_snapshot``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from redline.ledger.models import LedgerEntry


def _on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not hasattr(instance, "ledger_snapshot") or isinstance(instance, LedgerEntry):
        return
    unrecorded = getattr(sender, "LEDGER_UNRECORDED_FIELDS", frozenset())
    if update_fields and not created and set(update_fields) <= unrecorded:
        return  # e.g. a sign-in stamping last_login: nothing the snapshot holds changed
    from redline.ledger.services import record

    record(instance, "create" if created else "update")


def _on_delete(sender, instance, **kwargs):
    if not hasattr(instance, "ledger_snapshot"):
        return
    from redline.ledger.services import record

    record(instance, "delete")


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="redline-ledger-save")
    post_delete.connect(_on_delete, dispatch_uid="redline-ledger-delete")
