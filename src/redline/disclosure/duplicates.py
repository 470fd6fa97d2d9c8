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
    from django.db import connections

    from redline.disclosure.models import DuplicateBand

    h = hasher()
    rows = [(key, pk) for pk, sig in pairs for key in h.band_keys(bytes(sig))]
    table = connections[using].ops.quote_name(DuplicateBand._meta.db_table)
    with connections[using].cursor() as cur:
        for start in range(0, len(rows), _CHUNK // 2):
            chunk = rows[start:start + _CHUNK // 2]
            cur.execute(f"INSERT INTO {table} (band, report_id) VALUES {', '.join(['(%s, %s)'] * len(chunk))}",
                        [v for row in chunk for v in row])
    return len(rows)


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
            want = set(h.band_keys(bytes(r.signature))) if r.signature is not None else set()
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

    from redline.disclosure.models import DuplicateBand, Report

    h = hasher()
    keys = [h.band_keys(q.signature) for q in queries]
    owners: dict[int, set[int]] = {}
    wanted = sorted({key for row in keys for key in row})
    table = connection.ops.quote_name(DuplicateBand._meta.db_table)
    with connection.cursor() as cur:  # the hot query, written out: the ORM's compiling cost more than the lookup
        for chunk in _chunks(wanted):
            cur.execute(f"SELECT band, report_id FROM {table} WHERE band IN ({', '.join(['%s'] * len(chunk))})",
                        chunk)
            for band, pk in cur.fetchall():
                owners.setdefault(band, set()).add(pk)
    found = [set().union(*(owners.get(key, ()) for key in row)) - {q.exclude} for q, row in zip(queries, keys,
                                                                                               strict=True)]
    base = visible if visible is not None else Report.objects.all()
    sigs: dict[int, bytes] = {}
    for chunk in _chunks(sorted(set().union(*found))):
        sigs.update((pk, bytes(sig)) for pk, sig in base.filter(pk__in=chunk, duplicate_of__isnull=True)
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
    details = {}
    for chunk in _chunks(sorted({int(s.key) for row in ranked for s in row})):
        details.update((pk, (title, public_id)) for pk, title, public_id in base.filter(pk__in=chunk)
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
    models: dict[int, list[str]] = {}
    cues: dict[int, set[str]] = {}
    mt, ct = Report.affected_models.through, Report.cue_entries.through
    for chunk in _chunks(sorted(pks)):
        for pk, org, slug in mt.objects.filter(report_id__in=chunk).values_list(
                "report_id", "aimodel__organisation__slug", "aimodel__slug"):
            models.setdefault(pk, []).append(f"{org}/{slug}")
        for pk, cue in ct.objects.filter(report_id__in=chunk).values_list("report_id", "cueentry_id"):
            cues.setdefault(pk, set()).add(cue)
        free = [pk for pk in chunk if pk not in models]
        for pk, systems in Report.objects.filter(pk__in=free).values_list("pk", "affected_systems"):
            names = [s.get("model") for s in systems or [] if isinstance(s, dict) and s.get("model")]
            if names:
                models[pk] = names
    return ({pk: tuple(v) for pk, v in models.items()}, {pk: frozenset(v) for pk, v in cues.items()})


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]
