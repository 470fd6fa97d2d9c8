"""Claim statuses and flags; the governance-card and transparency-report templates."""

import pytest

from redline.core.documents import (
    GOVERNANCE_CARD,
    TRANSPARENCY_REPORT,
    AudienceRecommendation,
    Claim,
    ClaimStatus,
    Readership,
    flagged,
    new_from_template,
    require_supported,
)
from redline.core.errors import InvalidInput


@pytest.mark.parametrize("status, evidence, reason, flags", [
    ("done", (), "", ("stated done without evidence",)),
    ("partial", (), "", ("stated partial without evidence",)),
    ("planned", (), "", ("no reason given",)),
    ("not_yet_feasible", (), "", ("no reason given",)),
    ("done", ("https://example.org/eval/1",), "", ()),
    ("partial", ("/evidence/12/",), "", ()),
    ("planned", (), "after the Q4 red-team", ()),
    ("not_yet_feasible", (), "no method measures this yet", ()),
])
def test_claim_flags(status, evidence, reason, flags):
    claim = Claim("4.1", "Bio uplift is measured", status, evidence, reason)
    assert claim.flags == flags
    assert claim.as_dict()["flags"] == list(flags)


def test_claim_validation():
    with pytest.raises(InvalidInput, match="unknown status 'maybe'"):
        Claim("4.1", "x", "maybe")
    with pytest.raises(InvalidInput, match="evidence 'see slack' is not a URL"):
        Claim("4.1", "x", "done", ("see slack",))
    with pytest.raises(InvalidInput, match="statement is empty"):
        Claim("4.1", " ", "done")


def test_flagged_and_require_supported():
    good = Claim("2.1", "Thresholds in force", ClaimStatus.DONE, ("/commitments/3/",))
    bad = Claim("6.5", "We run a bounty", ClaimStatus.DONE)
    assert flagged([good, bad]) == [bad]
    require_supported([good])
    with pytest.raises(InvalidInput, match="report: claim on '6.5' is stated done without evidence"):
        require_supported([good, bad], where="report")


def test_governance_card_follows_bigcode_parts():
    parts = {}
    for section in GOVERNANCE_CARD:
        parts.setdefault(section.part, []).append(section.title)
    assert parts == {
        "Project structure": ["Goals and values", "Organisation", "Decision processes", "Funding and resources"],
        "Data and model governance": ["Data collection and management", "Consent of data subjects", "Privacy",
                                      "Model release"],
    }


def test_transparency_report_covers_every_required_topic():
    titles = " | ".join(s.title.lower() for s in TRANSPARENCY_REPORT)
    for topic in ("misuse risks", "thresholds and red lines", "safeguards", "incidents", "drills", "monitoring",
                  "supply chain", "release and gating", "forecast", "lessons learned", "practice map",
                  "transparency index"):
        assert topic in titles


def test_new_from_template_starts_public_sections():
    rec = AudienceRecommendation(Readership(), "everyone")
    card = new_from_template("governance_card", title="Acme governance card", owner="acme", author="alice",
                             recommendation=rec, bodies={"privacy": "We remove PII."})
    assert card.number == 1 and len(card.sections) == 8
    assert card.section("privacy").body == "We remove PII." and all(s.readership.public for s in card.sections)
    with pytest.raises(InvalidInput, match="no template section 'budget'"):
        new_from_template("governance_card", title="t", owner="acme", author="a", recommendation=rec,
                          bodies={"budget": "x"})
    with pytest.raises(InvalidInput, match="has no template"):
        new_from_template("other", title="t", owner="acme", author="a", recommendation=rec)
