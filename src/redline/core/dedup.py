"""Near-duplicate suggestions for report intake and triage.

Text similarity is estimated with MinHash (``datasketch``) over word
3-shingles; candidates come from locality-sensitive hashing over bands of the
signature, so a query touches only the documents that share a band, not the
whole database.  A candidate's score is its estimated Jaccard similarity plus a
boost when it names the same model and when it shares a CUE entry; the
triager confirms.

Why our own band tables rather than ``datasketch.MinHashLSH``: its
dict-of-sets storage costs about 12 KB per document at 128 permutations
(2.3 GB for 200,000 reports), while one sorted numpy table of band hashes with
a small unsorted tail costs about 1 KB, with the same banding
(``datasketch``'s own optimal ``(bands, rows)`` choice for the threshold).

Signatures are plain bytes (``num_perm`` little-endian uint32 values, from
datasketch 2.0's default ``affine32`` scheme), so the Django side can store
them in a column.  :class:`MinHasher` makes signatures and band keys (signed
64-bit integers, storable in an indexed ``BIGINT`` column) and :func:`rank`
scores candidates, so a database-backed index (``redline.disclosure.duplicates``,
one table of band keys shared by every process) and the in-memory
:class:`DuplicateIndex` give the same suggestions.  The in-memory index is not
thread-safe; guard it with a lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

_WORD = re.compile(r"\w+", re.UNICODE)
_FNV_PRIME = np.uint64(0x100000001B3)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)


def shingles(text: str, k: int = 3) -> set[bytes]:
    """Word k-shingles of normalised (lower-cased, punctuation-free) text; short texts give their words."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {w.encode() for w in words}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class DedupSettings:
    """Tuning of the index; signatures made under different settings are not comparable."""

    num_perm: int = 128
    threshold: float = 0.3
    shingle_size: int = 3
    seed: int = 1
    model_boost: float = 0.1
    cue_boost: float = 0.1
    #: Unsorted insertions kept before they are merged into the sorted band tables.
    merge_every: int = 4096


