"""docs/forecasts.md shows the lifecycle table that is in the code and documents every fixed name."""

from __future__ import annotations

from pathlib import Path

from redline.core.forecasts import QUESTION_MACHINE, AnnulReason
from redline.core.forecasts.scorefile import ALLOWED
from redline.core.forecasts.scoring import ScoreSummary

DOC = Path(__file__).resolve().parents[3] / "docs" / "forecasts.md"


def test_the_lifecycle_table_in_the_docs_is_the_code_s():
    assert QUESTION_MACHINE.markdown_table() in DOC.read_text(encoding="utf-8")


def test_every_annul_reason_score_file_field_and_json_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    names = [r.value for r in AnnulReason] + sorted(ALLOWED)
    names += list(ScoreSummary("x", 0, None, None, None, None, 0, 0, None, None, 0, None, None).as_dict())
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []
