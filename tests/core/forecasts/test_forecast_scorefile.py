"""The score file: good lines parse, every bad line is one error naming the line and field, and it round-trips."""

from __future__ import annotations

import json

import numpy as np
import pytest

from redline.core.errors import InvalidInput
from redline.core.forecasts.scorefile import (
    iter_score_lines,
    parse_score_lines,
    read_score_file,
    score_line,
    write_score_file,
)
from redline.core.forecasts.scoring import ResolvedForecast, score_forecasts, summarise

GOOD = [
    '{"question": "Q1", "forecaster": "ana", "probability": 0.7, "outcome": true}',
    "",
    '{"question": "Q2", "forecaster": "ana", "quantiles": [[0.05, 0.12], [0.5, 0.3], [0.95, 0.61]], "outcome": 0.42}',
    '{"question": "Q1", "forecaster": "bo", "probability": 0.2, "outcome": true}',
    '{"question": "Q2", "forecaster": "bo", "quantiles": [[0.1, 0], [0.5, 1], [0.9, 2]], "outcome": 0.42}',
    '{"question": "Q3", "forecaster": "bo", "quantiles": [[0.1, 0], [0.5, 1], [0.9, 2]], "outcome": 1}',
]


def test_the_examples_of_the_issue_parse():
    rows = parse_score_lines(GOOD)
    assert [(r.question, r.forecaster) for r in rows] == [
        ("Q1", "ana"), ("Q2", "ana"), ("Q1", "bo"), ("Q2", "bo"), ("Q3", "bo")]
    assert rows[0].probability == 0.7 and rows[0].outcome is True
    assert rows[1].quantiles == ((0.05, 0.12), (0.5, 0.3), (0.95, 0.61)) and rows[1].outcome == 0.42
    assert rows[4].outcome == 1.0 and isinstance(rows[4].outcome, float)  # a JSON integer is a number too


def _line(**fields):
    base = {"question": "Q1", "forecaster": "ana", "probability": 0.7, "outcome": True}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...})


BAD = [
    ("not json at all", "line 2: not valid JSON"),
    ('{"question": "Q1",', "line 2: not valid JSON"),
    ("[1, 2]", "line 2: must be a JSON object, got list"),
    ('{"question": "Q1", "forecaster": "ana", "probability": NaN, "outcome": true}', "line 2: NaN is not a JSON number"),
    ('{"question": "Q1", "question": "Q3", "forecaster": "ana", "probability": 0.5, "outcome": true}',
     "line 2: field 'question' appears twice"),
    (_line(probability=1.2), "line 2: probability: must lie strictly between 0 and 1, got 1.2"),
    (_line(probability=0), "line 2: probability: must lie strictly between 0 and 1, got 0"),
    (_line(probability="0.5"), "line 2: probability: must be a number"),
    (_line(outcome=...), "line 2: outcome: missing"),
    (_line(outcome=None), "line 2: outcome: a binary outcome must be true or false, got null"),
    (_line(outcome=1), "line 2: outcome: a binary outcome must be true or false, got 1"),
    (_line(outcome="yes"), "line 2: outcome: a binary outcome must be true or false"),
    (_line(question=...), "line 2: question: missing"),
    (_line(forecaster=""), "line 2: forecaster: must be a non-empty string"),
    (_line(probability=...), "line 2: probability: missing (a line needs probability or quantiles)"),
    (_line(quantiles=[[0.1, 1], [0.5, 2], [0.9, 3]]), "line 2: quantiles: a line has probability or quantiles"),
    (_line(confidence=0.9), "line 2: confidence: unknown field"),
    (_line(probability=..., quantiles=[[0.5, 1], [0.1, 0], [0.9, 2]], outcome=1.0),
     "line 2: quantiles: levels must be strictly increasing"),
    (_line(probability=..., quantiles=[[0.1, 1], [0.5, 0], [0.9, 2]], outcome=1.0),
     "line 2: quantiles: values must not decrease"),
    (_line(probability=..., quantiles=[[0.1, 1], [0.9, 2]], outcome=1.0), "line 2: quantiles: needs at least 3"),
    (_line(probability=..., quantiles=[[0.1, 1], [0.5, 2], [0.9, 3]], outcome=True),
     "line 2: outcome: a numeric outcome must be a number, got true"),
    (_line(probability=..., quantiles=[[0.1, 1], [0.5, 2], [0.9, 3]], outcome=...), "line 2: outcome: missing"),
]