@dataclass(frozen=True)
class Suggestion:
    """A possible duplicate: combined ``score``, the text ``similarity`` it rests on, and why it was boosted."""

    key: str
    score: float
    similarity: float
    same_model: bool
    shared_cues: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A stored report that shares at least one band with a query: its signature and facets."""

    key: str
    signature: bytes
    models: tuple[str, ...] = ()
    cues: frozenset[str] = frozenset()


class MinHasher:
    """Signatures, band hashes and similarity under one :class:`DedupSettings`."""

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.settings = s = settings or DedupSettings()
        self.bands, self.rows = _optimal_param(s.threshold, s.num_perm, 0.5, 0.5)
        self._template = MinHash(num_perm=s.num_perm, seed=s.seed)
        self._local = threading.local()  # one reusable MinHash per thread: a copy costs more than the hashing
        # Band hashes are seeded by band number, so equal cells in different bands never collide.
        self._band_seeds = _FNV_OFFSET ^ np.arange(self.bands, dtype=np.uint64)

    def signature(self, text: str) -> bytes:
        """The MinHash signature of ``text`` as bytes, for storage next to the report."""
        m = getattr(self._local, "minhash", None)
        if m is None:
            m = self._local.minhash = self._template.copy()
        else:
            m.clear()
        grams = shingles(text, self.settings.shingle_size)
        if grams:
            m.update_batch(list(grams))
        return m.hashvalues.astype("<u4").tobytes()

    def decode(self, signature: bytes) -> np.ndarray:
        values = np.frombuffer(signature, dtype="<u4")
        if values.size != self.settings.num_perm:
            raise ValueError(f"signature has {values.size} values, index expects {self.settings.num_perm}")
        return values.astype(np.uint32)

    def band_hashes(self, sig: np.ndarray) -> np.ndarray:
        """One 64-bit FNV-style hash per band of ``sig`` (wrap-around arithmetic is intended)."""
        cells = sig[: self.bands * self.rows].reshape(self.bands, self.rows).astype(np.uint64)
        h = self._band_seeds.copy()
        for col in range(self.rows):
            h = (h ^ cells[:, col]) * _FNV_PRIME
        return h

    def band_keys(self, signature: bytes) -> list[int]:
        """The band hashes of a stored signature as signed 64-bit integers (an SQL ``BIGINT``)."""
        return self.band_hashes(self.decode(signature)).view(np.int64).tolist()

    def similarity(self, signature: bytes, others: list[bytes]) -> list[float]:
        """Estimated Jaccard similarity of ``signature`` with each of ``others``."""
        if not others:
            return []
        values = self.decode(signature)
        matrix = np.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), -1)
        return (matrix == values).mean(axis=1).tolist()

    @property
    def most_boost(self) -> float:
        """The largest boost a candidate can get, so a caller may skip reading facets of weaker ones."""
        return self.settings.model_boost + self.settings.cue_boost


def score(settings: DedupSettings, similarity: float, same_model: bool, shared_cues: bool) -> float:
    """Similarity plus the model and CUE boosts, capped at 1."""
    return min(1.0, similarity + settings.model_boost * same_model + settings.cue_boost * shared_cues)


def rank(hasher: MinHasher, signature: bytes, candidates: Iterable[Candidate], *, model: str | None = None,
         cues: Iterable[str] = (), k: int = 5, exclude: str | None = None,
         min_score: float = 0.0) -> list[Suggestion]:
    """Up to ``k`` of ``candidates`` scored against ``signature``, best first (as :meth:`DuplicateIndex.query`).

    A candidate names the same model when any of its ``models`` is the query's ``model``.
    """
    live = [c for c in candidates if c.key != exclude]
    want_model, want_cues = _norm_model(model), frozenset(cues)
    out = []
    for c, sim in zip(live, hasher.similarity(signature, [c.signature for c in live]), strict=True):
        same_model = want_model is not None and want_model in {_norm_model(m) for m in c.models}
        shared = tuple(sorted(want_cues & c.cues))
        value = score(hasher.settings, sim, same_model, bool(shared))
        if value >= min_score:
            out.append(Suggestion(c.key, round(value, 4), round(sim, 4), same_model, shared))
    out.sort(key=lambda s: (-s.score, s.key))
    return out[:k]


@dataclass
class DuplicateIndex:
    """An in-memory MinHash-LSH index of reports, keyed by report ID (the reference for the database index)."""

    settings: DedupSettings = field(default_factory=DedupSettings)

    def __post_init__(self) -> None:
        s = self.settings
        self.hasher = MinHasher(s)
        self.bands, self.rows = self.hasher.bands, self.hasher.rows
        self._ids: dict[str, int] = {}
        self._keys: list[str | None] = []  # internal id -> key (None once removed)
        self._sigs = np.zeros((1024, s.num_perm), dtype=np.uint32)
        self._models: list[str | None] = []
        self._cues: list[frozenset[str]] = []
        self._interned: dict[frozenset[str], frozenset[str]] = {}
        self._live = 0
        # One sorted table for all bands: band hashes and the internal id each belongs to.
        self._band_keys = np.zeros(0, dtype=np.uint64)
        self._band_ids = np.zeros(0, dtype=np.int64)
        self._tail_keys: list[np.ndarray] = []
        self._tail_ids: list[int] = []
        self._tail_matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return self._live

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    # --- signatures ---------------------------------------------------------------------

    def signature(self, text: str) -> bytes:
        """The MinHash signature of ``text`` as bytes, for storage next to the report."""
        return self.hasher.signature(text)

    def _decode(self, signature: bytes) -> np.ndarray:
        return self.hasher.decode(signature)

    def _band_hashes(self, sig: np.ndarray) -> np.ndarray:
        return self.hasher.band_hashes(sig)

    # --- adding and removing ------------------------------------------------------------

    def add(self, key: str, text: str, *, model: str | None = None, cues: Iterable[str] = ()) -> bytes:
        """Index a report's text; returns its signature so the caller can persist it."""
        sig = self.signature(text)
        self.add_signature(key, sig, model=model, cues=cues)
        return sig

    def add_signature(self, key: str, signature: bytes, *, model: str | None = None,
                      cues: Iterable[str] = ()) -> None:
        """Index a stored signature; replaces an existing ``key``."""
        values = self._decode(signature)
        self.remove(key)
        doc = len(self._keys)
        if doc == self._sigs.shape[0]:
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        self._sigs[doc] = values
        self._keys.append(key)
        self._ids[key] = doc
        self._models.append(_norm_model(model))
        cue_set = frozenset(cues)
        self._cues.append(self._interned.setdefault(cue_set, cue_set))
        self._live += 1
        self._tail_keys.append(self._band_hashes(values))
        self._tail_ids.append(doc)
        self._tail_matrix = None
        if len(self._tail_ids) >= self.settings.merge_every:
            self._merge()

    def load(self, records: Iterable[tuple[str, bytes, str | None, Iterable[str]]]) -> None:
        """Bulk-add ``(key, signature, model, cues)`` records, e.g. every stored report at start-up."""
        for key, signature, model, cues in records:
            self.add_signature(key, signature, model=model, cues=cues)
        self._merge()

    def remove(self, key: str) -> None:
        """Drop a report from the index (e.g. withdrawn); unknown keys are ignored."""
        doc = self._ids.pop(key, None)
        if doc is not None:
            self._keys[doc] = None
            self._live -= 1

    def _merge(self) -> None:
        """Fold the unsorted tail into the sorted table (a linear merge), dropping removed documents."""
        keys, ids = self._band_keys, self._band_ids
        if self._live < len(self._keys) and ids.size:
            alive = np.array([k is not None for k in self._keys], dtype=bool)
            keep = alive[ids]
            keys, ids = keys[keep], ids[keep]
        if self._tail_ids:
            tail_keys = np.concatenate(self._tail_keys)
            tail_ids = np.repeat(np.asarray(self._tail_ids, dtype=np.int64), self.bands)
            order = np.argsort(tail_keys, kind="stable")
            tail_keys, tail_ids = tail_keys[order], tail_ids[order]
            at = np.searchsorted(keys, tail_keys, side="right")
            keys, ids = np.insert(keys, at, tail_keys), np.insert(ids, at, tail_ids)
        self._band_keys, self._band_ids = keys, ids
        self._tail_keys, self._tail_ids, self._tail_matrix = [], [], None

    # --- querying -----------------------------------------------------------------------

    def query(self, text: str, *, model: str | None = None, cues: Iterable[str] = (), k: int = 5,
              exclude: str | None = None, min_score: float = 0.0) -> list[Suggestion]:
        """Up to ``k`` likely duplicates of ``text``, best first."""
        return self.query_signature(self.signature(text), model=model, cues=cues, k=k, exclude=exclude,
                                    min_score=min_score)

    def query_signature(self, signature: bytes, *, model: str | None = None, cues: Iterable[str] = (),
                        k: int = 5, exclude: str | None = None, min_score: float = 0.0) -> list[Suggestion]:
        """Like :meth:`query`, for a signature already computed."""
        values = self._decode(signature)
        live = [(d, key) for d in self._candidates(self._band_hashes(values))
                if (key := self._keys[d]) is not None and key != exclude]
        if not live:
            return []
        similarity = (self._sigs[[d for d, _ in live]] == values).mean(axis=1)
        want_model, want_cues = _norm_model(model), frozenset(cues)
        out = []
        for (doc, key), sim in zip(live, similarity.tolist(), strict=True):
            same_model = want_model is not None and self._models[doc] == want_model
            shared = tuple(sorted(want_cues & self._cues[doc]))
            value = score(self.settings, sim, same_model, bool(shared))
            if value >= min_score:
                out.append(Suggestion(key, round(value, 4), round(sim, 4), same_model, shared))
        out.sort(key=lambda s: (-s.score, s.key))
        return out[:k]

    def _candidates(self, qkeys: np.ndarray) -> list[int]:
        found: set[int] = set()
        if self._band_keys.size:
            lo = np.searchsorted(self._band_keys, qkeys, side="left")
            hi = np.searchsorted(self._band_keys, qkeys, side="right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                if b > a:
                    found.update(self._band_ids[a:b].tolist())
        if self._tail_ids:
            if self._tail_matrix is None:
                self._tail_matrix = np.stack(self._tail_keys)
            hits = (self._tail_matrix == qkeys).any(axis=1)
            found.update(np.asarray(self._tail_ids)[hits].tolist())
        return sorted(found)


def _norm_model(model: str | None) -> str | None:
    return model.strip().lower() if model and model.strip() else None
