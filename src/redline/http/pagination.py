"""A lazily mapped queryset for django-ninja pagination.

Ninja slices and counts what a view returns; wrapping the queryset keeps both in
the database and turns only the page's rows into dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet


class Mapped:
    """A queryset whose slices come back as ``fn(row)`` and whose count is a SQL COUNT."""

    def __init__(self, queryset: QuerySet, fn: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.fn = fn

    def all(self) -> QuerySet:
        return self.queryset.all()

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self.fn(row) for row in self.queryset[key]]
        return self.fn(self.queryset[key])

    def __len__(self) -> int:
        return self.queryset.count()