@pytest.mark.parametrize(("line", "needle"), BAD)
def test_each_bad_line_is_one_error_naming_line_and_field(line, needle):
    first = '{"question": "Q0", "forecaster": "ana", "probability": 0.5, "outcome": false}'
    with pytest.raises(InvalidInput) as info:
        parse_score_lines([first, line], source="f.jsonl")
    message = str(info.value)
    assert message.startswith("f.jsonl: line 2: ")
    assert needle in message
    assert "\n" not in message


def test_repeats_and_disagreements_across_lines():
    ana = '{"question": "Q1", "forecaster": "ana", "probability": 0.7, "outcome": true}'
    with pytest.raises(InvalidInput, match=r"^line 3: forecaster: 'ana' already has a forecast on question 'Q1' \(line 1\)"):
        parse_score_lines([ana, "", ana.replace("0.7", "0.8")])
    with pytest.raises(InvalidInput, match=r"^line 2: outcome: question 'Q1' has outcome true on line 1, false here"):
        parse_score_lines([ana, ana.replace('"ana"', '"bo"').replace("true", "false")])
    numeric = '{"question": "Q1", "forecaster": "bo", "quantiles": [[0.1, 1], [0.5, 2], [0.9, 3]], "outcome": 2}'
    with pytest.raises(InvalidInput, match=r"^line 2: quantiles: question 'Q1' is binary on line 1"):
        parse_score_lines([ana, numeric])
    n1 = '{"question": "N", "forecaster": "a", "quantiles": [[0.1, 1], [0.5, 2], [0.9, 3]], "outcome": 2}'
    with pytest.raises(InvalidInput, match=r"^line 2: outcome: question 'N' has outcome 2.0 on line 1, 2.5 here"):
        parse_score_lines([n1, n1.replace('"a"', '"b"').replace('"outcome": 2', '"outcome": 2.5')])


def test_reading_files(tmp_path):
    path = tmp_path / "scores.jsonl"
    path.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    assert len(read_score_file(path)) == 5
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert read_score_file(empty) == []
    with pytest.raises(InvalidInput, match="^missing.jsonl: no such file"):
        read_score_file(tmp_path / "missing.jsonl")
    with pytest.raises(InvalidInput, match="is a directory"):
        read_score_file(tmp_path)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"question": "Q\xe9", "forecaster": "a", "probability": 0.5, "outcome": true}\n')
    with pytest.raises(InvalidInput, match="^latin.jsonl: not UTF-8 text"):
        read_score_file(latin)


def test_lines_are_written_in_the_fixed_format():
    line = score_line(ResolvedForecast("Q2", "ana", 0.42, quantiles=((0.05, 0.12), (0.5, 0.3), (0.95, 0.61))))
    assert line == ('{"question": "Q2", "forecaster": "ana", "quantiles": [[0.05, 0.12], [0.5, 0.3], '
                    '[0.95, 0.61]], "outcome": 0.42}')
    assert score_line(ResolvedForecast("Q1", "zoë", True, 0.7)) == (
        '{"question": "Q1", "forecaster": "zoë", "probability": 0.7, "outcome": true}')
    assert list(iter_score_lines([ResolvedForecast("Q", "a", False, 0.1)]))[0].endswith("}\n")


def test_write_then_score_reproduces_the_scores_exactly(tmp_path):
    rng = np.random.default_rng(9)
    rows = []
    for q in range(40):
        outcome = bool(rng.random() < 0.5)
        for name in ("ana", "bo", "cy")[: 1 + q % 3]:
            rows.append(ResolvedForecast(f"B{q}", name, outcome, probability=float(rng.uniform(0.01, 0.99))))
    for q in range(20):
        y = float(rng.normal())
        for name in ("ana", "bo"):
            values = np.sort(rng.normal(size=5))
            levels = (0.05, 0.25, 0.5, 0.75, 0.95)
            rows.append(ResolvedForecast(f"N{q}", name, y, quantiles=tuple(zip(levels, values.tolist(), strict=True))))
    path = tmp_path / "export.jsonl"
    assert write_score_file(rows, path) == len(rows)
    back = read_score_file(path)
    assert back == rows
    assert summarise(score_forecasts(back)) == summarise(score_forecasts(rows))
