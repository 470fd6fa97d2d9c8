from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EnumerationConfig(AppConfig):
    name = "redline.enumeration"
    label = "enumeration"
    verbose_name = "Common Use Enumeration"

    def ready(self) -> None:
        from redline.enumeration import visibility

        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="redline-cue-sync")
        visibility.register()


def _sync_after_migrate(sender, using="default", **kwargs) -> None:
    """Load the shipped catalogue after ``migrate`` so a fresh ``redline init`` has it (idempotent, quick)."""
    from django.db import connections

    from redline.enumeration.models import CueEntry, CueEntryVersion
    from redline.enumeration.services import sync_catalogue
    from redline.ledger.models import LedgerEntry

    tables = set(connections[using].introspection.table_names())
    needed = {CueEntry._meta.db_table, CueEntryVersion._meta.db_table, LedgerEntry._meta.db_table}
    if needed <= tables:  # a partial migrate (e.g. ``migrate accounts``) may leave them missing
        sync_catalogue(using=using)
