"""Inspect AI logs (.json and .eval) into evidence records."""

import hashlib

import pytest

from paths import FIXTURES
from redline.core.evidence import SourceFormat, read_evidence, read_inspect
from redline.core.evidence.inspect_log import score_to_float

FIX = FIXTURES / "evidence" / "inspect"


def test_json_log():
    path = FIX / "bio-protocol-uplift.json"
    (r,) = read_inspect(path)
    assert r.source_format is SourceFormat.INSPECT
    assert (r.task, r.metric, r.scorer, r.model) == (
        "bio_protocol_uplift",
        "accuracy",
        "includes",
        "mockllm/model",
    )
    assert (r.n, r.successes, r.unscored, r.errored, r.epochs) == (40, 9, 0, 0, 1)
    assert r.estimate == pytest.approx(0.225)
    assert r.stderr == pytest.approx(0.06686668711812965)
    assert len(r.scores) == 40 and set(r.scores) == {0.0, 1.0}
    assert r.run_status == "success"
    assert r.run_at is not None and r.run_at.tzinfo is not None
    assert r.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert r.filename == "bio-protocol-uplift.json"
    assert r.run_metadata["run_id"]


def test_eval_zip_log():
    (r,) = read_inspect(FIX / "cyber-exploit-ctf.eval")
    assert (r.task, r.metric, r.n, r.successes) == ("cyber_exploit_ctf", "accuracy", 25, 16)
    assert r.estimate == pytest.approx(0.64)
    assert r.stderr == pytest.approx(0.09797958971132713)


def test_sniffing_picks_inspect_for_both():
    assert read_evidence(FIX / "cyber-exploit-ctf.eval")[0].task == "cyber_exploit_ctf"
    assert read_evidence(FIX / "bio-protocol-uplift.json")[0].task == "bio_protocol_uplift"


def test_unscored_and_errored_samples_are_counted():
    (r,) = read_inspect(FIX / "synthetic-unscored.json")
    assert (r.n, r.unscored, r.errored, r.total) == (37, 2, 1, 40)
    assert r.scores.count(None) == 3
    assert r.unscored_fraction == pytest.approx(3 / 40)
    assert r.elicitation["level"] == "moderate"


def test_failed_run_keeps_one_record():
    (r,) = read_inspect(FIX / "synthetic-failed.json")
    assert r.run_status == "error"
    assert r.failed
    assert r.run_error == "model API unavailable"
    assert r.n == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("C", 1.0),
        ("I", 0.0),
        ("P", 0.5),
        ("N", 0.0),
        (True, 1.0),
        (0.25, 0.25),
        ("yes", 1.0),
        ("0.7", 0.7),
        (None, None),
        ("garbage", None),
        ({"a": 1}, None),
    ],
)
def test_score_values(value, expected):
    assert score_to_float(value) == expected


def test_epochs_are_averaged_per_sample(tmp_path):
    import copy
    import json

    doc = json.loads((FIX / "bio-protocol-uplift.json").read_text())
    doc["eval"]["config"]["epochs"] = 2
    second = copy.deepcopy(doc["samples"])
    for sample in second:
        sample["epoch"] = 2
        sample["scores"]["includes"]["value"] = "C"  # every sample correct in epoch 2
    doc["samples"] += second
    path = tmp_path / "two-epochs.json"
    path.write_text(json.dumps(doc))
    (r,) = read_inspect(path)
    assert (r.epochs, r.n, r.successes) == (2, 40, None)  # graded: 1.0 or 0.5 per sample
    assert sorted(set(r.scores)) == [0.5, 1.0]
    assert r.scores.count(1.0) == 9


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("evidence/inspect/*.json")), ids=lambda p: p.name)
def test_small_json_logs_read_without_inspect_ai_give_the_same_records(path, monkeypatch):
    """The json-module reader (fast start for `redline verdict`) agrees with inspect_ai's on every fixture."""
    from redline.core.evidence import inspect_log

    fast = inspect_log.read_inspect(path)
    monkeypatch.setattr(inspect_log, "FAST_JSON_BYTES", -1)  # force inspect_ai's reader
    assert inspect_log.read_inspect(path) == fast
    assert inspect_log._read_small_json(path, fast[0].sha256) == fast  # and the fast path did run
