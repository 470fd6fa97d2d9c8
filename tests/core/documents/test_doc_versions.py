"""Append-only versions and the public diff between them."""

import pytest

from redline.core.commitments import Effect
from redline.core.documents import (
    DocumentVersion,
    History,
    Reader,
    Readership,
    Restriction,
    Section,
    diff_versions,
    revise,
    unified,
)
from redline.core.errors import IllegalTransition, InvalidInput


def test_history_grows_one_version_at_a_time(version):
    history = History().append(version)
    second = revise(version, author="bob", title="Bio capability report, revised")
    history = history.append(second)
    assert [v.number for v in history.versions] == [1, 2]
    assert history.latest.author == "bob" and history.get(1).title == "Bio capability report"
    with pytest.raises(IllegalTransition, match="append version 2"):
        history.append(second)
    with pytest.raises(InvalidInput, match="no version 9"):
        history.get(9)


def test_a_new_version_keeps_kind_and_owner(version):
    history = History().append(version)
    other = DocumentVersion(2, "governance_card", "Card", "acme", "alice", version.sections,
                            version.recommendation)
    with pytest.raises(InvalidInput, match="kind and owner"):
        history.append(other)
    with pytest.raises(InvalidInput, match="owner cannot change"):
        revise(version, author="bob", owner="other")


def test_version_validation_names_the_problem(version):
    with pytest.raises(InvalidInput, match="'summary' is used twice"):
        revise(version, author="a", sections=version.sections + (Section("summary", "Again", "x"),))
    with pytest.raises(InvalidInput, match="unknown document kind 'memo'"):
        DocumentVersion(1, "memo", "T", "acme", "a", version.sections, version.recommendation)
    with pytest.raises(InvalidInput, match="at least one section"):
        revise(version, author="a", sections=())
    with pytest.raises(InvalidInput, match="key must be lower-case"):
        Section("Bad Key", "T")


def test_the_digest_changes_with_any_content(version):
    same = revise(version, author=version.author)
    assert same.number == 2
    assert revise(same, author="alice").digest() != same.digest()
    assert version.digest() == version.digest()


def test_diff_lists_changes_and_flags_narrower_audiences(version):
    sections = list(version.sections)
    sections[0] = Section("summary", "Summary", "New public text.", Readership.of("regulators"),
                          Restriction("legal"))
    sections[1] = Section("regulators", "Regulators", sections[1].body, Readership())
    sections = [s for s in sections if s.key != "developers"] + [Section("annex", "Annex", "More.")]
    new = revise(version, author="alice", sections=tuple(sections), title="Renamed")
    changes = {c.field: c for c in diff_versions(version, new)}
    assert changes["title"].effect is Effect.NEUTRAL
    assert changes["sections.summary.audiences"].effect is Effect.WEAKENS
    assert changes["sections.summary.audiences"].flagged
    assert changes["sections.regulators.audiences"].effect is Effect.STRENGTHENS
    assert changes["sections.developers"].note == "section removed" and changes["sections.developers"].flagged
    assert changes["sections.annex"].note == "section added"
    assert changes["sections.summary.body"].new == "New public text."


def test_unified_diff_of_markdown():
    lines = unified("a\nb\nc\n", "a\nB\nc\n")
    assert "-b" in lines and "+B" in lines
    assert not any(line.startswith(("---", "+++")) for line in lines)


def test_public_diff_reports_hidden_changes_without_their_text(version):
    sections = tuple(Section(s.key, s.title, s.body + " CHANGED-SECRET", s.readership, s.restriction)
                     if s.key == "internal" else s for s in version.sections)
    new = revise(version, author="alice", sections=sections)
    public = diff_versions(version, new, Reader.of())
    assert [c.note for c in public] == ["withheld text changed"]
    assert "CHANGED-SECRET" not in repr(public)
    owner_view = diff_versions(version, new, Reader.of("internal"))
    assert "CHANGED-SECRET" in owner_view[0].new
