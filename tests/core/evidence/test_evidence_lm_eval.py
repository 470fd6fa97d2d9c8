"""lm-evaluation-harness results files (current and old -res.json shapes)."""


import pytest

from paths import FIXTURES
from redline.core.evidence import SourceFormat, read_evidence, read_lm_eval

FIX = FIXTURES / "evidence" / "lm_eval"


def test_2025_results_file():
    (r,) = read_lm_eval(FIX / "results_2025-01-21T00-40-03.356274.json")
    assert r.source_format is SourceFormat.LM_EVAL
    assert (r.task, r.metric, r.scorer) == ("mmlu_abstract_algebra", "acc", "none")
    assert (r.n, r.successes) == (100, 34)
    assert r.estimate == pytest.approx(0.34)
    assert r.stderr == pytest.approx(0.047609522856952344)
    assert r.higher_is_better is True
    assert r.run_at is not None and r.run_at.year == 2025
    assert r.model.endswith("dog_steer.csv")  # another machine's path, kept opaque
    assert r.run_metadata["model_sha"] == "c5ebcd40d208330abc697524c919956e692655cf"


def test_group_regression_file_with_na_stderr():
    records = read_lm_eval(FIX / "cpu_group_regression_expected.json")
    by = {(r.task, r.metric): r for r in records}
    assert set(by) == {
        ("arc_challenge", "acc"),
        ("arc_challenge", "acc_norm"),
        ("arc_easy", "acc"),
        ("arc_easy", "acc_norm"),
        ("regression_arc", "acc"),
        ("regression_arc", "acc_norm"),
    }
    assert all(r.stderr is None for r in records)  # "N/A"
    assert (by["arc_easy", "acc"].n, by["arc_easy", "acc"].successes) == (10, 3)
    group = by["regression_arc", "acc"]
    assert (group.n, group.successes, group.estimate) == (20, 3, 0.15)


@pytest.mark.parametrize(
    ("name", "task", "metrics"),
    [
        ("arc_easy-v0-res.json", "arc_easy", {"acc", "acc_norm"}),
        ("boolq-v1-res.json", "boolq", {"acc"}),
        ("gsm8k-v0-res.json", "gsm8k", {"acc"}),
    ],
)
def test_old_res_json(name, task, metrics):
    records = read_evidence(FIX / name)
    assert {r.metric for r in records} == metrics
    assert all(r.task == task and r.n is None and r.scorer is None for r in records)
    assert all(r.stderr is not None for r in records)


def test_old_res_json_values():
    by = {r.metric: r for r in read_lm_eval(FIX / "arc_easy-v0-res.json")}
    assert by["acc"].estimate == pytest.approx(0.2474747474747475)
    assert by["acc"].stderr == pytest.approx(0.008855114414834707)
