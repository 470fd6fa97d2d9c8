"""Services: catalogue sync, proposals, decisions, IDs and versions."""

from __future__ import annotations

import dataclasses

import pytest

from redline.core import cue as core
from redline.core.errors import InvalidInput, PermissionDenied
from redline.enumeration import services
from redline.enumeration.models import CueEntry, CueEntryVersion, CueProposal
from redline.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

SHIPPED = core.load_catalogue()


def test_migrate_already_loaded_the_shipped_catalogue():
    assert CueEntry.objects.count() == len(SHIPPED.entries)
    first = CueEntry.objects.get(cue_id="CUE-0001")
    assert first.name == SHIPPED.entries[0].name
    assert first.atlas == list(SHIPPED.entries[0].mappings.atlas)
    assert first.owasp == list(SHIPPED.entries[0].mappings.owasp_llm)
    assert first.catalogue_version == SHIPPED.version
    assert first.versions.count() == 1


def test_sync_is_idempotent():
    before = (CueEntry.objects.count(), CueEntryVersion.objects.count(), LedgerEntry.objects.count())
    counts = services.sync_catalogue()
    assert counts == {"created": 0, "updated": 0, "unchanged": len(SHIPPED.entries)}
    assert (CueEntry.objects.count(), CueEntryVersion.objects.count(), LedgerEntry.objects.count()) == before


def test_sync_creates_missing_entries_and_never_deletes():
    added = dataclasses.replace(SHIPPED.entries[0], id="CUE-0999", name="Added in a later release")
    release = dataclasses.replace(SHIPPED, version="1.1.0", entries=(*SHIPPED.entries[1:], added))
    counts = services.sync_catalogue(source=release)
    assert counts["created"] == 1 and counts["updated"] == 0
    assert CueEntry.objects.get(cue_id="CUE-0999").versions.count() == 1
    assert CueEntry.objects.filter(cue_id="CUE-0001").exists()  # left out of the release, still here
    assert CueEntry.objects.count() == len(SHIPPED.entries) + 1


def _release(version: str, **changes) -> core.CueCatalogue:
    first = dataclasses.replace(SHIPPED.entries[0], **changes)
    return dataclasses.replace(SHIPPED, version=version, entries=(first, *SHIPPED.entries[1:]))


def test_a_new_release_versions_only_changed_entries_and_keeps_old_versions():
    counts = services.sync_catalogue(source=_release("1.1.0", name="Biological weapon uplift"))
    assert counts == {"created": 0, "updated": 1, "unchanged": len(SHIPPED.entries) - 1}
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    assert (entry.name, entry.version, entry.catalogue_version) == ("Biological weapon uplift", 2, "1.1.0")
    versions = list(entry.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].snapshot["name"] == SHIPPED.entries[0].name
    assert versions[1].reason == "CUE catalogue 1.1.0"
    assert CueEntry.objects.get(cue_id="CUE-0002").version == 1
    assert services.sync_catalogue(source=_release("1.1.0", name="Biological weapon uplift"))["updated"] == 0


def test_resyncing_the_same_release_keeps_accepted_edits(contributor, maintainer):
    entry = CueEntry.objects.get(cue_id="CUE-0003")
    proposal = services.propose(contributor, "edit", {"name": "A better name"}, target=entry)
    services.accept(maintainer, proposal, "clearer")
    services.sync_catalogue()
    assert CueEntry.objects.get(cue_id="CUE-0003").name == "A better name"


def test_accepting_a_new_entry_gives_the_next_free_id(contributor, maintainer, new_fields):
    highest = max(e.id for e in SHIPPED.entries)
    expected = f"CUE-{int(highest[4:]) + 1:04d}"
    proposal = services.propose(contributor, "new", new_fields, rationale="seen in the wild")
    assert proposal.state == "open" and proposal.fields["name"] == new_fields["name"]
    entry = services.accept(maintainer, proposal, "useful")
    assert entry.cue_id == expected
    assert entry.version == 1 and entry.category == "fraud_scams" and entry.atlas == ["AML.T0048"]
    version = entry.versions.get()
    assert version.created_by == contributor and "useful" in version.reason
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.result) == ("accepted", maintainer, entry)
    second = services.accept(maintainer, services.propose(contributor, "new", {**new_fields, "name": "Other"}))
    assert second.cue_id == f"CUE-{int(highest[4:]) + 2:04d}"


