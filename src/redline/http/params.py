"""Typed API parameters shared by every router, bounded so no value reaches the database as an overflow."""

from __future__ import annotations

from typing import Annotated

from ninja import Path

#: Largest id or count a 64-bit signed database integer holds (SQLite and PostgreSQL ``bigint``).
MAX_INT = 2**63 - 1

#: A record's numeric id in a path (``/api/cases/{pk}``): 1 to 2**63 - 1, else 422 naming it.
RecordId = Annotated[int, Path(ge=1, le=MAX_INT, description="The record's numeric id.")]
