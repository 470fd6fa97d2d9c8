"""A document with one section per audience, each carrying its own marker string."""

from __future__ import annotations

import pytest

from redline.core.documents import (
    AudienceRecommendation,
    DocumentVersion,
    Readership,
    Restriction,
    Section,
)

OWNER = "acme"

#: section key → (readership, marker)
SECTIONS = {
    "summary": (Readership(), "MARKER-PUBLIC"),
    "regulators": (Readership.of("regulators"), "MARKER-REGULATORS"),
    "reviewers": (Readership.of("reviewers"), "MARKER-REVIEWERS"),
    "developers": (Readership.of("developers"), "MARKER-DEVELOPERS"),
    "named": (Readership.of("named", organisations=["aisi"]), "MARKER-NAMED"),
    "internal": (Readership.of("internal"), "MARKER-INTERNAL"),
    "experts": (Readership.of("regulators", "reviewers"), "MARKER-EXPERTS"),
}


def _make_version(number: int = 1, **changes) -> DocumentVersion:
    sections = tuple(
        Section(key, key.title(), f"Text of {key}: {marker}.", readership,
                None if readership.public else Restriction("capability_uplift", "synthesis detail"))
        for key, (readership, marker) in SECTIONS.items()
    )
    fields = dict(number=number, kind="capability_report", title="Bio capability report", owner=OWNER,
                  author="alice", sections=sections,
                  recommendation=AudienceRecommendation(Readership(), "public by default after review"))
    fields.update(changes)
    return DocumentVersion(**fields)


@pytest.fixture
def make_version():
    """Build a version of the sample document; keyword arguments replace its fields."""
    return _make_version


@pytest.fixture
def version() -> DocumentVersion:
    return _make_version()


@pytest.fixture
def sections_spec() -> dict:
    return SECTIONS
