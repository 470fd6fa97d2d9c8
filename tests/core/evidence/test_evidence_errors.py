"""Every malformed input raises ImportFailed with one message naming the file."""


import pytest

from paths import FIXTURES
from redline.core.errors import ImportFailed
from redline.core.evidence import read_campaign, read_evidence, read_garak, read_inspect, read_lm_eval

FIX = FIXTURES / "evidence"
BAD = FIX / "bad"


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("truncated-inspect.json", "not a readable Inspect log"),
        ("truncated.eval", "not a readable Inspect log"),
        ("not-a-zip.eval", "not a zip archive"),
        ("wrong-zip.eval", "not a readable Inspect log"),
        ("empty.json", "empty"),
        ("lm-eval-no-results.json", "cannot tell the evidence format"),
        ("lm-eval-truncated.json", "truncated JSON"),
        ("lm-eval-results-not-object.json", "is not an object"),
        ("garak-no-eval.report.jsonl", "no 'eval' entries"),
        ("garak-truncated.report.jsonl", "line 3 is not valid JSON"),
        ("garak-missing-counts.report.jsonl", "neither 'total' nor 'total_evaluated'"),
        ("garak-bad-counts.report.jsonl", "inconsistent counts"),
        ("campaign-missing-column.csv", "monitor_flagged"),
        ("campaign-bad-bool.csv", "must be true or false"),
        ("campaign-bad-timestamp.jsonl", "ISO 8601"),
        ("not-utf8.jsonl", "cannot tell"),
        ("unknown-format.json", "cannot tell the evidence format"),
    ],
)
def test_bad_files(name, needle):
    with pytest.raises(ImportFailed) as info:
        read_evidence(BAD / name)
    message = str(info.value)
    assert message.startswith(name + ":")
    assert needle in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("reader", "path", "needle"),
    [
        (read_lm_eval, BAD / "lm-eval-no-results.json", "missing or empty 'results'"),
        (read_lm_eval, FIX / "inspect" / "cyber-exploit-ctf.eval", "not UTF-8"),
        (read_lm_eval, FIX / "garak" / "quack.report.jsonl", "invalid or truncated JSON"),
        (read_inspect, FIX / "lm_eval" / "boolq-v1-res.json", "not a readable Inspect log"),
        (read_inspect, FIX / "garak" / "quack.report.jsonl", "must end in .json or .eval"),
        (read_garak, FIX / "lm_eval" / "boolq-v1-res.json", "not a garak report"),
        (read_garak, BAD / "not-utf8.jsonl", "not UTF-8"),
        (read_campaign, FIX / "garak" / "quack.report.jsonl", "missing required column"),
        (read_inspect, BAD / "does-not-exist.json", "no such file"),
        (read_lm_eval, BAD, "is a directory"),
    ],
)
def test_wrong_reader_or_missing_file(reader, path, needle):
    with pytest.raises(ImportFailed, match=needle):
        reader(path)


def test_explicit_unknown_kind():
    with pytest.raises(ImportFailed, match="unknown evidence kind"):
        read_evidence(FIX / "lm_eval" / "boolq-v1-res.json", kind="helm")
