"""Evidence must be about the model it is filed under: the file's model name, declared aliases, validity."""

import datetime as dt
from pathlib import Path

import pytest

from redline.core.errors import InvalidInput
from redline.core.evidence import (
    EvidenceRecord,
    ModelMatch,
    SourceFormat,
    check_model,
    parse_aliases,
    read_evidence,
)
from redline.core.verdict import ReasonCode, RedLineTest, VerdictStatus, red_line_verdict

FIX = Path(__file__).parents[2] / "fixtures" / "evidence"
NOW = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
RUN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
LINE = RedLineTest(task="bio", metric="accuracy", threshold=0.5, validity_days=365)


def rec(model="mockllm/model", **kw):
    return EvidenceRecord(source_format=SourceFormat.INSPECT, task="bio", metric="accuracy", model=model, n=100,
                          successes=0, run_at=RUN, **kw)


def test_parse_aliases_accepts_commas_and_lines_and_names_the_field():
    assert parse_aliases("mockllm/model=acme/a7b, test = acme/a7b\nqwen2=acme/a7b") == {
        "mockllm/model": "acme/a7b", "test": "acme/a7b", "qwen2": "acme/a7b"}
    assert parse_aliases(["a=b/c", "d=b/c"]) == {"a": "b/c", "d": "b/c"}
    assert parse_aliases(None) == {} and parse_aliases("  ") == {}
    for bad in ("mockllm/model", "=acme/a7b", "x=acme", "x=acme/a7b/extra", "x=/a7b"):
        with pytest.raises(InvalidInput) as info:
            parse_aliases(bad, field="--model-alias")
        assert info.value.field == "--model-alias" and "SOURCE=ORG/NAME" in info.value.message
    with pytest.raises(InvalidInput, match="mapped twice"):
        parse_aliases("x=a/b, x=c/d")


@pytest.mark.parametrize(("source", "match"), [
    ("acme/acme-7b", ModelMatch.SAME), ("ACME/Acme-7B", ModelMatch.SAME), ("hf/acme/acme-7b", ModelMatch.SAME),
    ("acme-7b", ModelMatch.SAME), ("Acme 7B", ModelMatch.SAME), (None, ModelMatch.UNNAMED), ("", ModelMatch.UNNAMED),
    ("mockllm/model", ModelMatch.MISMATCH), ("other/acme-7b", ModelMatch.MISMATCH), ("acme/acme-7b-v2",
                                                                                     ModelMatch.MISMATCH),
])
def test_check_model_without_aliases(source, match):
    assert check_model(source, "acme/acme-7b", {}, ("acme-7b", "Acme 7B")).match is match


def test_a_declared_alias_makes_it_match_only_for_its_target():
    ok = check_model("mockllm/model", "acme/acme-7b", {"MockLLM/Model": "acme/acme-7b"})
    assert ok.match is ModelMatch.ALIAS and ok.alias == "mockllm/model=acme/acme-7b"
    assert "declared" in ok.describe() and "mockllm/model" in ok.describe()
    assert check_model("mockllm/model", "acme/acme-7b", {"mockllm/model": "other/model"}).match is ModelMatch.MISMATCH


def test_verdict_is_invalid_for_another_model_unless_an_alias_is_declared():
    wrong = red_line_verdict(LINE, rec(), now=NOW, model="acme/acme-7b")
    assert wrong.status is VerdictStatus.INVALID and wrong.codes == [ReasonCode.WRONG_MODEL]
    assert wrong.as_dict()["model_match"] == "mismatch" and wrong.as_dict()["evidence_model"] == "mockllm/model"
    mapped = red_line_verdict(LINE, rec(), now=NOW, model="acme/acme-7b",
                              model_aliases={"mockllm/model": "acme/acme-7b"})
    assert mapped.status is VerdictStatus.NOT_CROSSED
    assert mapped.as_dict()["model_alias"] == "mockllm/model=acme/acme-7b"
    assert mapped.as_dict()["model_match"] == "alias"
    # A file that names no model leaves only the caller's word, as the importer accepts it.
    unnamed = red_line_verdict(LINE, rec(model=None), now=NOW, model="acme/acme-7b")
    assert unnamed.status is VerdictStatus.NOT_CROSSED and unnamed.as_dict()["model_match"] == "unnamed"
    # Without a model to check, nothing is said about it.
    assert red_line_verdict(LINE, rec(), now=NOW).as_dict()["model_match"] is None


def test_the_evidence_own_validity_window_makes_it_stale():
    until = RUN + dt.timedelta(days=5)
    v = red_line_verdict(LINE, rec(), now=NOW, valid_until=until)
    assert v.status is VerdictStatus.INCONCLUSIVE and v.codes == [ReasonCode.STALE_EVIDENCE]
    assert v.valid_until == until and "stale" in v.reasons[0].text and "2026-11-06" in v.reasons[0].text
    # The earlier of the two windows applies; a later own window does not extend the red line's.
    later = red_line_verdict(RedLineTest(task="bio", metric="accuracy", threshold=0.5, validity_days=10), rec(),
                             now=NOW, valid_until=RUN + dt.timedelta(days=400))
    assert later.codes == [ReasonCode.STALE_EVIDENCE] and later.valid_until == RUN + dt.timedelta(days=10)
    fresh = red_line_verdict(LINE, rec(), now=NOW, valid_until=NOW + dt.timedelta(days=1))
    assert fresh.status is VerdictStatus.NOT_CROSSED


def test_scored_estimate_is_what_the_verdict_uses():
    (record,) = read_evidence(FIX / "inspect" / "synthetic-unscored.json")
    assert (record.n, record.unscored, record.errored, record.successes) == (37, 2, 1, 9)
    assert record.estimate == pytest.approx(0.225)  # the log's own figure: 9 of all 40
    assert record.scored_estimate == pytest.approx(9 / 37)
    v = red_line_verdict(RedLineTest(task=record.task, metric=record.metric, threshold=0.5, max_unscored=1,
                                     validity_days=None), record, now=NOW)
    assert v.estimate == pytest.approx(record.scored_estimate)
    assert EvidenceRecord(SourceFormat.LM_EVAL, "t", "acc", estimate=0.3).scored_estimate == 0.3
