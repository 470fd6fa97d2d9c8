"""Ledger entries (the application only ever appends them) and the base of every recorded model."""

from __future__ import annotations

import secrets

from django.db import models

from redline.core.errors import AppendOnlyError
from redline.core.ledger import DIGEST_VERSION, ChainEntry


class LedgerEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    time = models.DateTimeField()
    actor = models.CharField(max_length=254)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    digest_version = models.PositiveSmallIntegerField(
        default=DIGEST_VERSION, help_text="The rules the digest and hash were made by (see docs/ledger.md)")

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("ledger entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries are never deleted")

    def chain_entry(self) -> ChainEntry:
        return ChainEntry(self.seq, self.time, self.actor, self.action, self.object_type, self.object_id,
                          self.object_digest, self.prev_hash, self.digest_version)


def new_salt() -> str:
    """128 random bits, hex: mixed into an object's digest so a published digest confirms no guess."""
    return secrets.token_hex(16)


class Recorded(models.Model):
    """Base of every model the ledger records: its digest covers every stored field and a per-object salt.

    ``LEDGER_UNRECORDED_FIELDS`` may change without an entry (a sign-in's ``last_login``);
    ``LEDGER_DERIVED_FIELDS`` are recomputed from the others (search text), so verify checks them by
    recomputation (checks registered with :mod:`redline.ledger.derived`) instead of through the digest.
    """

    ledger_salt = models.CharField(max_length=32, default=new_salt, editable=False,
                                   help_text="Random, per object; part of its ledger digest")

    LEDGER_UNRECORDED_FIELDS: frozenset[str] = frozenset()
    LEDGER_DERIVED_FIELDS: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def ledger_excluded(cls) -> frozenset[str]:
        return cls.LEDGER_UNRECORDED_FIELDS | cls.LEDGER_DERIVED_FIELDS

    def ledger_snapshot(self) -> dict:
        """Every stored field but the excluded ones (many-to-many links as sorted ids), for the digest."""
        from redline.ledger.snapshots import snapshots

        return snapshots([self], self.ledger_excluded())[0]
