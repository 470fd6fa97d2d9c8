"""Near-duplicate suggestions from one index in the database, shared by every process.

Each report's MinHash signature (``Report.signature``) is cut into LSH bands
(:class:`redline.core.dedup.MinHasher`); the band keys are rows of
:class:`~redline.disclosure.models.DuplicateBand`, indexed, written in the
report's own transaction.  A query reads the reports sharing a band with it and
scores them with :func:`redline.core.dedup.rank`, so a report is suggested by
every web worker and CLI process as soon as its transaction commits, a rolled
back report is never suggested, and a report marked a duplicate (``duplicate_of``
set) is never suggested again.  Nothing is cached per process but the hasher.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from redline.core.dedup import Candidate, MinHasher, rank

#: Keys per ``IN (...)`` list: under SQLite's oldest limit of 999 bound parameters.
_CHUNK = 900


@dataclass(frozen=True)
class DuplicateSuggestion:
    report_id: int
    ref: str
    title: str
    score: float
    similarity: float
    same_model: bool
    shared_cues: tuple[str, ...]
    public_id: str | None


@dataclass(frozen=True)
class Query:
    """One text to find duplicates of: its signature, facets and the report to leave out (itself)."""

    signature: bytes
    model: str | None = None
    cues: Sequence[str] = ()
    exclude: int | None = None


@lru_cache(maxsize=1)
def hasher() -> MinHasher:
    """Signatures and band keys (the settings are constants, so one per process)."""
    return MinHasher()


def text_of(title: str, description: str, actual: str = "", reproduction: str = "") -> str:
    return "\n".join(part for part in (title, description, actual, reproduction) if part)


def facets(report) -> tuple[str | None, list[str]]:
    """The first affected model (``org/slug`` or a free-text name) and the report's CUE IDs."""
    models = [m.full_slug for m in report.affected_models.all()]
    if not models:
        models = [s.get("model") for s in report.affected_systems if s.get("model")]
    cues = [c.pk for c in report.cue_entries.all()]
    return (models[0] if models else None), cues


def signature(text: str) -> bytes:
    return hasher().signature(text)


def index_signatures(pairs: Iterable[tuple[int, bytes]], using: str = "default") -> int:
    """Write the band keys of ``(report pk, signature)`` pairs; returns the rows written.

    Plain ``INSERT``s of two integers: building a model instance per band (37 a report) cost more
    than the rest of a report's indexing.
    """
    from redline.disclosure.models import DuplicateBand
    from redline.ledger.rows import insert_values

    rows = band_rows(pairs)
    insert_values(DuplicateBand, ("band", "report"), rows, using)
    return len(rows)


def band_rows(pairs: Iterable[tuple[int, bytes]]) -> list[tuple[int, int]]:
    """The ``(band, report pk)`` rows of ``(report pk, signature)`` pairs, each once: the pair is the
    table's key, and two bands of one signature could hash alike."""
    h = hasher()
    return [(key, pk) for pk, sig in pairs for key in dict.fromkeys(h.band_keys(bytes(sig)))]


def add(report, text: str) -> bytes:
    """Index ``report`` under ``text`` and return its signature (the caller stores it on the report)."""
    sig = signature(text)
    index_signatures([(report.pk, sig)])
    return sig


def band_mismatches(reports: list) -> Iterable[int]:
    """The pks of ``reports`` whose stored bands are not those of their signature (for ``ledger verify``)."""
    from django.db import connection

    from redline.disclosure.models import DuplicateBand

    h = hasher()
    table = connection.ops.quote_name(DuplicateBand._meta.db_table)
    for chunk in _chunks(reports):
        stored: dict[int, set[int]] = {}
        with connection.cursor() as cur:
            cur.execute(f"SELECT report_id, band FROM {table} WHERE report_id IN ({', '.join(['%s'] * len(chunk))})",
                        [r.pk for r in chunk])
            for pk, band in cur.fetchall():
                stored.setdefault(pk, set()).add(band)
        for r in chunk:
            try:
                want = set(h.band_keys(bytes(r.signature))) if r.signature is not None else set()
            except ValueError:  # not a whole signature: a damaged row, which verify names instead of failing
                yield r.pk
                continue
            if stored.get(r.pk, set()) != want:
                yield r.pk


