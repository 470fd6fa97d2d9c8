"""``redline import fmti``, ``redline transparency fmti`` and ``redline report build|compare`` (issue 16)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fmti"
REPORTS = {"Anthropic_report_Dec2025.csv": 46, "Meta_report_Dec2025.csv": 31}


def _scores(text: str) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return {" ".join(r[0].split()).casefold(): r[6].strip() for r in rows[1:] if r and any(c.strip() for c in r)}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_shared_report_imports_and_exports_with_every_score_unchanged(redline_cli, tmp_path, name):
    from redline.accounts.models import Organisation

    code, out, err = redline_cli("import", "fmti", str(FIXTURES / name), "--org", "fmti-dev")
    assert code == 0, err
    assert "created the developer organisation fmti-dev" in out
    assert Organisation.objects.get(slug="fmti-dev").kind == "developer"
    exported = tmp_path / "out.csv"
    code, out, err = redline_cli("transparency", "fmti", "fmti-dev", "--json", "--csv", str(exported))
    assert code == 0, err
    summary = json.loads(out)
    assert summary["total"] == REPORTS[name]
    assert summary["manual"] == 100 and summary["from_records"] == 0 and summary["open"] == 0
    original = _scores((FIXTURES / name).read_text(encoding="utf-8-sig"))
    assert _scores(exported.read_text(encoding="utf-8")) == original
    assert exported.read_text(encoding="utf-8").startswith(
        "Indicator,Definition,Notes,Disclosure,Justification,References,Score\n")


def test_a_second_import_reuses_the_organisation_and_supersedes_the_first(redline_cli):
    from redline.transparency.models import FmtiReport

    for name in sorted(REPORTS):
        code, out, err = redline_cli("import", "fmti", str(FIXTURES / name), "--org", "fmti-dev")
        assert code == 0, err
    assert "created" not in out
    assert FmtiReport.objects.filter(organisation__slug="fmti-dev").count() == 2
    code, out, _ = redline_cli("transparency", "fmti", "fmti-dev", "--json")
    assert json.loads(out)["total"] == REPORTS["Meta_report_Dec2025.csv"]


def test_the_json_has_exactly_the_keys_the_issue_names(redline_cli, world):
    code, out, err = redline_cli("transparency", "fmti", "acme", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert list(summary) == ["organisation", "indicators", "total", "domains", "subdomains", "from_records",
                             "manual", "open"]
    assert summary["indicators"] == 100
    assert list(summary["domains"]) == ["Upstream", "Model", "Downstream"]
    assert summary["from_records"] + summary["manual"] + summary["open"] == 100
    assert sum(summary["domains"].values()) == summary["total"] == sum(summary["subdomains"].values())


def test_records_manual_and_open_add_up_to_100_with_all_three_present(redline_cli, world, tmp_path):
    """An organisation with records (a model with stages, an intake, deadline clocks) and a partial import."""
    from redline.registry.services import update_supply_chain

    model = world["model"]
    update_supply_chain(world["admin"], model, training_stages=["pre-training", "fine-tuning"],
                        crawler={"name": "AcmeBot", "opt_out_url": "https://acme.test/bot"})
    partial = tmp_path / "partial.csv"
    text = (FIXTURES / "Meta_report_Dec2025.csv").read_text(encoding="utf-8-sig")
    partial.write_text("\n".join(text.splitlines()[:1]) + "\n" + _first_rows(text, 10), encoding="utf-8")
    code, out, err = redline_cli("import", "fmti", str(partial), "--org", "acme")
    assert code == 0, err
    code, out, err = redline_cli("transparency", "fmti", "acme", "--json")
    summary = json.loads(out)
    assert summary["from_records"] > 0 and summary["manual"] > 0 and summary["open"] > 0
    assert summary["from_records"] + summary["manual"] + summary["open"] == 100


def _first_rows(text: str, n: int) -> str:
    rows = list(csv.reader(io.StringIO(text)))[1:n + 1]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("content, where", [
    ("Indicator,Definition,Notes,Disclosure,Justification,References\n", "row 1, column 7"),
    ("Indicator,Definition,Notes,Disclosure,Justification,References,Score\nNo such indicator,,,,,,1\n",
     "row 2, column Indicator"),
    ("Indicator,Definition,Notes,Disclosure,Justification,References,Score\nData acquisition methods,,,,,,2\n",
     "row 2, column Score"),
])
def test_a_bad_file_gives_one_line_naming_row_and_column_and_writes_nothing(redline_cli, tmp_path, content, where):
    from redline.accounts.models import Organisation
    from redline.transparency.models import FmtiReport

    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    code, out, err = redline_cli("import", "fmti", str(bad), "--org", "new-dev")
    assert code != 0
    assert where in err and len(err.strip().splitlines()) == 1
    assert not Organisation.objects.filter(slug="new-dev").exists()
    assert not FmtiReport.objects.exists()


def test_a_byte_order_mark_and_trailing_spaces_in_names_are_accepted(redline_cli, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffIndicator,Definition,Notes,Disclosure,Justification,References,Score\n"
                     "Data acquisition methods   ,d,n,We crawl.,j,r,1\n".encode())
    code, out, err = redline_cli("import", "fmti", str(path), "--org", "bom-dev")
    assert code == 0, err
    code, out, _ = redline_cli("transparency", "fmti", "bom-dev", "--json")
    assert json.loads(out)["total"] == 1


def test_report_build_writes_each_format_and_compare_reads_two(redline_cli, world, in_force_red_line, tmp_path):
    import datetime as dt

    from redline.core.documents import quarter_of

    period = str(quarter_of(dt.datetime.now(dt.UTC)))
    for fmt in ("json", "html", "pdf"):
        out = tmp_path / f"report.{fmt}"
        code, stdout, err = redline_cli("report", "build", "acme", "--period", period, "--format", fmt,
                                        "--out", str(out))
        assert code == 0, err
        assert out.stat().st_size > 0
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "[withheld:" in html and "data:image/png;base64," in html
    public = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert public["audience"] == "public"
    assert public["sections"]["safeguards-detail"]["withheld"] is True
    assert "Cyber uplift" in public["sections"]["thresholds"]["text"]
    regulators = tmp_path / "regulators.json"
    code, _, err = redline_cli("report", "build", "acme", "--period", period, "--audience", "regulators",
                               "--format", "json", "--out", str(regulators))
    assert code == 0, err
    reg = json.loads(regulators.read_text(encoding="utf-8"))
    assert reg["sections"]["safeguards-detail"]["withheld"] is False
    assert reg["sections"]["incidents-detail"]["withheld"] is False
    code, out, err = redline_cli("report", "compare", str(tmp_path / "report.json"), str(regulators), "--json")
    assert code == 0, err
    changed = {c["section"] for c in json.loads(out)["changes"]}
    assert "safeguards-detail" in changed and "thresholds" not in changed


@pytest.mark.parametrize("args, message", [
    (("--period", "2026-Q5"), "--period"),
    (("--period", "2026-Q3", "--audience", "everyone"), "--audience"),
    (("--period", "2026-Q3", "--format", "docx"), "--format"),
])
def test_report_build_refuses_bad_options_in_one_line(redline_cli, world, tmp_path, args, message):
    code, out, err = redline_cli("report", "build", "acme", *args, "--out", str(tmp_path / "x"))
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
