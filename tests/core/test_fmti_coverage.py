"""FMTI coverage: every indicator counted once, the score summary, and CSV export."""

from pathlib import Path

import pytest

from redline.core.transparency import RULES, Bucket, coverage, read_report, write_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fmti"
REPORTS = ["Anthropic_report_Dec2025.csv", "Meta_report_Dec2025.csv"]


def load(name):
    return read_report((FIXTURES / name).read_bytes(), source=name)


def check_sums(summary):
    assert summary["from_records"] + summary["manual"] + summary["open"] == summary["indicators"] == 100
    assert sum(summary["domains"].values()) == summary["total"]
    assert sum(summary["subdomains"].values()) == summary["total"]
    assert list(summary["domains"]) == ["Upstream", "Model", "Downstream"]


@pytest.mark.parametrize("name", REPORTS)
def test_an_imported_report_alone_is_all_manual_and_exports_unchanged(name):
    report = load(name)
    result = coverage({"organisation": {"name": "Acme"}}, report)
    summary = result.summary()
    assert list(summary) == ["organisation", "indicators", "total", "domains", "subdomains", "from_records",
                             "manual", "open"]
    assert (summary["organisation"], summary["total"]) == ("Acme", report.total)
    assert (summary["from_records"], summary["manual"], summary["open"]) == (0, 100, 0)
    check_sums(summary)
    exported = write_report(result.rows())
    assert exported.encode("utf-8") == (FIXTURES / name).read_bytes()
    again = read_report(exported)
    assert [r.score for r in again.rows] == [r.score for r in report.rows]


def test_meta_domain_totals():
    summary = coverage({}, load("Meta_report_Dec2025.csv"), organisation="Meta").summary()
    assert summary["total"] == 31
    assert summary["domains"]["Upstream"] + summary["domains"]["Model"] + summary["domains"]["Downstream"] == 31
    assert summary["subdomains"]["Accountability"] == 0 and "Accountability " not in summary["subdomains"]


def test_nothing_at_all_is_all_open():
    summary = coverage({}).summary()
    assert (summary["total"], summary["from_records"], summary["manual"], summary["open"]) == (0, 0, 0, 100)
    check_sums(summary)


def test_records_take_precedence_and_keep_the_manual_entry_beside(full_facts):
    report = load("Meta_report_Dec2025.csv")
    result = coverage(full_facts, report)
    summary = result.summary()
    assert (summary["from_records"], summary["manual"], summary["open"]) == (41, 59, 0)
    check_sums(summary)
    manual_rest = sum(row.score for row in report.rows if row.indicator.number not in RULES)
    assert summary["total"] == 41 + manual_rest
    crawling = result.results[2]
    assert crawling.bucket is Bucket.FROM_RECORDS and crawling.score == 1
    assert crawling.manual is not None and crawling.manual.score == report.rows[2].score
    assert summary["organisation"] == "Acme AI"


def test_records_only(full_facts):
    summary = coverage(full_facts).summary()
    assert (summary["total"], summary["from_records"], summary["open"]) == (41, 41, 59)
    check_sums(summary)


def test_export_of_records_rows_reads_back_with_the_same_scores(full_facts):
    result = coverage(full_facts, load("Anthropic_report_Dec2025.csv"))
    again = read_report(write_report(result.rows()))
    assert [r.score for r in again.rows] == [r.score for r in result.results]
    row = again.by_number()[58]
    assert row.score == 1 and "bio-uplift (v2)" in row.disclosure and "/commitments/1/" in row.references
    assert row.justification.startswith("Filled from records on redline")


def test_open_rows_export_empty_with_score_zero():
    rows = coverage({}).rows()
    assert len(rows) == 100 and all(r.score == 0 and r.disclosure == "" for r in rows)
    assert rows[0].definition.startswith("What methods does the developer use")


def test_a_partial_manual_report(full_facts):
    report = read_report(write_report(load("Meta_report_Dec2025.csv").rows[90:]))
    summary = coverage({}, report).summary()
    assert (summary["manual"], summary["open"]) == (10, 90)
    as_json = coverage({}, report).as_dict()
    assert as_json["results"][95]["bucket"] == "manual" and as_json["results"][0]["bucket"] == "open"
