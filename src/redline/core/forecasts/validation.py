"""Checks on what a forecaster gives: a probability, a set of quantiles, an outcome.

Every form, API endpoint and file reader calls these, so the rules are stated
once. Each raises :class:`~redline.core.errors.InvalidInput` whose message
starts with the field name (``probability: …``), which the web layer turns into
a form error on that field and the CLI into one line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

from redline.core.errors import InvalidInput

#: Quantiles as ``((level, value), …)``, levels strictly increasing in (0, 1), values non-decreasing.
Quantiles = tuple[tuple[float, float], ...]

#: The fewest quantiles a numeric forecast may have.
MIN_QUANTILES = 3


def is_number(value: Any) -> bool:
    """True for an int or float that is not a bool (JSON ``true`` must not pass as 1)."""
    return isinstance(value, Real) and not isinstance(value, bool)


def finite_number(value: Any, field: str) -> float:
    """``value`` as a float, or InvalidInput when it is not a finite number."""
    if type(value) is float and math.isfinite(value):  # the common case, without the ABC check of Real
        return value
    if not is_number(value):
        raise InvalidInput(field, f"must be a number, got {_show(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidInput(field, f"must be a finite number, got {_show(value)}")
    return number


def validate_probability(value: Any, field: str = "probability") -> float:
    """A binary forecast: a probability strictly between 0 and 1 (0 and 1 would make the log score infinite)."""
    p = finite_number(value, field)
    if not 0.0 < p < 1.0:
        raise InvalidInput(field, f"must lie strictly between 0 and 1, got {value!r}")
    return p


def validate_quantiles(value: Any, field: str = "quantiles") -> Quantiles:
    """A numeric forecast: at least three ``[level, value]`` pairs, levels strictly increasing in (0, 1),
    values non-decreasing in the level."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInput(field, f"must be a list of [level, value] pairs, got {_show(value)}")
    if len(value) < MIN_QUANTILES:
        raise InvalidInput(field, f"needs at least {MIN_QUANTILES} [level, value] pairs, got {len(value)}")
    pairs: list[tuple[float, float]] = []
    for i, pair in enumerate(value, start=1):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise InvalidInput(field, f"entry {i} must be a [level, value] pair, got {_show(pair)}")
        level = finite_number(pair[0], f"{field}: entry {i} level")
        number = finite_number(pair[1], f"{field}: entry {i} value")
        if not 0.0 < level < 1.0:
            raise InvalidInput(field, f"entry {i} level must lie strictly between 0 and 1, got {pair[0]!r}")
        if pairs and level <= pairs[-1][0]:
            raise InvalidInput(
                field, f"levels must be strictly increasing; entry {i} level {level:g} "
                f"follows {pairs[-1][0]:g}"
            )
        if pairs and number < pairs[-1][1]:
            raise InvalidInput(
                field, f"values must not decrease as the level rises; entry {i} value {number:g} "
                f"at level {level:g} is below {pairs[-1][1]:g} at level {pairs[-1][0]:g}"
            )
        pairs.append((level, number))
    return tuple(pairs)


def validate_binary_outcome(value: Any, field: str = "outcome") -> bool:
    """A binary question's outcome: a real boolean (not 0/1, not a string)."""
    if not isinstance(value, bool):
        raise InvalidInput(field, f"a binary outcome must be true or false, got {_show(value)}")
    return value


def validate_numeric_outcome(value: Any, field: str = "outcome") -> float:
    """A numeric question's outcome: a finite number (not a boolean)."""
    if isinstance(value, bool):
        raise InvalidInput(field, f"a numeric outcome must be a number, got {_show(value)}")
    return finite_number(value, field)


def _show(value: Any) -> str:
    """A short rendering of a bad value for an error message: JSON-like names, long values cut."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