def rebuild(using: str = "default") -> int:
    """Rewrite every band from the stored signatures (after a restore, or a change of settings)."""
    from redline.disclosure.models import DuplicateBand, Report

    DuplicateBand.objects.using(using).all().delete()
    rows = (Report.objects.using(using).filter(signature__isnull=False).order_by("pk")
            .values_list("pk", "signature"))
    return index_signatures(rows.iterator(chunk_size=2000), using=using)


def suggest(text: str, *, model: str | None, cues: list[str], exclude: int | None = None, k: int = 5,
            min_score: float = 0.35, visible=None, signature: bytes | None = None) -> list[DuplicateSuggestion]:
    """Likely duplicates of ``text``; ``visible`` limits them to a queryset of reports."""
    sig = signature if signature is not None else hasher().signature(text)
    return suggest_many([Query(sig, model, cues, exclude)], k=k, min_score=min_score, visible=visible)[0]


def suggest_many(queries: Sequence[Query], *, k: int = 5, min_score: float = 0.35, visible=None,
                 in_order: bool = False) -> list[list[DuplicateSuggestion]]:
    """Suggestions for each query, with a handful of database queries for the whole batch.

    ``in_order`` is for a batch of new reports whose bands are not written yet (their ``exclude`` is
    their own pk): each is then also compared with the reports before it, as if indexed one by one.
    """
    from django.db import connection

    from redline.disclosure.models import Advisory, DuplicateBand, Report
    from redline.ledger.rows import cursor

    h = hasher()
    keys = [h.band_keys(q.signature) for q in queries]
    owners: dict[int, set[int]] = {}
    wanted = sorted({key for row in keys for key in row})
    table = connection.ops.quote_name(DuplicateBand._meta.db_table)
    with cursor(connection) as cur:  # the hot query, written out: the ORM's compiling cost more than the lookup
        for chunk in _chunks(wanted):
            where, params = _among("band", chunk, connection)
            cur.execute(f"SELECT band, report_id FROM {table} WHERE {where}", params)
            for band, pk in cur.fetchall():
                owners.setdefault(band, set()).add(pk)
    found = [set().union(*(owners.get(key, ()) for key in row)) - {q.exclude} for q, row in zip(queries, keys,
                                                                                               strict=True)]
    sigs: dict[int, bytes] = {}
    details: dict[int, tuple[str, str | None]] = {}
    if visible is None:  # every report: one plain statement reads the signatures and what a suggestion shows
        report, advisory = (connection.ops.quote_name(m._meta.db_table) for m in (Report, Advisory))
        with cursor(connection) as cur:
            for chunk in _chunks(sorted(set().union(*found))):
                where, params = _among("r.id", chunk, connection)
                cur.execute(f"SELECT r.id, r.signature, r.title, a.public_id FROM {report} r LEFT JOIN {advisory} a "
                            f"ON a.report_id = r.id WHERE r.duplicate_of_id IS NULL AND r.signature IS NOT NULL "
                            f"AND {where}", params)
                for pk, sig, title, public_id in cur.fetchall():
                    sigs[pk] = bytes(sig)
                    details[pk] = (title, public_id)
    else:
        for chunk in _chunks(sorted(set().union(*found))):
            sigs.update((pk, bytes(sig)) for pk, sig in visible.filter(pk__in=chunk, duplicate_of__isnull=True)
                        .values_list("pk", "signature") if sig is not None)
    # Only candidates whose best possible score reaches min_score need their facets read.
    floor = min_score - h.most_boost
    near: list[list[tuple[int, bytes]]] = []
    for q, pks in zip(queries, found, strict=True):
        pairs = [(pk, sigs[pk]) for pk in sorted(pks) if pk in sigs]
        sims = h.similarity(q.signature, [s for _, s in pairs])
        near.append([pair for pair, sim in zip(pairs, sims, strict=True) if sim >= floor])
    model_of, cues_of = _facets_of({pk for pairs in near for pk, _ in pairs})
    ranked, earlier = [], []
    for q, qkeys, pairs in zip(queries, keys, near, strict=True):
        candidates = [Candidate(str(pk), sig, model_of.get(pk, ()), cues_of.get(pk, frozenset()))
                      for pk, sig in pairs]
        if in_order:
            band_set = set(qkeys)
            candidates += [Candidate(str(p.exclude), p.signature, (p.model,) if p.model else (), frozenset(p.cues))
                           for p, pkeys in earlier if band_set.intersection(pkeys)]
            earlier.append((q, qkeys))
        ranked.append(rank(h, q.signature, candidates, model=q.model, cues=q.cues, k=k,
                           exclude=str(q.exclude) if q.exclude else None, min_score=min_score))
    # Suggested reports not read above: all of them with ``visible``, else earlier reports of this batch.
    unread = sorted({int(s.key) for row in ranked for s in row} - set(details))
    for chunk in _chunks(unread):
        details.update((pk, (title, public_id)) for pk, title, public_id in (
            visible if visible is not None else Report.objects.all()).filter(pk__in=chunk)
                       .values_list("pk", "title", "advisory__public_id"))
    out = []
    for row in ranked:
        out.append([DuplicateSuggestion(pk, f"R-{pk:06d}", details[pk][0], s.score, s.similarity, s.same_model,
                                        s.shared_cues, details[pk][1])
                    for s in row if (pk := int(s.key)) in details])
    return out


