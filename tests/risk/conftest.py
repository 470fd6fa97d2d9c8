"""Fixtures for the risk engine tests: the reference model of issue 5."""

from __future__ import annotations

import pytest

REFERENCE = """\
name: bio-uplift-example
parameters:
  attempts:           {dist: lognormal, ci90: [1, 100], kind: epistemic}
  p_success:          {dist: beta, a: 2, b: 50, kind: epistemic}
  deaths_per_success: {dist: lognormal, ci90: [10, 100000]}   # kind defaults to aleatory
outcome: attempts * p_success * deaths_per_success
"""


@pytest.fixture
def reference_text() -> str:
    return REFERENCE


@pytest.fixture
def reference():
    from redline.risk import loads_model

    return loads_model(REFERENCE, "reference.yaml")
