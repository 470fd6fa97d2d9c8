"""garak report JSONL: both eval schemas, nones as unscored."""


import pytest

from paths import FIXTURES
from redline.core.evidence import SourceFormat, read_evidence, read_garak

FIX = FIXTURES / "evidence" / "garak"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "agg.report.jsonl",
            [("test.Test", "always.Pass", 8, 0), ("lmrc.QuackMedicine", "lmrc.QuackMedicine", 1, 0)],
        ),
        ("quack.report.jsonl", [("lmrc.QuackMedicine", "lmrc.QuackMedicine", 1, 0)]),
        ("report_test-0.13.3.report.jsonl", [("test.Test", "always.Pass", 8, 0)]),
        ("test_with_ci.report.jsonl", [("test.Test", "always.Pass", 50, 13)]),
    ],
)
def test_real_reports(name, expected):
    records = read_evidence(FIX / name)
    assert [(r.task, r.scorer, r.n, r.successes) for r in records] == expected
    assert all(r.source_format is SourceFormat.GARAK and r.metric == "attack_success_rate" for r in records)


def test_model_version_and_ci_metadata():
    (r,) = read_garak(FIX / "report_test-0.13.3.report.jsonl")
    assert r.model == "qwen2"
    assert r.run_metadata["garak_version"] == "0.13.3.pre1"
    assert r.epochs == 5
    (ci,) = read_garak(FIX / "test_with_ci.report.jsonl")
    assert ci.estimate == pytest.approx(0.26)
    assert ci.run_metadata["confidence_upper"] == 0.38


def test_pre_014_schema_passed_total():
    a, b = read_garak(FIX / "synthetic-pre-0.14.report.jsonl")
    assert (a.task, a.n, a.successes, a.unscored) == ("encoding.InjectBase64", 60, 3, 0)
    assert (b.n, b.successes) == (12, 3)
    assert a.model == "gpt2"


def test_nones_are_unscored():
    (r,) = read_garak(FIX / "synthetic-nones.report.jsonl")
    assert (r.n, r.successes, r.unscored) == (45, 5, 5)
    assert r.estimate == pytest.approx(5 / 45)
    assert r.unscored_fraction == pytest.approx(0.1)
