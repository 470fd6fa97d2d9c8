"""Fixtures for the CUE app: a maintainer, a contributor and a valid set of entry fields."""

from __future__ import annotations

import pytest


@pytest.fixture
def coordinator_org(make_org):
    return make_org("coordinator", name="Coordination Centre", slug="cc")


@pytest.fixture
def maintainer(coordinator_org, make_user):
    return make_user(coordinator_org, "member", email="maintainer@example.org")


@pytest.fixture
def contributor(make_user, make_org):
    return make_user(make_org("research", slug="researchers"), "member", email="contributor@example.org")


@pytest.fixture
def new_fields():
    return {
        "name": "Synthetic voice extortion",
        "category": "fraud_scams",
        "description": "The model's voice synthesis is used to impersonate a relative in distress and press "
                       "the victim into an urgent payment.",
        "threat_actors": ["organised_crime"],
        "harm_tiers": ["serious"],
        "atlas": ["AML.T0048"],
        "avid": ["E0402"],
        "owasp": ["LLM09:2025"],
        "aiid": ["MIT:4.3"],
    }
