"""Incidents of the public database: their life, the reasons a submission is turned down, and facets.

An incident (as in the AI Incident Database) is an event in which an AI system caused or nearly
caused harm. Anyone signed in may submit one; coordinators publish it, reject it with a reason
code the submitter sees, or merge it into another. Incident numbers are permanent: a merged
incident stays, answering with a redirect to the one it was merged into.
"""

from __future__ import annotations

from enum import StrEnum

from redline.core.statemachine import StateMachine


class IncidentState(StrEnum):
    """Public life of an incident number."""

    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    MERGED = "merged"


class IncidentEvent(StrEnum):
    PUBLISH = "publish"
    REJECT = "reject"
    MERGE = "merge"


IS, IE = IncidentState, IncidentEvent

INCIDENT_MACHINE: StateMachine[IncidentState, IncidentEvent] = StateMachine(
    name="incident",
    initial=IS.SUBMITTED,
    transitions={
        (IS.SUBMITTED, IE.PUBLISH): IS.PUBLISHED,
        (IS.SUBMITTED, IE.REJECT): IS.REJECTED,
        (IS.SUBMITTED, IE.MERGE): IS.MERGED,
        (IS.PUBLISHED, IE.MERGE): IS.MERGED,
    },
    terminal=frozenset({IS.REJECTED, IS.MERGED}),
)

#: Why a submission was turned down: code → the explanation the submitter reads.
REJECTION_REASONS: dict[str, str] = {
    "not-ai": "No AI system is implicated in the event described.",
    "no-harm": "The sources describe no harm and no near miss to people, property or the environment.",
    "insufficient-sources": "The sources given do not show that the event happened (add a news report, "
                            "a court record or the developer's own statement and submit again).",
    "duplicate": "The event is already in the database; the submission's sources were added to it.",
    "hypothetical": "The sources describe a possible or demonstrated risk, not an event that took place "
                    "(report it as a flaw or hazard instead).",
    "out-of-scope": "The event is outside this database (for example an ordinary software bug or a "
                    "security breach in which no AI system took part).",
    "spam": "The submission is advertising or unrelated to AI harms.",
}

#: The roles an entity plays in an incident (AIID's "alleged developer / deployer / harmed parties").
ENTITY_ROLES: dict[str, str] = {
    "developer": "Developer",
    "deployer": "Deployer",
    "harmed": "Harmed or affected party",
}

#: Harm types offered on the submission form (a submission may name others).
HARM_TYPES = ("physical", "psychological", "financial", "reputational", "discrimination", "privacy",
              "misinformation", "security", "legal rights", "environmental", "societal")

#: Sectors of deployment offered on the form (after the AIID's "sector of deployment" taxonomy).
SECTORS = ("finance", "healthcare", "education", "law enforcement", "transport", "media and social",
           "government", "employment", "retail", "security", "research", "other")

#: The facets of the incident list: query parameter → label.
FACETS: dict[str, str] = {
    "harm": "Harm type",
    "severity": "Severity",
    "sector": "Sector",
    "cue": "CUE entry",
    "atlas": "ATLAS technique",
}


def rejection_text(code: str) -> str:
    """The explanation of a rejection ``code``; an unknown code raises KeyError."""
    return REJECTION_REASONS[code]


#: The severity facet's value for an incident whose sources give none.
NOT_GIVEN = "not given"


def facet_row(*, harm_types, severity: str, sectors, cue_ids, atlas) -> dict[str, list[str]]:
    """One incident's facet values as :func:`facet_counts` and :func:`matches` read them."""
    return {"harm": [str(v) for v in harm_types or ()], "severity": [severity] if severity else [NOT_GIVEN],
            "sector": [str(v) for v in sectors or ()], "cue": [str(v) for v in cue_ids],
            "atlas": [str(v) for v in atlas or ()]}


def facet_entries(row: dict[str, list[str]]) -> set[tuple[str, str]]:
    """The distinct (facet, value) pairs a row holds: what the incident list indexes to count in SQL."""
    return {(facet, value) for facet in FACETS for value in row.get(facet, ())}


def facet_counts(rows: list[dict[str, list[str]]]) -> dict[str, list[tuple[str, int]]]:
    """For each facet, (value, number of rows holding it), most frequent first, then by value.

    ``rows`` are the incidents as ``{facet: [values]}``; a row counts once per value it holds.
    """
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    for row in rows:
        for facet in FACETS:
            for value in set(row.get(facet, ())):
                counts[facet][value] = counts[facet].get(value, 0) + 1
    return {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for f, c in counts.items()}


def matches(row: dict[str, list[str]], chosen: dict[str, str]) -> bool:
    """Whether a row holds every chosen facet value (IDs compared case-insensitively)."""
    for facet, value in chosen.items():
        if value and value.lower() not in {v.lower() for v in row.get(facet, ())}:
            return False
    return True
