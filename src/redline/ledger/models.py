"""Ledger entries; the application only ever appends them."""

from __future__ import annotations

from django.db import models

from redline.core.errors import AppendOnlyError
from redline.core.ledger import ChainEntry


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
                          self.object_digest, self.prev_hash)
