"""The elicitation record and its ordered level scale."""

import pytest

from redline.core.errors import InvalidInput
from redline.core.evidence import Elicitation, ElicitationLevel, meets

L = ElicitationLevel


def test_order():
    assert L.NONE < L.BASIC < L.MODERATE < L.STRONG < L.EXPERT
    assert L.EXPERT >= L.STRONG and not (L.BASIC > L.MODERATE)
    assert sorted([L.EXPERT, L.NONE, L.MODERATE]) == [L.NONE, L.MODERATE, L.EXPERT]


def test_parse():
    assert L.parse("Strong") is L.STRONG
    with pytest.raises(InvalidInput, match="none, basic, moderate, strong, expert"):
        L.parse("heroic")


@pytest.mark.parametrize(
    ("level", "minimum", "ok"),
    [
        (None, None, True),
        (None, L.NONE, True),
        (None, L.BASIC, False),
        (L.STRONG, L.STRONG, True),
        (L.MODERATE, L.STRONG, False),
    ],
)
def test_meets(level, minimum, ok):
    assert meets(level, minimum) is ok


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, L.NONE),
        ({"prompting": "few-shot"}, L.BASIC),
        ({"tools": ["bash"]}, L.MODERATE),
        ({"attempts": 5}, L.MODERATE),
        ({"fine_tuning": True, "effort_hours": 20}, L.STRONG),
        (
            {
                "helpful_only": True,
                "safeguards_off": True,
                "effort_hours": 150,
                "red_team_independence": "independent",
            },
            L.EXPERT,
        ),
        ({"level": "basic", "fine_tuning": True, "effort_hours": 500}, L.BASIC),
    ],
)
def test_assessed_level(data, expected):
    assert Elicitation.from_mapping(data).assessed_level() is expected


def test_round_trip_and_errors():
    e = Elicitation.from_mapping(
        {"level": "strong", "tools": "python", "threat_actor_estimate": "expert", "x": 1}
    )
    assert e.tools == ("python",)
    assert Elicitation.from_mapping(e.as_dict()) == e
    with pytest.raises(InvalidInput):
        Elicitation.from_mapping({"effort_hours": "lots"})
    with pytest.raises(InvalidInput):
        Elicitation.from_mapping(["not", "a", "dict"])
