"""Audiences, viewers, restriction reasons and the rules that tie them to sections."""

import pytest

from redline.core.documents import (
    Audience,
    AudienceRecommendation,
    Reader,
    Readership,
    Restriction,
    Section,
    Viewer,
    may_read,
    parse_audience,
    reader_for,
)
from redline.core.errors import InvalidInput


def test_parse_audience_accepts_the_cli_values_and_names_the_field():
    assert [parse_audience(v) for v in ("public", "Regulators", " reviewers ", "developers", "internal")] == [
        Audience.PUBLIC, Audience.REGULATORS, Audience.REVIEWERS, Audience.DEVELOPERS, Audience.INTERNAL]
    with pytest.raises(InvalidInput, match=r"^audience: unknown audience 'press'"):
        parse_audience("press")


@pytest.mark.parametrize("kwargs, message", [
    (dict(audiences=frozenset()), "at least one audience"),
    (dict(audiences=frozenset({Audience.PUBLIC, Audience.REGULATORS})), "public' already includes"),
    (dict(audiences=frozenset({Audience.NAMED})), "'named' needs the slugs"),
    (dict(audiences=frozenset({Audience.REGULATORS}), organisations=frozenset({"aisi"})), "'named' needs"),
])
def test_readership_refuses_contradictions(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        Readership(**kwargs)


def test_readership_label_lists_audiences_in_fixed_order_with_named_slugs():
    readership = Readership.of("named", "regulators", organisations=["zeta", "aisi"])
    assert readership.label() == "regulators and auditors, named organisations (aisi, zeta)"
    assert readership.as_dict() == {"audiences": ["regulators", "named"], "organisations": ["aisi", "zeta"]}


def test_a_restricted_section_without_a_reason_is_refused():
    with pytest.raises(InvalidInput, match="a restricted section needs a reason"):
        Section("details", "Details", "text", Readership.of("regulators"))


def test_a_public_section_takes_no_reason():
    with pytest.raises(InvalidInput, match="a public section takes no restriction reason"):
        Section("details", "Details", "text", Readership(), Restriction("legal"))


def test_restriction_reasons_are_a_fixed_list_with_free_text():
    assert Restriction("exploit_detail", "  working   jailbreak ").label() == "exploit detail: working jailbreak"
    with pytest.raises(InvalidInput, match="unknown reason 'embarrassing'"):
        Restriction("embarrassing")
    with pytest.raises(InvalidInput, match="300 characters"):
        Restriction("legal", "x" * 301)


def test_recommendation_needs_a_rationale():
    with pytest.raises(InvalidInput, match="say why"):
        AudienceRecommendation(Readership.of("regulators"), "  ")


@pytest.mark.parametrize("memberships, expected", [
    ({}, {Audience.PUBLIC}),
    ({"ofcom": "regulator"}, {Audience.PUBLIC, Audience.REGULATORS, Audience.NAMED}),
    ({"lab": "research"}, {Audience.PUBLIC, Audience.REVIEWERS, Audience.NAMED}),
    ({"panel": "reviewer"}, {Audience.PUBLIC, Audience.REVIEWERS, Audience.NAMED}),
    ({"rival": "developer"}, {Audience.PUBLIC, Audience.DEVELOPERS, Audience.NAMED}),
    ({"ops": "coordinator"}, {Audience.PUBLIC, Audience.NAMED}),
    ({"acme": "developer"}, {Audience.PUBLIC, Audience.INTERNAL}),
])
def test_reader_for_maps_memberships_to_audiences(memberships, expected):
    viewer = Viewer(anonymous=not memberships, organisations=memberships)
    reader = reader_for(viewer, owner="acme")
    assert reader.audiences == expected
    assert reader.organisations == frozenset(memberships) - {"acme"}


def test_an_anonymous_viewer_cannot_belong_to_organisations():
    with pytest.raises(InvalidInput, match="anonymous viewer"):
        Viewer(anonymous=True, organisations={"acme": "developer"})


def test_named_sections_reach_only_the_named_organisations():
    section = Readership.of("named", organisations=["aisi"])
    assert may_read(section, reader_for(Viewer(False, {"aisi": "regulator"}), owner="acme"))
    assert not may_read(section, reader_for(Viewer(False, {"other": "regulator"}), owner="acme"))
    assert may_read(section, Reader.of(organisations=["aisi"]))
    assert not may_read(section, Reader.of("regulators"))


def test_owner_members_read_every_section_and_others_only_their_own():
    owner = reader_for(Viewer(False, {"acme": "developer"}), owner="acme")
    assert may_read(Readership.of("internal"), owner)
    assert may_read(Readership.of("regulators"), owner)
    assert not may_read(Readership.of("internal"), Reader.of("regulators", "reviewers", "developers"))
