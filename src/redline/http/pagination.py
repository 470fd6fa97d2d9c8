"""A lazily mapped queryset for django-ninja pagination, and the pagination every list uses (:class:`Page`).

Ninja slices and counts what a view returns; wrapping the queryset keeps both in
the database and turns only the page's rows into dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination


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


#: The largest ``offset`` a list accepts: far past any real table, and well inside the 64-bit
#: integers SQLite and PostgreSQL take for OFFSET (2**63 and above used to be a 500).
MAX_OFFSET = 10**12


class Page(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with a bounded ``offset`` (422 naming it past MAX_OFFSET)."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT,
                           description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")
