"""Insert model instances as plain multi-row ``INSERT … RETURNING``: what ``bulk_create`` stores, for less.

A report's intake writes six kinds of row and the ledger's entries; compiling ``bulk_create``'s
query was most of the CPU each cost (about 0.5 ms a call on the 2-core machine, for a statement the
database runs in 0.02 ms). The values are prepared by the fields themselves (``pre_save`` and
``get_db_prep_save``, as Django's insert compiler does), so the stored row is the same; no signals
are sent, as with ``bulk_create``. Models with a parent table or a composite key are refused.

On PostgreSQL a block of such writes can be :func:`pipelined`: statements go out without waiting for
each answer, keys are drawn up front with :func:`reserve_ids` so that no ``RETURNING`` is waited for,
many rows go as one ``unnest`` of a column's values each, and reads are sent early with :func:`send`
and read late, so that one wait answers them all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
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


@cache
def _unnest(model: type[Model], alias: str, columns: tuple[str, ...] | None = None) -> str | None:
    """PostgreSQL: ``INSERT … SELECT * FROM unnest(…)`` of every column of ``model`` (or of the fields
    named ``columns``), one array of values per column (None when a column's type is not known). A
    statement of any number of rows, parsed once by psycopg and by the server; see :func:`insert`."""
    meta = model._meta
    fields = meta.concrete_fields if columns is None else [meta.get_field(c) for c in columns]
    if len(fields) > PIPELINED_PARAMS:
        return None
    return _unnest_sql(model, fields, connections[alias])


def _unnest_sql(model: type[Model], fields, connection) -> str | None:
    """``INSERT INTO model (fields) SELECT * FROM unnest(…)``: one binary array parameter per field."""
    types = [f.db_type(connection) for f in fields]
    if None in types:
        return None
    q = connection.ops.quote_name
    return (f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
            f"SELECT * FROM unnest({', '.join(f'%b::{t}[]' for t in types)})")


def prepared(field, attname: str, as_is: tuple[type, ...], obj: Model, connection):
    """The value ``field`` of ``obj`` is stored as: what Django's insert compiler computes."""
    if as_is:
        value = getattr(obj, attname)
        if type(value) in as_is:
            return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection=connection)


#: psycopg parses a statement's placeholders with a regular expression, and caches the result only for
#: statements of at most 50 parameters (``psycopg._queries.MAX_CACHED_STATEMENT_PARAMS``; a test keeps
#: them equal). A multi-row insert past it was parsed afresh every time: a fifth of a batch's intake CPU.
PIPELINED_PARAMS = 50


def rows_per_statement(connection, params_per_row: int) -> int:
    """How many rows of ``params_per_row`` values one multi-row statement should carry: as many as
    the database takes, but in a pipeline (where more statements cost no waiting) no more than
    psycopg parses once and reuses."""
    most = PIPELINED_PARAMS if in_pipeline(connection) else _max_params(connection)
    return max(1, most // params_per_row)


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
    batch = rows_per_statement(connection, len(fields))
    many = with_pk and len(objects) > batch and in_pipeline(connection) and _unnest(model, connection.alias)
    with cursor(connection) as cur:
        if many:  # a column at a time: one short statement for the whole batch, keys drawn already
            cur.execute(many, [[prepared(f, name, as_is, o, connection) for o in objects]
                               for f, name, as_is in fields])
        else:
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


@contextlib.contextmanager
def pipelined(using: str = "default") -> Iterator[None]:
    """Send the block's statements without waiting for each answer, on PostgreSQL (psycopg's pipeline
    mode); elsewhere nothing changes.

    A statement whose rows are read waits for every statement sent before it, in one round trip; the
    rest are answered together when the block ends, where an error in any of them is raised (as
    Django's error). Inside the block ``cursor.rowcount`` is not known, so the ORM's ``update`` and
    ``delete`` must not run there. A report's intake sent ~20 statements one at a time, and on the
    2-core machine each cost 0.4–1 ms of waiting whatever it did. The block's statements share a few
    cursors (see :func:`cursor`).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    client_side = raw.cursor_factory
    # Bound on the server inside the block: psycopg's client-side binding quotes every value into the
    # statement's text in Python, a third of a report's statement CPU; the statements here are ours.
    from django.db.backends.postgresql.base import ServerBindingCursor

    raw.cursor_factory = ServerBindingCursor
    outer, connection._rows_cursors = getattr(connection, "_rows_cursors", None), _Cursors(connection)
    try:
        with connection.wrap_database_errors, raw.pipeline():
            yield
    finally:
        connection._rows_cursors.close()
        connection._rows_cursors = outer
        raw.cursor_factory = client_side


class _Cursors:
    """The cursors of one :func:`pipelined` block, each lent again once its statement's rows are read
    (a statement nobody reads gives its cursor back at once). Making a cursor cost ~60 µs of CPU on the
    2-core machine, more than sending most statements; a report's intake made 19."""

    def __init__(self, connection) -> None:
        self._connection, self._free, self._open = connection, [], True

    def take(self):
        return self._free.pop() if self._free else self._connection.cursor()

    def give(self, cur) -> None:
        if self._open:
            self._free.append(cur)
        else:  # read after its block ended
            cur.close()

    def close(self) -> None:
        self._open = False
        for cur in self._free:
            cur.close()
        self._free.clear()


@contextlib.contextmanager
def cursor(connection) -> Iterator:
    """A cursor of ``connection`` for statements read before the block ends: one of the pipeline's
    (see :func:`pipelined`), or a new one closed after it."""
    cursors = getattr(connection, "_rows_cursors", None)
    if cursors is None:
        with connection.cursor() as cur:
            yield cur
        return
    cur = cursors.take()
    try:
        yield cur
    finally:
        cursors.give(cur)


def in_pipeline(connection) -> bool:
    """Whether ``connection``'s statements are being :func:`pipelined` now."""
    if connection.vendor != "postgresql" or connection.connection is None:
        return False
    from psycopg import pq

    return connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF


@cache
def _sequence(model: type[Model], alias: str) -> str:
    """The name of the sequence that numbers ``model``'s primary key (PostgreSQL)."""
    connection = connections[alias]
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_serial_sequence(%s, %s)",
                    [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column])
        (name,) = cur.fetchone()
    if name is None:
        raise TypeError(f"{model._meta.label}: its primary key has no sequence")
    return name


