"""The digested snapshot of a recorded object: every stored field, by the rules of digest version 2.

Generic over Django's model metadata, so it works on the historical models a migration sees as
well as on the live ones: concrete fields by name (a foreign key as the id it stores), the salt
included, the primary key left out (the entry names it); many-to-many links as the sorted ids of
the link table (read directly, so a link to a missing row still counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.db import connections, router
from django.db.models import Model

from redline.core.canonical import digest

_CHUNK = 500  # ids per IN (...) query: below SQLite's variable limit


def _plain(value: object) -> object:
    if isinstance(value, (bytes, memoryview, bytearray)):
        return bytes(value).hex()
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, (str, int, float, bool, dt.date, list, dict)) or value is None:
        return value
    name = getattr(value, "name", None)  # a FieldFile: its stored path
    return name if isinstance(name, str) or name is None else str(value)


def snapshots(objects: Sequence[Model], exclude: Iterable[str] = (),
              links: Mapping[str, Mapping[object, Iterable]] | None = None) -> list[dict]:
    """The snapshot of each of ``objects`` (all of one model), with one query per many-to-many field.

    ``links`` gives a many-to-many field's link ids by primary key where the caller has just written
    them (intake, in the same transaction), instead of reading them back; verify reads them all.
    """
    if not objects:
        return []
    meta, skip = objects[0]._meta, frozenset(exclude)
    out = [{f.name: _plain(f.value_from_object(o)) for f in meta.concrete_fields
            if not f.primary_key and f.name not in skip} for o in objects]
    for field in meta.many_to_many:
        if field.name in skip:
            continue
        if links is not None and field.name in links:
            given = links[field.name]
            for o, snap in zip(objects, out, strict=True):
                snap[field.name] = sorted(given.get(o.pk, ()))
            continue
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).column
        target = through._meta.get_field(field.m2m_reverse_field_name()).column
        links: dict[object, list] = {}
        pks = [o.pk for o in objects]
        connection = connections[objects[0]._state.db or router.db_for_read(through)]
        q = connection.ops.quote_name
        # Plain SQL: a report's intake digests five link tables, and compiling five ORM queries cost
        # more than the rest of its ledger entries.
        sql = f"SELECT {q(source)}, {q(target)} FROM {q(through._meta.db_table)} WHERE {q(source)} IN "
        with connection.cursor() as cur:
            for i in range(0, len(pks), _CHUNK):
                chunk = pks[i:i + _CHUNK]
                cur.execute(sql + f"({', '.join(['%s'] * len(chunk))})", chunk)
                for src, tgt in cur.fetchall():
                    links.setdefault(src, []).append(tgt)
        for o, snap in zip(objects, out, strict=True):
            snap[field.name] = sorted(links.get(o.pk, []))
    return out


def digests(objects: Sequence[Model], exclude: Iterable[str] = (),
            links: Mapping[str, Mapping[object, Iterable]] | None = None) -> list[str]:
    return [digest(s) for s in snapshots(objects, exclude, links)]
