"""docs/transparency.md lists every crosswalk rule, states the counts the code has, and shows the review table."""

import re
from pathlib import Path

from redline.core.documents import REVIEW_MACHINE, DocumentKind, RestrictionReason
from redline.core.transparency import RULES, load_form

TEXT = (Path(__file__).resolve().parents[2] / "docs" / "transparency.md").read_text(encoding="utf-8")


def test_every_crosswalk_rule_is_listed_with_its_indicator():
    listed = dict(re.findall(r"^\| (\d+) \| ([^|]+?) \|", TEXT, flags=re.MULTILINE))
    assert {int(n): name for n, name in listed.items()} == {n: r.indicator for n, r in RULES.items()}


def test_the_stated_counts_match_the_rules():
    origins = [r.origin for r in RULES.values()]
    stated = (f"{len(RULES)} indicators have a rule. {origins.count('records')} read tables redline keeps today",
              f"{origins.count('documents')} read sections of a\nreleased governance card",
              f"{origins.count('supply_chain')} need the supply-chain")
    for sentence in stated:
        assert sentence in TEXT


def test_review_table_kinds_reasons_and_form_size_are_current():
    assert REVIEW_MACHINE.markdown_table() in TEXT
    for kind in DocumentKind:
        assert f"`{kind.value}`" in TEXT
    for reason in RestrictionReason:
        assert f"**{reason.label}**" in TEXT
    assert f"{len(load_form().items)} items in nine sections" in TEXT