class Sent:
    """A statement sent whose rows are read later: in a pipeline, that read waits for it and for
    everything sent before it, in one round trip."""

    def __init__(self, cursor, cursors: _Cursors | None) -> None:
        self._cursor, self._cursors = cursor, cursors

    def rows(self) -> list[tuple]:
        try:
            return self._cursor.fetchall()
        finally:
            if self._cursors is None:
                self._cursor.close()
            else:
                self._cursors.give(self._cursor)


def send(sql: str, params: Sequence, using: str = "default") -> Sent:
    """Execute ``sql``; its rows are read with :meth:`Sent.rows` (send the statements a step needs
    first, then read them, and a pipeline waits once)."""
    connection = connections[using]
    cursors = getattr(connection, "_rows_cursors", None)
    cur = connection.cursor() if cursors is None else cursors.take()
    cur.execute(sql, params)
    return Sent(cur, cursors)


class Reserved:
    """Primary keys drawn by :func:`reserve_ids`, read from the server when first asked for."""

    def __init__(self, sent: Sent | None, models: list[type[Model]]) -> None:
        self._sent, self._models, self._ids = sent, models, None

    def get(self, model: type[Model]) -> list[int] | None:
        """The keys drawn for ``model`` (None when none were drawn: the database assigns them)."""
        if self._sent is None:
            return None
        if self._ids is None:
            (arrays,) = self._sent.rows()
            self._ids = {m: list(ids) for m, ids in zip(self._models, arrays, strict=True)}
        return self._ids.get(model, [])


def reserve_ids(counts: dict[type[Model], int], using: str = "default") -> Reserved:
    """Draw ``n`` primary keys for each model from its sequence, in one statement, when statements are
    :func:`pipelined` (PostgreSQL), so that rows written later need no ``RETURNING`` answer to wait
    for. Otherwise nothing is drawn (``get`` gives None) and :func:`insert` reads the keys back as it
    writes, one round trip fewer than drawing them first. The statement is sent at once and read at
    the first ``get``. Keys drawn and not used leave gaps, as a rolled back insert does."""
    connection = connections[using]
    wanted = [(model, n) for model, n in counts.items() if n > 0]
    if not in_pipeline(connection) or not wanted:
        return Reserved(None, [])
    names = [_sequence(model, connection.alias) for model, _n in wanted]
    sql = "SELECT " + ", ".join("ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))" for _ in wanted)
    return Reserved(send(sql, [v for name, (_m, n) in zip(names, wanted, strict=True) for v in (name, n)], using),
                    [model for model, _n in wanted])


def assign_ids(objects: Sequence[Model], ids: list[int] | None) -> None:
    """Give ``objects`` the first keys of ``ids`` drawn by :func:`reserve_ids` (nothing when None)."""
    if ids is None:
        return
    if len(ids) < len(objects):
        raise ValueError(f"{len(objects)} objects, {len(ids)} keys reserved")
    for obj, pk in zip(objects, ids, strict=False):
        obj.pk = pk


def insert_values(model: type[Model], columns: Sequence[str], values: Sequence[tuple], using: str = "default") -> None:
    """Plain rows of ``columns`` of ``model`` (no instances, no ``RETURNING``: nothing reads their keys),
    in as few statements as :func:`insert` would use: one ``unnest`` of a column's values per array in a
    pipeline, multi-row ``VALUES`` elsewhere."""
    if not values:
        return
    connection = connections[using]
    q = connection.ops.quote_name
    with cursor(connection) as cur:
        unnest = in_pipeline(connection) and _unnest(model, connection.alias, tuple(columns))
        if unnest:
            cur.execute(unnest, [list(column) for column in zip(*values, strict=True)])
            return
        fields = [model._meta.get_field(c) for c in columns]
        head = f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        size = rows_per_statement(connection, len(columns))
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(values), size):
            chunk = values[start:start + size]
            cur.execute(head + "VALUES " + ", ".join([row_sql] * len(chunk)), [v for row in chunk for v in row])