def test_accepting_an_edit_makes_a_new_version(contributor, maintainer):
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    proposal = services.propose(contributor, "edit", {"name": entry.name, "owasp": ["LLM01:2025", "LLM06:2025"]},
                                target=entry)
    assert proposal.fields == {"owasp": ["LLM01:2025", "LLM06:2025"]}  # unchanged fields are dropped
    services.accept(maintainer, proposal)
    entry.refresh_from_db()
    assert entry.version == 2 and entry.owasp == ["LLM01:2025", "LLM06:2025"]
    assert list(entry.versions.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert entry.versions.get(version=1).snapshot["owasp"] == ["LLM01:2025"]


def test_reject_needs_a_reason_and_changes_nothing(contributor, maintainer):
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    proposal = services.propose(contributor, "edit", {"name": "Renamed"}, target=entry)
    with pytest.raises(InvalidInput, match="^reason: "):
        services.reject(maintainer, proposal, "  ")
    services.reject(maintainer, proposal, "keeps the established name")
    proposal.refresh_from_db()
    assert proposal.state == "rejected" and proposal.decision_reason == "keeps the established name"
    entry.refresh_from_db()
    assert entry.name != "Renamed" and entry.version == 1


def test_a_decided_proposal_cannot_be_decided_again(contributor, maintainer, new_fields):
    proposal = services.propose(contributor, "new", new_fields)
    services.reject(maintainer, proposal, "duplicate")
    with pytest.raises(InvalidInput, match="^state: "):
        services.accept(maintainer, proposal)
    assert CueEntry.objects.filter(name=new_fields["name"]).count() == 0


def test_only_maintainers_decide(contributor, new_fields):
    proposal = services.propose(contributor, "new", new_fields)
    with pytest.raises(PermissionDenied):
        services.accept(contributor, proposal)
    with pytest.raises(PermissionDenied):
        services.reject(contributor, proposal, "no")
    assert CueProposal.objects.get(pk=proposal.pk).state == "open"


def test_anonymous_cannot_propose(new_fields):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.propose(AnonymousUser(), "new", new_fields)


@pytest.mark.parametrize("change,field", [
    ({"name": "  "}, "name"),
    ({"category": "astrology"}, "category"),
    ({"description": "too short"}, "description"),
    ({"threat_actors": ["martians"]}, "threat_actors"),
    ({"harm_tiers": ["apocalyptic"]}, "harm_tiers"),
    ({"atlas": ["T1059"]}, "atlas"),
    ({"avid": ["X9999"]}, "avid"),
    ({"owasp": ["LLM11:2025"]}, "owasp"),
    ({"aiid": ["MIT:9.9"]}, "aiid"),
    ({"atlas": ["AML.T0048", "AML.T0048"]}, "atlas"),
    ({"colour": "red"}, "colour"),
])
def test_bad_fields_name_the_field(contributor, new_fields, change, field):
    with pytest.raises(InvalidInput, match=f"^{field}: "):
        services.propose(contributor, "new", {**new_fields, **change})
    assert CueProposal.objects.count() == 0


def test_a_new_entry_needs_its_required_fields(contributor):
    with pytest.raises(InvalidInput, match="^name: is required"):
        services.propose(contributor, "new", {"category": "privacy"})


def test_edit_rules(contributor, new_fields):
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    with pytest.raises(InvalidInput, match="^target: "):
        services.propose(contributor, "edit", {"name": "x"})
    with pytest.raises(InvalidInput, match="^target: "):
        services.propose(contributor, "new", new_fields, target=entry)
    with pytest.raises(InvalidInput, match="^fields: the edit changes nothing"):
        services.propose(contributor, "edit", {"name": entry.name}, target=entry)
    with pytest.raises(InvalidInput, match="^kind: "):
        services.propose(contributor, "merge", new_fields)


def test_codes_may_be_given_as_text(contributor, new_fields):
    proposal = services.propose(contributor, "new", {**new_fields, "atlas": "AML.T0048, AML.T0054", "avid": ""})
    assert proposal.fields["atlas"] == ["AML.T0048", "AML.T0054"] and proposal.fields["avid"] == []


def test_entries_and_proposals_are_ledgered(contributor, maintainer, new_fields):
    before = LedgerEntry.objects.count()
    entry = services.accept(maintainer, services.propose(contributor, "new", new_fields))
    types = list(LedgerEntry.objects.filter(seq__gt=before).values_list("object_type", "object_id"))
    assert ("enumeration.cueentry", entry.cue_id) in types
    assert any(t == "enumeration.cueproposal" for t, _ in types)
