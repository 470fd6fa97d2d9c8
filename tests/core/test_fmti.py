"""FMTI Dec 2025: the shipped indicators, and reading and writing developer reports in FMTI's CSV shape."""

import csv
import io
from pathlib import Path

import pytest

from redline.core.errors import ImportFailed, InvalidInput
from redline.core.transparency import fmti
from redline.core.transparency.fmti import (
    HEADER,
    indicator,
    load_indicators,
    read_report,
    read_report_file,
    write_report,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fmti"
SHARED_REPORTS = {"Anthropic_report_Dec2025.csv": 46, "Meta_report_Dec2025.csv": 31}


def report_bytes(name="Meta_report_Dec2025.csv") -> bytes:
    return (FIXTURES / name).read_bytes()


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def to_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_the_100_indicators_ship_with_domains_and_subdomains():
    indicators = load_indicators()
    assert [i.number for i in indicators] == list(range(1, 101))
    assert len({i.key for i in indicators}) == 100
    by_domain = {d: sum(i.domain == d for i in indicators) for d in ("Upstream", "Model", "Downstream")}
    assert by_domain == {"Upstream": 34, "Model": 30, "Downstream": 36}
    assert len({i.subdomain for i in indicators}) == 19
    accountability = [i.name for i in indicators if i.subdomain == "Accountability"]
    assert accountability == ["Oversight mechanism", "Whistleblower protection", "Government commitments"]
    assert indicator(58).name == "Risk thresholds" and indicator("  risk   THRESHOLDS ").number == 58
    assert all(i.definition and i.notes for i in indicators)


def test_the_packaged_indicators_are_the_shared_file_with_its_licence():
    from importlib import resources

    data = resources.files("redline").joinpath("data/fmti")
    assert data.joinpath("LICENSE.md").read_text(encoding="utf-8").startswith("Attribution 4.0 International")
    assert "CC BY 4.0" in data.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert data.joinpath("Dec2025_indicators.csv").read_bytes().startswith(b"Domain,Subdomain,Indicator,")


@pytest.mark.parametrize("name, total", SHARED_REPORTS.items())
def test_shared_reports_import_and_export_unchanged(name, total):
    original = report_bytes(name)
    report = read_report(original, source=name)
    assert len(report.rows) == 100 and report.total == total
    exported = write_report(report.rows)
    assert exported.encode("utf-8") == original
    again = read_report(exported)
    assert {r.indicator.number: r.score for r in again.rows} == {r.indicator.number: r.score for r in report.rows}


def test_report_names_match_the_indicator_file_exactly():
    for name in SHARED_REPORTS:
        names = [row[0] for row in rows_of(report_bytes(name))[1:]]
        assert names == [i.name for i in load_indicators()]


def test_a_byte_order_mark_crlf_and_trailing_spaces_in_names_are_accepted():
    rows = rows_of(report_bytes())
    rows[3][0] = rows[3][0] + "   "
    rows[4][0] = rows[4][0].upper()
    data = b"\xef\xbb\xbf" + to_bytes(rows).replace(b"\n", b"\r\n")
    report = read_report(data)
    assert report.rows[2].indicator.name == "Crawling" and report.rows[3].indicator.number == 4
    assert report.total == 31


def test_a_report_may_cover_only_some_indicators():
    rows = rows_of(report_bytes())[:11]
    assert len(read_report(to_bytes(rows)).rows) == 10


def test_a_file_in_the_2023_indicator_shape_is_not_a_report():
    source = (b"\xef\xbb\xbfDomain,Subdomain,Indicator,Definition,Notes,Reference_1,Reference_2,Link_1,Link_2\r\n"
              b"Upstream,Data,Data creators ,Is the data creator disclosed?,,,,,\r\n")
    with pytest.raises(ImportFailed, match=r"^report.csv: row 1, column 1: the header must be Indicator,Definition,"
                                           r"Notes,Disclosure,Justification,References,Score; column 1 should be "
                                           r"'Indicator' and is 'Domain'$"):
        read_report(source)


def bad(change) -> bytes:
    rows = rows_of(report_bytes())
    change(rows)
    return to_bytes(rows)


@pytest.mark.parametrize("change, message", [
    (lambda r: r[0].__setitem__(6, "Points"), "row 1, column 7: the header must be .* should be 'Score' and is "
                                              "'Points'"),
    (lambda r: r[0].pop(), "row 1, column 7: .* and missing"),
    (lambda r: r[0].append("Extra"), "row 1, column 8: unexpected extra column 'Extra'"),
    (lambda r: r[5].__setitem__(6, "2"), "row 6, column Score: '2' is not 0 or 1"),
    (lambda r: r[5].__setitem__(6, "yes"), "row 6, column Score: 'yes' is not 0 or 1"),
    (lambda r: r[5].__setitem__(6, ""), "row 6, column Score: '' is not 0 or 1"),
    (lambda r: r[7].__setitem__(0, "Vibes"), "row 8, column Indicator: unknown indicator 'Vibes'"),
    (lambda r: r[7].__setitem__(0, " "), "row 8, column Indicator: empty"),
    (lambda r: r[9].__setitem__(0, r[2][0]), "row 10, column Indicator: 'Public datasets' appears again "
                                             r"\(first on row 3\)"),
    (lambda r: r.__setitem__(12, r[12][:5]), "row 13, column References: missing \\(the row has 5 of 7 columns\\)"),
    (lambda r: r[12].append("stray"), "row 13, column 8: unexpected extra value"),
    (lambda r: r[12].__setitem__(3, "x" * (fmti.MAX_FIELD_CHARS + 1)), "row 13, column Disclosure: longer than"),
])
def test_bad_reports_name_the_row_and_column(change, message):
    with pytest.raises(ImportFailed, match=r"^report.csv: " + message):
        read_report(bad(change))


def test_bad_encoding_names_the_row_and_column():
    rows = rows_of(report_bytes())
    rows[20][3] = "caf\u00e9 MARK"
    data = to_bytes(rows).replace("caf\u00e9 MARK".encode(), b"caf\xe9 MARK")
    with pytest.raises(ImportFailed, match=r"^meta.csv: row 21, column Disclosure: not UTF-8 text \(byte 0xe9\)$"):
        read_report(data, source="meta.csv")


def test_size_limits(monkeypatch):
    with pytest.raises(ImportFailed, match="larger than 4 MiB"):
        read_report(b"x" * (fmti.MAX_BYTES + 1))
    monkeypatch.setattr(fmti, "MAX_ROWS", 5)
    with pytest.raises(ImportFailed, match="row 7: more than 5 indicator rows"):
        read_report(report_bytes())


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"   \n", "the file is empty"),
    (",".join(HEADER).encode() + b"\n", "a header but no indicator rows"),
    (",".join(HEADER).encode() + b'\nCrawling,"' + b"x" * 200_000 + b'",,,,,1\n',
     r"row 2: not a readable CSV row \(field larger than field limit"),
])
def test_empty_and_unreadable_files(data, message):
    with pytest.raises(ImportFailed, match=message):
        read_report(data)


def test_import_failed_is_invalid_input_so_the_cli_exits_2():
    assert issubclass(ImportFailed, InvalidInput) and ImportFailed.exit_code == 2


def test_read_report_file(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_bytes(report_bytes())
    assert read_report_file(path).total == 31
    with pytest.raises(ImportFailed, match="^missing.csv: no such file$"):
        read_report_file(tmp_path / "missing.csv")
    with pytest.raises(ImportFailed, match="is a directory"):
        read_report_file(tmp_path)
    path.write_bytes(report_bytes().replace(b"Score\n", b"Score\nNope,a,b,c,d,e,1\n", 1))
    with pytest.raises(ImportFailed, match="^acme.csv: row 2, column Indicator: unknown indicator 'Nope'"):
        read_report_file(path)
