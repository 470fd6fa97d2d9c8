"""docs/safety-cases.md shows every check code at its level, every evidence rule and every template."""

from __future__ import annotations

import re
from pathlib import Path

from redline.core.gsn import CODES, OUTCOME_RULES, TEMPLATE_NAMES, templates

DOC = (Path(__file__).resolve().parents[2] / "docs" / "safety-cases.md").read_text(encoding="utf-8")


def test_the_checks_table_lists_every_code_at_its_level():
    rows = dict(re.findall(r"^\| ([VC]\d\d) \| ([a-z ]+) \|", DOC, flags=re.MULTILINE))
    assert set(rows) == set(CODES)
    for code, info in CODES.items():
        assert rows[code] == " or ".join(level.value for level in info.levels), code


def test_every_outcome_and_template_is_documented():
    table = DOC.split("## Statuses", 1)[1].split("## Templates", 1)[0]
    words = {"not_crossed": "not crossed", "within_targets": "within its target times",
             "over_targets": "over its targets"}
    for rule in OUTCOME_RULES:
        assert words.get(rule.outcome, rule.outcome) in table, rule
    for info in templates():
        assert f"| `{info.name}` |" in DOC
        assert ", ".join(info.parameters) in DOC
    assert set(TEMPLATE_NAMES) == {t.name for t in templates()}
