"""The incident life cycle, reason codes and facet counting (pure)."""

from __future__ import annotations

import pytest

from redline.core.disclosure import incident as core
from redline.core.errors import IllegalTransition


def test_merged_and_rejected_numbers_are_final():
    m = core.INCIDENT_MACHINE
    assert m.apply(core.IncidentState.SUBMITTED, core.IncidentEvent.MERGE) is core.IncidentState.MERGED
    assert m.apply(core.IncidentState.PUBLISHED, core.IncidentEvent.MERGE) is core.IncidentState.MERGED
    for state in (core.IncidentState.REJECTED, core.IncidentState.MERGED):
        for event in core.IncidentEvent:
            with pytest.raises(IllegalTransition):
                m.apply(state, event)


def test_every_reason_code_explains_itself():
    assert all(text.endswith(")") or text.endswith(".") for text in core.REJECTION_REASONS.values())
    assert core.rejection_text("no-harm").startswith("The sources describe no harm")
    with pytest.raises(KeyError):
        core.rejection_text("because")


def test_facets_count_each_incident_once_per_value():
    rows = [{"harm": ["financial", "financial", "privacy"], "severity": ["high"]},
            {"harm": ["financial"], "severity": ["not given"], "cue": ["CUE-0050"]}]
    counts = core.facet_counts(rows)
    assert counts["harm"] == [("financial", 2), ("privacy", 1)]
    assert counts["severity"] == [("high", 1), ("not given", 1)] and counts["atlas"] == []
    assert core.matches(rows[1], {"cue": "cue-0050", "harm": ""}) and not core.matches(rows[0], {"cue": "CUE-0050"})