def _facets_of(pks: set[int]) -> tuple[dict[int, tuple[str, ...]], dict[int, frozenset[str]]]:
    """Each report's models (``org/slug``, else the free-text names of its affected systems) and CUE IDs."""
    from redline.disclosure.models import Report

    if not pks:
        return {}, {}
    import json

    from django.db import connection

    from redline.accounts.models import Organisation
    from redline.ledger.rows import cursor
    from redline.registry.models import AIModel

    models: dict[int, list[str]] = {}
    cues: dict[int, set[str]] = {}
    q = connection.ops.quote_name
    mt, ct = (q(m._meta.db_table) for m in (Report.affected_models.through, Report.cue_entries.through))
    aimodel, org, report = (q(m._meta.db_table) for m in (AIModel, Organisation, Report))
    with cursor(connection) as cur:  # plain SQL: one statement for both link tables, a second for free text
        for chunk in _chunks(sorted(pks), _CHUNK // 2):  # each id is bound twice
            linked, params = _among("l.report_id", chunk, connection)
            cued, _same = _among("report_id", chunk, connection)
            cur.execute(f"SELECT l.report_id, 1, o.slug, m.slug FROM {mt} l JOIN {aimodel} m ON m.id = l.aimodel_id "
                        f"JOIN {org} o ON o.id = m.organisation_id WHERE {linked} UNION ALL "
                        f"SELECT report_id, 0, cueentry_id, NULL FROM {ct} WHERE {cued}", params * 2)
            for pk, is_model, first, second in cur.fetchall():
                if is_model:
                    models.setdefault(pk, []).append(f"{first}/{second}")
                else:
                    cues.setdefault(pk, set()).add(first)
            free = [pk for pk in chunk if pk not in models]
            if not free:
                continue
            where, params = _among("id", free, connection)
            cur.execute(f"SELECT id, affected_systems FROM {report} WHERE {where}", params)
            for pk, systems in cur.fetchall():
                if isinstance(systems, str):  # SQLite hands JSON back as text
                    systems = json.loads(systems)
                names = [s.get("model") for s in systems or [] if isinstance(s, dict) and s.get("model")]
                if names:
                    models[pk] = names
    return ({pk: tuple(v) for pk, v in models.items()}, {pk: frozenset(v) for pk, v in cues.items()})


def _among(column: str, values: list[int], connection) -> tuple[str, list]:
    """``column`` is one of the integers ``values``: one array parameter on PostgreSQL (so psycopg parses
    the statement once, whatever the number of values; see ``redline.ledger.rows.PIPELINED_PARAMS``),
    an ``IN`` list elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%b::bigint[])", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
