"""Insert model instances as plain multi-row ``INSERT … RETURNING``: what ``bulk_create`` stores, for less.

A report's intake writes six kinds of row and the ledger's entries; compiling ``bulk_create``'s
query was most of the CPU each cost (about 0.5 ms a call on the 2-core machine, for a statement the
database runs in 0.02 ms). The values are prepared by the fields themselves (``pre_save`` and
``get_db_prep_save``, as Django's insert compiler does), so the stored row is the same; no signals
are sent, as with ``bulk_create``. Models with a parent table or a composite key are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections, models, router
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin

_TEXT = (str, type(None))
_WHOLE = (int, type(None))
#: Field classes whose value, when of one of the given types, is stored as it is: for these
#: ``get_db_prep_save`` is the identity on such values (``tests/ledger/test_rows_prep.py`` checks it
#: for every field of every model), and skipping it was a tenth of a report's intake CPU.
_AS_IS = {models.CharField: _TEXT, models.TextField: _TEXT, models.EmailField: _TEXT, models.SlugField: _TEXT,
          models.URLField: _TEXT, models.BooleanField: (bool, type(None)), models.IntegerField: _WHOLE,
          models.BigIntegerField: _WHOLE, models.SmallIntegerField: _WHOLE, models.PositiveIntegerField: _WHOLE,
          models.PositiveBigIntegerField: _WHOLE, models.PositiveSmallIntegerField: _WHOLE,
          models.AutoField: _WHOLE, models.BigAutoField: _WHOLE, models.SmallAutoField: _WHOLE}


def stored_as_is(field, vendor: str) -> tuple[type, ...]:
    """The value types ``field`` stores unchanged on a ``vendor`` database (its attribute, no
    ``pre_save`` of its own); () for a field whose values always go through Django's preparation.
    On PostgreSQL Django wraps integers in psycopg's sized types, so only text and flags pass."""
    if isinstance(field, models.ForeignKey):
        return stored_as_is(field.target_field, vendor)
    if type(field).pre_save is not models.Field.pre_save:
        return ()
    types = _AS_IS.get(type(field), ())
    return () if vendor != "sqlite" and types is _WHOLE else types


@cache
def _plan(model: type[Model], with_pk: bool, alias: str):
    """The fields written (each with its attribute name and :func:`stored_as_is` types), the
    statement's head, row placeholders and ``RETURNING``, and the primary key of ``model`` (worked out
    once per model and database)."""
    meta = model._meta
    if meta.parents or meta.pk is None or not meta.pk.concrete:
        raise TypeError(f"{meta.label}: rows.insert handles single-table models only")
    fields = [f for f in meta.concrete_fields if with_pk or not f.primary_key]
    connection = connections[alias]
    q = connection.ops.quote_name
    head = f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)}) VALUES "
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = "" if with_pk else f" RETURNING {q(meta.pk.column)}"
    as_is = [stored_as_is(f, connection.vendor) for f in fields]
    return [*zip(fields, (f.attname for f in fields), as_is, strict=True)], head, row_sql, returning, meta.pk


def prepared(field, attname: str, as_is: tuple[type, ...], obj: Model, connection):
    """The value ``field`` of ``obj`` is stored as: what Django's insert compiler computes."""
    if as_is:
        value = getattr(obj, attname)
        if type(value) in as_is:
            return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection=connection)


def _max_params(connection) -> int:
    """The most bound parameters one statement may carry: SQLite's compiled limit (32,766 since 3.32;
    Django assumes 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65_535


def insert(objects: Sequence[Model]) -> list[Model]:
    """Store ``objects`` (new instances of one model) in as few statements as the database allows.

    Sets each object's primary key (read back with ``RETURNING`` when the database assigns it) and
    marks it saved, as ``bulk_create`` does.
    """
    if not objects:
        return list(objects)
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    pk = model._meta.pk
    for obj in objects:  # a primary key with a default (a UUID) is filled in, as bulk_create does
        if obj.pk is None and not isinstance(pk, AutoFieldMixin) and pk.has_default():
            obj.pk = pk.get_default()
    with_pk = objects[0].pk is not None
    if any((o.pk is not None) != with_pk or type(o) is not model for o in objects):
        raise TypeError("rows.insert: objects of one model, all with or all without primary keys")
    fields, head, row_sql, returning, pk = _plan(model, with_pk, connection.alias)
    batch = max(1, _max_params(connection) // len(fields))
    with connection.cursor() as cur:
        for start in range(0, len(objects), batch):
            chunk = objects[start:start + batch]
            params = [prepared(f, name, as_is, o, connection) for o in chunk for f, name, as_is in fields]
            cur.execute(head + ", ".join([row_sql] * len(chunk)) + returning, params)
            if not with_pk:
                for obj, (value,) in zip(chunk, cur.fetchall(), strict=True):
                    obj.pk = value
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return list(objects)
