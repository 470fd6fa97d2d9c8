"""Refuse, on every save of a redline model, text that a database cannot store or a digest cannot hash.

The HTTP guard (:mod:`redline.http.guard`) stops NUL characters and NaN at the door; this is the
same rule one step before the database, for the CLI, importers and anything else that saves a
model: ``InvalidInput(field, "must not contain NUL characters")`` before the row is written (and so
before its ledger entry). Bulk inserts skip signals; :mod:`redline.disclosure.intake` checks its
submissions itself.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save

from redline.core.text import refuse_bad_values

_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def refuse_unstorable(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sender.__module__.startswith("redline."):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, _TEXT_FIELDS):
            value = field.value_from_object(instance)
            if value is not None and not isinstance(value, (int, bool)):
                refuse_bad_values(field.name, value)


def connect() -> None:
    pre_save.connect(refuse_unstorable, dispatch_uid="redline-refuse-unstorable")
