"""Near-duplicate suggestions: finds paraphrases, boosts same model and CUE, survives a rebuild from bytes."""

from __future__ import annotations

import random

import pytest

from redline.core.dedup import DedupSettings, DuplicateIndex, shingles

BASE = ("The assistant model reveals its hidden system prompt when the user asks it to repeat "
        "everything above the first message, translated into French and formatted as a poem, "
        "which then exposes the internal tool names and the moderation rules to any visitor")


def corpus(n=300, seed=3):
    rng = random.Random(seed)
    vocab = [f"word{i}" for i in range(3000)]
    return {f"R{i}": " ".join(rng.choice(vocab) for _ in range(60)) for i in range(n)}


@pytest.fixture()
def index():
    idx = DuplicateIndex()
    for key, text in corpus().items():
        idx.add(key, text, model="other-model", cues=["CUE-0099"])
    idx.add("ORIG", BASE, model="Acme-7B", cues=["CUE-0054"])
    return idx


def test_shingles_are_normalised_word_trigrams():
    assert shingles("Hello, WORLD  of ai!") == {b"hello world of", b"world of ai"}
    assert shingles("two words") == {b"two", b"words"}
    assert shingles("") == set()


def test_a_light_paraphrase_is_the_top_suggestion(index):
    paraphrase = BASE.replace("French", "German").replace("poem", "song") + " again"
    [top, *_] = index.query(paraphrase)
    assert top.key == "ORIG" and top.similarity > 0.4
    assert index.query("completely unrelated text about gardening tomatoes in the summer sun") == []


def test_same_model_and_cue_boost_the_score(index):
    plain = index.query(BASE, k=1)[0]
    boosted = index.query(BASE, model=" acme-7b ", cues=["CUE-0054", "CUE-0001"], k=1)[0]
    assert boosted.same_model and boosted.shared_cues == ("CUE-0054",)
    assert plain.score < 1.0 or boosted.score == 1.0
    assert boosted.similarity == plain.similarity
    half = BASE[: len(BASE) // 2] + " and in the end nothing else of interest was found by the reporter"
    weak, strong = index.query(half, k=1)[0], index.query(half, model="acme-7b", cues=["CUE-0054"], k=1)[0]
    assert strong.score == pytest.approx(min(1.0, weak.score + 0.2), abs=1e-3)


def test_exclude_top_k_and_min_score(index):
    index.add("COPY", BASE, model="Acme-7B")
    keys = [s.key for s in index.query(BASE, k=5, exclude="ORIG")]
    assert keys == ["COPY"]
    assert index.query(BASE, k=1)[0].key in {"ORIG", "COPY"}
    assert index.query(BASE, min_score=1.01) == []


def test_rebuild_from_stored_signatures_gives_the_same_answers(index):
    stored = {}
    fresh = DuplicateIndex()
    for key, text in corpus(50).items():
        stored[key] = fresh.add(key, text)
    sig = fresh.add("ORIG", BASE, model="Acme-7B", cues=["CUE-0054"])
    assert isinstance(sig, bytes) and len(sig) == 4 * DedupSettings().num_perm
    rebuilt = DuplicateIndex()
    for key, blob in stored.items():
        rebuilt.add_signature(key, blob)
    rebuilt.add_signature("ORIG", sig, model="Acme-7B", cues=["CUE-0054"])
    query = BASE + " with a small change"
    assert rebuilt.query(query, model="Acme-7B") == fresh.query(query, model="Acme-7B")
    assert fresh.signature(BASE) == sig


@pytest.mark.parametrize("merge_every", [1, 7, 10_000])
def test_sorted_tables_and_unsorted_tail_give_the_same_answers(merge_every):
    texts = corpus(120, seed=9)
    texts["ORIG"] = BASE
    reference = DuplicateIndex(DedupSettings(merge_every=10_000))
    index = DuplicateIndex(DedupSettings(merge_every=merge_every))
    for key, text in texts.items():
        reference.add(key, text)
        index.add(key, text)
    index.remove("R5")
    reference.remove("R5")
    for probe in [BASE + " extra words here", texts["R5"], texts["R17"], "nothing like it at all"]:
        assert index.query(probe, k=10) == reference.query(probe, k=10)
    assert index.query(texts["R17"], k=1)[0].key == "R17"


def test_bulk_load_rebuilds_an_index_from_stored_rows():
    source = DuplicateIndex()
    rows = [(key, source.add(key, text, model="m", cues=["CUE-0001"]), "m", ["CUE-0001"])
            for key, text in corpus(40).items()]
    rebuilt = DuplicateIndex()
    rebuilt.load(rows)
    assert len(rebuilt) == 40
    probe = corpus(40)["R3"]
    assert rebuilt.query(probe, model="m") == source.query(probe, model="m")


def test_remove_replace_and_bad_signatures(index):
    n = len(index)
    index.remove("ORIG")
    index.remove("never-added")
    assert len(index) == n - 1 and "ORIG" not in index
    assert index.query(BASE) == []
    index.add("ORIG", BASE)
    index.add("ORIG", BASE, model="x")  # replacing a key keeps one copy
    assert len(index) == n
    with pytest.raises(ValueError, match="values"):
        index.add_signature("bad", b"\x00" * 12)


def test_signatures_are_datasketch_minhashes_whatever_came_before():
    from datasketch import MinHash

    from redline.core.dedup import MinHasher

    hasher = MinHasher()
    for text in [BASE, "", "two words", *corpus(5).values(), BASE]:  # the reused MinHash is cleared each time
        plain = MinHash(num_perm=128, seed=1)
        if shingles(text):
            plain.update_batch(list(shingles(text)))
        assert hasher.signature(text) == plain.hashvalues.astype("<u4").tobytes()
