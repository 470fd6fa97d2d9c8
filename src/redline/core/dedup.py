"""Near-duplicate suggestions for report intake and triage.

Text similarity is estimated with MinHash over word 3-shingles and candidates
are found with locality-sensitive hashing (``datasketch``), so a query touches
only the few documents that share an LSH band, not the whole database.  Each
candidate's score is its estimated Jaccard similarity plus a boost when it
names the same model and when it shares a CUE entry; the triager confirms.

Signatures are plain bytes (``num_perm`` little-endian uint32 values), so the
Django side can store them in a column and rebuild the index at start-up with
:meth:`DuplicateIndex.add_signature` without re-reading any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = 3) -> set[bytes]:
    """Word k-shingles of normalised (lower-cased, punctuation-free) text; short texts give their words."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {w.encode() for w in words}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class DedupSettings:
    """Tuning of the index; documents indexed under different settings are not comparable."""

    num_perm: int = 128
    threshold: float = 0.3
    shingle_size: int = 3
    seed: int = 1
    model_boost: float = 0.1
    cue_boost: float = 0.1


@dataclass(frozen=True)
class Suggestion:
    """A possible duplicate: combined ``score``, the text ``similarity`` it rests on, and why it was boosted."""

    key: str
    score: float
    similarity: float
    same_model: bool
    shared_cues: tuple[str, ...]


@dataclass
class _Doc:
    signature: np.ndarray
    model: str | None
    cues: frozenset[str]


@dataclass
class DuplicateIndex:
    """An in-memory MinHash-LSH index of reports, keyed by report ID."""

    settings: DedupSettings = field(default_factory=DedupSettings)

    def __post_init__(self) -> None:
        s = self.settings
        self._lsh = MinHashLSH(threshold=s.threshold, num_perm=s.num_perm)
        self._docs: dict[str, _Doc] = {}
        # One template MinHash holds the permutations; every signature is computed from it.
        self._template = MinHash(num_perm=s.num_perm, seed=s.seed)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, key: object) -> bool:
        return key in self._docs

    def signature(self, text: str) -> bytes:
        """The MinHash signature of ``text`` as bytes, for storage next to the report."""
        return self._minhash(text).hashvalues.astype("<u4").tobytes()

    def add(self, key: str, text: str, *, model: str | None = None, cues: Iterable[str] = ()) -> bytes:
        """Index a report's text; returns its signature so the caller can persist it."""
        sig = self.signature(text)
        self.add_signature(key, sig, model=model, cues=cues)
        return sig

    def add_signature(self, key: str, signature: bytes, *, model: str | None = None,
                      cues: Iterable[str] = ()) -> None:
        """Index a stored signature (rebuilding from the database); replaces an existing ``key``."""
        values = self._decode(signature)
        if key in self._docs:
            self.remove(key)
        self._docs[key] = _Doc(values, _norm_model(model), frozenset(cues))
        self._lsh.insert(key, self._wrap(values), check_duplication=False)

    def remove(self, key: str) -> None:
        """Drop a report from the index (e.g. withdrawn); unknown keys are ignored."""
        if self._docs.pop(key, None) is not None:
            self._lsh.remove(key)

    def query(self, text: str, *, model: str | None = None, cues: Iterable[str] = (), k: int = 5,
              exclude: str | None = None, min_score: float = 0.0) -> list[Suggestion]:
        """Up to ``k`` likely duplicates of ``text``, best first."""
        return self.query_signature(self.signature(text), model=model, cues=cues, k=k, exclude=exclude,
                                    min_score=min_score)

    def query_signature(self, signature: bytes, *, model: str | None = None, cues: Iterable[str] = (),
                        k: int = 5, exclude: str | None = None, min_score: float = 0.0) -> list[Suggestion]:
        """Like :meth:`query`, for a signature already computed."""
        values = self._decode(signature)
        candidates = [c for c in self._lsh.query(self._wrap(values)) if c != exclude]
        if not candidates:
            return []
        sigs = np.stack([self._docs[c].signature for c in candidates])
        similarity = (sigs == values).mean(axis=1)
        want_model, want_cues = _norm_model(model), frozenset(cues)
        out = []
        for key, sim in zip(candidates, similarity.tolist(), strict=True):
            doc = self._docs[key]
            same_model = want_model is not None and doc.model == want_model
            shared = tuple(sorted(want_cues & doc.cues))
            score = min(1.0, sim + self.settings.model_boost * same_model
                        + self.settings.cue_boost * bool(shared))
            if score >= min_score:
                out.append(Suggestion(key, round(score, 4), round(sim, 4), same_model, shared))
        out.sort(key=lambda s: (-s.score, s.key))
        return out[:k]

    def _minhash(self, text: str) -> MinHash:
        m = self._template.copy()
        grams = shingles(text, self.settings.shingle_size)
        if grams:
            m.update_batch(list(grams))
        return m

    def _decode(self, signature: bytes) -> np.ndarray:
        values = np.frombuffer(signature, dtype="<u4")
        if values.size != self.settings.num_perm:
            raise ValueError(f"signature has {values.size} values, index expects {self.settings.num_perm}")
        return values.astype(np.uint32)

    def _wrap(self, values: np.ndarray) -> MinHash:
        m = self._template.copy()
        m.hashvalues = values.copy()
        return m


def _norm_model(model: str | None) -> str | None:
    return model.strip().lower() if model and model.strip() else None
