"""The score file: JSON Lines of resolved forecasts, read by ``redline forecast score`` and written
by ``redline forecast export``, so that scoring an export reproduces the site's scores.

One object per line, with exactly these fields (the names are fixed; scripts rely on them)::

    {"question": "Q1", "forecaster": "ana", "probability": 0.7, "outcome": true}
    {"question": "Q2", "forecaster": "ana", "quantiles": [[0.05, 0.12], [0.5, 0.3], [0.95, 0.61]], "outcome": 0.42}

- ``question``, ``forecaster``: non-empty strings (the forecaster's public handle);
- ``probability`` (binary): a number strictly between 0 and 1, and then ``outcome``
  is a JSON boolean;
- ``quantiles`` (numeric): at least three ``[level, value]`` pairs, levels strictly
  increasing inside (0, 1), values non-decreasing; ``outcome`` is then a number.

Bad input: a line that is not a JSON object, an unknown or missing field, a
value out of range, a (question, forecaster) pair seen before, a question whose
lines disagree on its outcome or kind. Blank lines are skipped. Every error is
one :class:`~redline.core.errors.InvalidInput` naming the line and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from redline.core.errors import InvalidInput
from redline.core.evidence._io import reading
from redline.core.forecasts.scoring import ResolvedForecast

REQUIRED = ("question", "forecaster", "outcome")
FORECAST_FIELDS = ("probability", "quantiles")
ALLOWED = frozenset(REQUIRED + FORECAST_FIELDS)


class _LineError(ValueError):
    """A problem found while decoding one line, before it has a line number."""


def _no_constants(name: str) -> Any:
    raise _LineError(f"{name} is not a JSON number")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _LineError(f"field {key!r} appears twice")
        out[key] = value
    return out


def _decode(text: str) -> dict[str, Any]:
    try:
        obj = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        raise _LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise _LineError(f"must be a JSON object, got {type(obj).__name__}")
    return obj


def parse_line(obj: dict[str, Any]) -> ResolvedForecast:
    """One decoded line as a :class:`ResolvedForecast`; InvalidInput names the field."""
    unknown = sorted(set(obj) - ALLOWED)
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field (allowed: {', '.join(sorted(ALLOWED))})")
    for name in REQUIRED:
        if name not in obj:
            raise InvalidInput(name, "missing")
    given = [name for name in FORECAST_FIELDS if name in obj]
    if not given:
        raise InvalidInput("probability", "missing (a line needs probability or quantiles)")
    if len(given) == 2:
        raise InvalidInput("quantiles", "a line has probability or quantiles, not both")
    return ResolvedForecast(
        question=obj["question"],
        forecaster=obj["forecaster"],
        outcome=obj["outcome"],
        probability=obj.get("probability"),
        quantiles=obj.get("quantiles"),
    )


def parse_score_lines(lines: Iterable[str], source: str = "") -> list[ResolvedForecast]:
    """Every forecast in ``lines`` (the text of a score file), checked line by line and as a whole."""
    where = f"{source}: " if source else ""
    out: list[ResolvedForecast] = []
    pair_line: dict[tuple[str, str], int] = {}
    question_line: dict[str, tuple[int, ResolvedForecast]] = {}
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        try:
            forecast = parse_line(_decode(text))
        except _LineError as exc:
            raise InvalidInput(f"{where}line {number}: {exc}") from None
        except InvalidInput as exc:
            raise InvalidInput(f"{where}line {number}: {exc}") from None
        pair = (forecast.question, forecast.forecaster)
        if pair in pair_line:
            raise InvalidInput(
                f"{where}line {number}: forecaster: {forecast.forecaster!r} already has a forecast on "
                f"question {forecast.question!r} (line {pair_line[pair]})"
            )
        pair_line[pair] = number
        first = question_line.setdefault(forecast.question, (number, forecast))
        earlier_line, earlier = first
        if earlier.kind is not forecast.kind:
            raise InvalidInput(
                f"{where}line {number}: {'probability' if forecast.probability is not None else 'quantiles'}: "
                f"question {forecast.question!r} is {earlier.kind.value} on line {earlier_line}"
            )
        if earlier.outcome != forecast.outcome:
            raise InvalidInput(
                f"{where}line {number}: outcome: question {forecast.question!r} has outcome "
                f"{json.dumps(earlier.outcome)} on line {earlier_line}, {json.dumps(forecast.outcome)} here"
            )
        out.append(forecast)
    return out


def read_score_file(path: str | os.PathLike[str]) -> list[ResolvedForecast]:
    """Read a score file; InvalidInput names the file, the line and the field."""
    p = Path(path)
    with reading(p), p.open(encoding="utf-8-sig") as fh:
        try:
            return parse_score_lines(fh, source=p.name)
        except UnicodeDecodeError:
            raise InvalidInput(p.name, "not UTF-8 text") from None


def score_line(forecast: ResolvedForecast) -> str:
    """One line of the score file for ``forecast`` (no newline); floats keep every digit."""
    obj: dict[str, Any] = {"question": forecast.question, "forecaster": forecast.forecaster}
    if forecast.probability is not None:
        obj["probability"] = forecast.probability
    else:
        obj["quantiles"] = [[level, value] for level, value in forecast.quantiles or ()]
    obj["outcome"] = forecast.outcome
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def iter_score_lines(forecasts: Iterable[ResolvedForecast]) -> Iterator[str]:
    """The lines of a score file, newline included, for streaming an export."""
    for forecast in forecasts:
        yield score_line(forecast) + "\n"


def write_score_file(forecasts: Iterable[ResolvedForecast], path: str | os.PathLike[str]) -> int:
    """Write ``forecasts`` as a score file at ``path``; returns the number of lines written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as fh:
        for line in iter_score_lines(forecasts):
            fh.write(line)
            count += 1
    return count
