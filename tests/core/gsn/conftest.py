"""Fixtures for the GSN tests: ``gsn(text, ...)`` builds a case from YAML snippets, one module each."""

from __future__ import annotations

import textwrap

import pytest

from redline.core.gsn import Case, case_from_texts


def make_case(*texts: str) -> Case:
    return case_from_texts([(f"m{i}.yaml", textwrap.dedent(t)) for i, t in enumerate(texts, start=1)])


@pytest.fixture
def gsn():
    """A case from one YAML text per module, sourced m1.yaml, m2.yaml, … (texts are dedented)."""
    return make_case
