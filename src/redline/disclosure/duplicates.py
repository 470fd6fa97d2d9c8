"""The process-wide near-duplicate index, rebuilt from the signatures stored with each report.

The index itself is :class:`redline.core.dedup.DuplicateIndex`; this module
keeps one per database alias, loads it lazily from ``Report.signature`` and
checks every suggestion against the database (a rolled-back report leaves no
stale suggestion behind).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from redline.core.dedup import DuplicateIndex

_LOCK = threading.Lock()
_INDEXES: dict[str, DuplicateIndex] = {}


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


def reset() -> None:
    """Forget every loaded index (tests, and after a bulk import from another process)."""
    with _LOCK:
        _INDEXES.clear()


def text_of(title: str, description: str, actual: str = "", reproduction: str = "") -> str:
    return "\n".join(part for part in (title, description, actual, reproduction) if part)


def facets(report) -> tuple[str | None, list[str]]:
    """The first affected model (``org/slug`` or a free-text name) and the report's CUE IDs."""
    models = [m.full_slug for m in report.affected_models.all()]
    if not models:
        models = [s.get("model") for s in report.affected_systems if s.get("model")]
    cues = [c.pk for c in report.cue_entries.all()]
    return (models[0] if models else None), cues


def index(using: str = "default") -> DuplicateIndex:
    """The loaded index for ``using`` (built from stored signatures on first use)."""
    with _LOCK:
        idx = _INDEXES.get(using)
        if idx is None:
            idx = _build(using)
            _INDEXES[using] = idx
        return idx


def _build(using: str) -> DuplicateIndex:
    from redline.disclosure.models import Report

    idx = DuplicateIndex()
    rows = (Report.objects.using(using).filter(signature__isnull=False, duplicate_of__isnull=True)
            .prefetch_related("affected_models__organisation", "cue_entries"))

    def records():
        for report in rows.iterator(chunk_size=2000):
            model, cues = facets(report)
            yield str(report.pk), bytes(report.signature), model, cues

    idx.load(records())
    return idx


def add(report, text: str, *, model: str | None = None, cues: list[str] | None = None) -> bytes:
    """Index ``report`` and return its signature (the caller stores it); facets are read when not given."""
    if cues is None:
        model, cues = facets(report)
    return index().add(str(report.pk), text, model=model, cues=cues)


def remove(report) -> None:
    index().remove(str(report.pk))


def suggest(text: str, *, model: str | None, cues: list[str], exclude: int | None = None, k: int = 5,
            min_score: float = 0.35, visible=None, signature: bytes | None = None) -> list[DuplicateSuggestion]:
    """Likely duplicates of ``text``, checked against the database; ``visible`` limits them to a queryset."""
    import numpy as np

    from redline.disclosure.models import Report

    idx = index()
    query_sig = signature if signature is not None else idx.signature(text)
    found = idx.query_signature(query_sig, model=model, cues=cues, k=k * 2,
                                exclude=str(exclude) if exclude else None, min_score=min_score)
    if not found:
        return []
    qs = visible if visible is not None else Report.objects.all()
    rows = {r.pk: r for r in qs.filter(pk__in=[int(s.key) for s in found]).select_related("advisory")
            .only("pk", "title", "signature", "advisory__public_id", "advisory__state")}
    out = []
    for s in found:
        report = rows.get(int(s.key))
        if report is None or report.signature is None:
            continue
        stored = np.frombuffer(bytes(report.signature), dtype="<u4")
        if abs(float((stored == np.frombuffer(query_sig, dtype="<u4")).mean()) - s.similarity) > 1e-3:
            continue  # a stale entry (the same ID reused after a rollback)
        adv = getattr(report, "advisory", None)
        out.append(DuplicateSuggestion(report.pk, report.ref, report.title, s.score, s.similarity, s.same_model,
                                       s.shared_cues, adv.public_id if adv else None))
    return out[:k]
