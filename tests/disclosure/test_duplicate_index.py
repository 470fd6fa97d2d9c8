"""The near-duplicate index in the database: the same suggestions as the in-memory index, transactional."""

from __future__ import annotations

import random

import pytest
from django.db import transaction

from redline.core.dedup import DuplicateIndex

BASE = ("The assistant reveals its hidden system prompt when asked to repeat everything above the first "
        "message, translated into French and formatted as a poem, exposing the internal tool names")


def _corpus(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"word{i}" for i in range(400)]  # a small vocabulary, so unrelated reports share some bands
    return [" ".join(rng.choice(vocab) for _ in range(30)) for _ in range(n)]


def _sub(world, title, description, **kw):
    from redline.disclosure.intake import Submission

    return Submission(title=title, description=description, accepted_terms=world.terms.version, **kw)


@pytest.fixture
def stored(world):
    """60 reports (random texts, paraphrases of BASE, models and CUE entries mixed) stored in three batches."""
    from redline.disclosure.intake import submit_many
    from redline.enumeration.models import CueEntry

    cue_ids = list(CueEntry.objects.order_by("pk").values_list("pk", flat=True)[:3])
    rng = random.Random(11)
    subs = []
    for i, text in enumerate(_corpus(48)):
        subs.append(_sub(world, f"report {i}", text, models=[rng.choice(["aurora/aurora-2", "forge/forge-8b"])],
                         cue_ids=[rng.choice(cue_ids)] if cue_ids and i % 2 else []))
    for i in range(12):
        words = BASE.split()
        words[rng.randrange(len(words))] = f"changed{i}"
        subs.append(_sub(world, f"leak {i}", " ".join(words), models=["aurora/aurora-2"] if i % 3 else [],
                         affected_systems=[] if i % 3 else [{"vendor": "Someone", "model": "Free Text 1"}],
                         cue_ids=cue_ids[:1] if i % 2 else []))
    rng.shuffle(subs)
    done = []
    for start in (0, 20, 40):
        done += submit_many(subs[start:start + 20])
    return done, cue_ids


def _reference(done):
    """The in-memory index, loaded as the old per-process index was: every report with its facets."""
    from redline.disclosure import duplicates

    ref = DuplicateIndex()
    for item in done:
        model, cues = duplicates.facets(item.report)
        ref.add_signature(str(item.report.pk), bytes(item.report.signature), model=model, cues=cues)
    return ref


def test_the_database_index_suggests_what_the_in_memory_index_does(stored):
    from redline.disclosure import duplicates

    done, cue_ids = stored
    ref = _reference(done)
    probes = [(BASE, "aurora/aurora-2", cue_ids[:1]), (BASE + " once more", None, []),
              (BASE, "Free Text 1", []), (done[3].report.description, "forge/forge-8b", cue_ids[1:2]),
              (_corpus(1, seed=99)[0], None, cue_ids)]
    compared = 0
    for text, model, cues in probes:
        for min_score in (0.0, 0.35):
            ours = duplicates.suggest(text, model=model, cues=cues, k=8, min_score=min_score)
            theirs = ref.query(text, model=model, cues=cues, k=8, min_score=min_score)
            assert [(str(s.report_id), s.score, s.similarity, s.same_model, s.shared_cues) for s in ours] == \
                [(s.key, s.score, s.similarity, s.same_model, s.shared_cues) for s in theirs]
            compared += len(ours)
    assert compared > 20  # the probes found something to compare
    assert any(s.same_model for s in duplicates.suggest(BASE, model="Free Text 1", cues=[]))


def test_a_batch_is_compared_in_order_and_links_each_report_to_earlier_ones(world):
    from redline.disclosure.intake import submit_many
    from redline.disclosure.models import DuplicateBand, DuplicateLink

    first, second, third = submit_many([_sub(world, "leak", BASE), _sub(world, "leak again", BASE + " again"),
                                        _sub(world, "other", _corpus(1)[0])])
    assert first.suggestions == []
    assert [s.report_id for s in second.suggestions] == [first.report.pk]
    assert third.suggestions == []
    assert list(DuplicateLink.objects.values_list("report", "original")) == [(second.report.pk, first.report.pk)]
    assert DuplicateBand.objects.filter(report=first.report).count() == 37


def test_a_rolled_back_report_is_never_suggested(world, submit):
    from redline.disclosure import duplicates
    from redline.disclosure.models import DuplicateBand

    with pytest.raises(RuntimeError), transaction.atomic():
        submit(title="leak", description=BASE)
        assert duplicates.suggest(BASE, model=None, cues=[])  # visible inside its own transaction
        raise RuntimeError("roll back")
    assert duplicates.suggest(BASE, model=None, cues=[]) == []
    assert not DuplicateBand.objects.exists()


def test_a_confirmed_duplicate_is_no_longer_suggested_but_its_original_is(world, submit):
    from redline.disclosure import duplicates, services

    original = submit(title="leak", description=BASE).report
    copy = submit(title="leak again", description=BASE + " again").report
    assert {s.report_id for s in duplicates.suggest(BASE, model=None, cues=[])} == {original.pk, copy.pk}
    services.mark_duplicate(world.triager, copy, original, world.aurora)
    assert [s.report_id for s in duplicates.suggest(BASE, model=None, cues=[])] == [original.pk]


def test_suggestions_respect_the_visible_queryset(world, submit):
    from redline.disclosure import duplicates
    from redline.disclosure.models import Report

    mine = submit(title="leak", description=BASE).report
    theirs = submit(title="leak", description=BASE, models=["forge/forge-8b"]).report
    only_mine = Report.objects.filter(pk=mine.pk)
    assert [s.report_id for s in duplicates.suggest(BASE, model=None, cues=[], visible=only_mine)] == [mine.pk]
    assert {s.report_id for s in duplicates.suggest(BASE, model=None, cues=[])} == {mine.pk, theirs.pk}


def test_rebuild_writes_the_same_bands_from_stored_signatures(stored):
    from redline.disclosure import duplicates
    from redline.disclosure.models import DuplicateBand

    before = sorted(DuplicateBand.objects.values_list("band", "report_id"))
    DuplicateBand.objects.all().delete()
    assert duplicates.suggest(BASE, model=None, cues=[]) == []
    assert duplicates.rebuild() == len(before) == 60 * 37
    assert sorted(DuplicateBand.objects.values_list("band", "report_id")) == before


def test_ledger_verify_names_a_report_whose_bands_were_changed(world, submit):
    from redline.disclosure import duplicates
    from redline.disclosure.models import DuplicateBand
    from redline.ledger.services import verify

    kept = submit(title="leak", description=BASE).report
    report = submit(title="other", description=_corpus(1)[0]).report
    assert verify() is None
    DuplicateBand.objects.filter(report=report).first().delete()  # one band lost: a duplicate could hide
    problem = verify()
    assert problem is not None and f"disclosure.report {report.pk}: duplicate-index bands" in problem.reason
    duplicates.rebuild()
    assert verify() is None
    DuplicateBand.objects.filter(report=kept).update(report=report)  # bands moved to another report
    assert "duplicate-index bands" in verify().reason
