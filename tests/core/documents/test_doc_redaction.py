"""Each audience sees exactly its sections; a restricted marker never reaches the public."""

import json

import pytest

from redline.core.documents import Reader, Viewer, diff_versions, reader_for, redact, render, revise
from redline.core.documents.document import Section


def restricted_markers(spec):
    return [marker for readership, marker in spec.values() if not readership.public]


def visible(rendering):
    return {s.key for s in rendering.sections if not s.withheld}


@pytest.mark.parametrize("viewer, expected", [
    (Viewer(), {"summary"}),
    (Viewer(False, {"ofcom": "regulator"}), {"summary", "regulators", "experts"}),
    (Viewer(False, {"lab": "research"}), {"summary", "reviewers", "experts"}),
    (Viewer(False, {"rival": "developer"}), {"summary", "developers"}),
    (Viewer(False, {"aisi": "coordinator"}), {"summary", "named"}),
    (Viewer(False, {"acme": "developer"}), "all"),
])
def test_each_audience_sees_exactly_its_sections(version, sections_spec, viewer, expected):
    expected = set(sections_spec) if expected == "all" else expected
    rendering = render(version, reader_for(viewer, owner="acme"))
    assert visible(rendering) == expected
    assert set(rendering.withheld) == set(sections_spec) - expected
    text = json.dumps(rendering.as_dict()) + rendering.markdown()
    for key, (_readership, marker) in sections_spec.items():
        assert (marker in text) == (key in expected), key


def test_withheld_sections_keep_title_and_say_why_and_to_whom(version):
    section = next(s for s in render(version, Reader.of()).sections if s.key == "experts")
    assert section.withheld and section.title == "Experts"
    assert section.body == ("[withheld: capability uplift: synthesis detail — available to: "
                            "regulators and auditors, independent reviewers and safety experts]")


def test_no_restricted_marker_reaches_any_public_surface(version, sections_spec):
    public = Reader.of()
    later = revise(version, author="alice", sections=tuple(
        Section(s.key, s.title, s.body.replace("MARKER-", "MARKER-V2-"), s.readership, s.restriction)
        for s in version.sections))
    surfaces = [
        json.dumps(render(version, public).as_dict()),
        render(later, public).markdown(),
        json.dumps(redact(later, public).as_dict()),
        repr(diff_versions(version, later, public)),
    ]
    for text in surfaces:
        assert "MARKER-PUBLIC" in text or "MARKER-V2-PUBLIC" in text
        for marker in restricted_markers(sections_spec):
            assert marker not in text
            assert marker.replace("MARKER-", "MARKER-V2-") not in text
    assert "withheld text changed" in surfaces[-1]


def test_a_regulator_build_includes_its_sections_and_no_others(version):
    text = render(version, Reader.of("regulators")).markdown()
    assert "MARKER-REGULATORS" in text and "MARKER-EXPERTS" in text
    assert "MARKER-REVIEWERS" not in text and "MARKER-INTERNAL" not in text


def test_claims_in_withheld_sections_are_withheld_too(make_version):
    from redline.core.documents import Claim, Readership, Restriction

    version = make_version(sections=(
        Section("s", "S", "open"),
        Section("r", "R", "closed", Readership.of("regulators"), Restriction("legal"),
                claims=(Claim("4.1", "SECRET-CLAIM", "done", ("https://example.org/e",)),)),
    ))
    assert "SECRET-CLAIM" not in json.dumps(render(version, Reader.of()).as_dict())
    assert "SECRET-CLAIM" in json.dumps(render(version, Reader.of("regulators")).as_dict())
    assert redact(version, Reader.of()).claims == ()
