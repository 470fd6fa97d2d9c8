"""What a forecast may say: probabilities strictly inside (0, 1), ordered quantiles, typed outcomes."""

from __future__ import annotations

import math

import pytest

from redline.core.errors import InvalidInput
from redline.core.forecasts.validation import (
    validate_binary_outcome,
    validate_numeric_outcome,
    validate_probability,
    validate_quantiles,
)


@pytest.mark.parametrize("p", [1e-9, 0.5, 0.999999, 3e-1])
def test_probabilities_inside_the_open_interval_pass(p):
    assert validate_probability(p) == p


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        (0, "strictly between 0 and 1, got 0"),
        (0.0, "strictly between 0 and 1"),
        (1.0, "strictly between 0 and 1"),
        (-0.2, "strictly between 0 and 1"),
        (1.5, "got 1.5"),
        (math.nan, "finite"),
        (math.inf, "finite"),
        (True, "must be a number, got true"),
        ("0.5", "must be a number, got '0.5'"),
        (None, "must be a number, got null"),
    ],
)
def test_bad_probabilities_name_the_field(value, needle):
    with pytest.raises(InvalidInput) as info:
        validate_probability(value)
    assert str(info.value).startswith("probability: ")
    assert needle in str(info.value)


def test_field_name_can_be_chosen():
    with pytest.raises(InvalidInput, match="^p_yes: "):
        validate_probability(2, field="p_yes")


def test_quantiles_pass_and_come_back_as_float_pairs():
    out = validate_quantiles([[0.05, 1], [0.5, 2], [0.95, 2]])  # equal values are allowed
    assert out == ((0.05, 1.0), (0.5, 2.0), (0.95, 2.0))
    assert all(isinstance(v, float) for pair in out for v in pair)


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ([[0.1, 1], [0.9, 2]], "at least 3"),
        ("0.1,0.5,0.9", "must be a list of [level, value] pairs"),
        ({"0.5": 1}, "must be a list"),
        ([[0.1, 1], [0.5], [0.9, 2]], "entry 2 must be a [level, value] pair"),
        ([[0.1, 1], [0.5, 2, 3], [0.9, 2]], "entry 2 must be a [level, value] pair"),
        ([[0.0, 1], [0.5, 2], [0.9, 3]], "entry 1 level must lie strictly between 0 and 1"),
        ([[0.1, 1], [0.5, 2], [1.0, 3]], "entry 3 level must lie strictly between 0 and 1"),
        ([[0.5, 1], [0.1, 2], [0.9, 3]], "levels must be strictly increasing; entry 2 level 0.1 follows 0.5"),
        ([[0.1, 1], [0.1, 2], [0.9, 3]], "levels must be strictly increasing"),
        ([[0.1, 1], [0.5, 0.5], [0.9, 3]], "values must not decrease as the level rises; entry 2 value 0.5"),
        ([[0.1, 1], [0.5, "2"], [0.9, 3]], "entry 2 value: must be a number"),
        ([[0.1, 1], [True, 2], [0.9, 3]], "entry 2 level: must be a number, got true"),
        ([[0.1, 1], [0.5, math.nan], [0.9, 3]], "entry 2 value: must be a finite number"),
    ],
)
def test_bad_quantiles_name_the_field_and_the_entry(value, needle):
    with pytest.raises(InvalidInput) as info:
        validate_quantiles(value)
    assert str(info.value).startswith("quantiles: ")
    assert needle in str(info.value)


def test_outcomes_are_typed():
    assert validate_binary_outcome(True) is True
    assert validate_numeric_outcome(3) == 3.0
    with pytest.raises(InvalidInput, match="^outcome: a binary outcome must be true or false, got 1"):
        validate_binary_outcome(1)
    with pytest.raises(InvalidInput, match="^outcome: a numeric outcome must be a number, got true"):
        validate_numeric_outcome(True)
    with pytest.raises(InvalidInput, match="^outcome: must be a number, got '0.4'"):
        validate_numeric_outcome("0.4")
    with pytest.raises(InvalidInput, match="finite"):
        validate_numeric_outcome(math.inf)
