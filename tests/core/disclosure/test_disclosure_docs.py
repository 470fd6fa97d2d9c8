"""docs/disclosure.md shows the tables that are in the code, so the docs cannot drift from the rules."""

from __future__ import annotations

import pytest

from paths import DOCS
from redline.core.disclosure import clocks, flags
from redline.core.disclosure.dispute import DISPUTE_MACHINE
from redline.core.disclosure.embargo import DEFAULT_POLICY, EMBARGO_MACHINE
from redline.core.disclosure.publication import PUBLICATION_MACHINE
from redline.core.disclosure.report import REPORT_MACHINE

DOC = DOCS / "disclosure.md"


@pytest.mark.parametrize("table", [
    REPORT_MACHINE.markdown_table(), EMBARGO_MACHINE.markdown_table(), DISPUTE_MACHINE.markdown_table(),
    PUBLICATION_MACHINE.markdown_table(), flags.markdown_table(), clocks.markdown_table(),
], ids=["report", "embargo", "dispute", "publication", "flags", "clocks"])
def test_table_is_in_the_docs(table):
    assert table in DOC.read_text(encoding="utf-8")


def test_embargo_limits_in_the_docs_match_the_policy():
    text = DOC.read_text(encoding="utf-8")
    assert f"{DEFAULT_POLICY.default_days} days after the embargo started" in text
    assert f"{DEFAULT_POLICY.after_fix_days} days after the fix" in text
    assert f"{DEFAULT_POLICY.in_the_wild_days} days after it was seen" in text


def _table(rows: dict, head: tuple[str, str]) -> str:
    lines = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    return "\n".join(lines + [f"| {k} | {v} |" for k, v in rows.items()])


def test_vendor_statuses_and_dispute_outcomes_in_the_docs_match_the_core():
    from redline.core.disclosure.dispute import OUTCOME_MEANING
    from redline.core.disclosure.release import VENDOR_STATUS_MEANING

    text = DOC.read_text(encoding="utf-8")
    assert _table({s.value: m for s, m in VENDOR_STATUS_MEANING.items()}, ("status", "meaning")) in text
    assert _table({o.value: m for o, m in OUTCOME_MEANING.items()}, ("outcome", "meaning")) in text
    for setting in ("REDLINE_EMBARGO_MAX_DAYS", "REDLINE_EMBARGO_AFTER_FIX_DAYS", "REDLINE_EMBARGO_IN_THE_WILD_DAYS",
                    "REDLINE_DISPUTE_ANSWER_DAYS"):
        assert setting in text
