"""The advisory page shows the record whole: AVID records (severity not given, Markdown rendered safely,
withheld only when something is, taxonomy and metrics), links, vendor statuses, exports; feeds refuse
unknown scopes; the shipped AVID database."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from redline.disclosure import importers, services
from redline.disclosure.models import Advisory, Incident, Report

AVID = Path(__file__).resolve().parent.parent / "fixtures" / "avid"


@pytest.fixture
def avid_record(db):
    [result] = importers.import_avid([AVID / "reports" / "AVID-2026-R0551.json"])
    assert result.status == "imported"
    return Advisory.objects.get(report__source_id="AVID-2026-R0551")


def _published(world, submit, **kw):
    report = submit(**kw).report
    services.triage(world.triager, report, world.aurora, "accept")
    return report, services.publish(world.triager, report)


def test_an_avid_id_redirects_to_its_record(client, avid_record):
    for path, target in (("/advisories/AVID-2026-R0551/", f"/advisories/{avid_record.public_id}/"),
                         ("/advisories/avid-2026-r0551.json", f"/advisories/{avid_record.public_id}.json")):
        response = client.get(path)
        assert response.status_code == 301 and response["Location"] == target
    assert client.get("/advisories/AVID-2099-R9999/").status_code == 404


def test_an_avid_record_is_shown_whole(client, avid_record):
    html = client.get(avid_record.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    h1 = soup.find("h1")
    assert "`" not in h1.get_text() and h1.find("code").get_text() == "dra.DRA"
    assert "`" not in soup.title.get_text() and "dra.DRA" in soup.title.get_text()
    assert "severity not given" in soup.get_text()
    assert not any(h.get_text() == "Withheld" for h in soup.find_all("h2"))
    taxonomy = soup.find("h2", string="AVID taxonomy").find_next("dl").get_text(" ")
    assert "Security" in taxonomy and "S0403: Adversarial Example" in taxonomy and "L05: Evaluation" in taxonomy
    cells = [td.get_text() for td in soup.find("h2", string="Metrics").find_next("table").find_all("td")]
    assert cells[:3] == ["mitigation.MitigationBypass", "0/60 passed", "0"]
    data = client.get(f"/advisories/{avid_record.public_id}.json").json()
    assert data["severity"] is None and data["withheld"] == []
    assert data["metrics"][0]["columns"] == ["detector", "result", "score"]


def test_markdown_is_rendered_without_letting_markup_through(client, world, submit):
    _, adv = _published(world, submit, title="Probe `x.y` leaks", description="Run **this**.\n\n<script>alert(1)"
                                                                                "</script> [a](javascript:alert(1))")
    soup = BeautifulSoup(client.get(adv.get_absolute_url()).content.decode(), "html.parser")
    assert soup.find("h1").find("code").get_text() == "x.y"
    main = soup.find("main")
    assert main.find("script") is None and main.find("strong").get_text() == "this"
    assert "<script>alert(1)</script>" in main.get_text()  # shown as text
    assert not [a for a in main.find_all("a") if a.get("href", "").startswith("javascript")]


def test_withheld_shows_only_what_is_withheld(client, world, submit):
    _, plain = _published(world, submit, title="Nothing withheld", reporter_email="")
    html = client.get(plain.get_absolute_url()).content.decode()
    assert "<h2>Withheld</h2>" not in html
    _, kept = _published(world, submit, title="Steps kept back", reproduction="1. do this")
    html = client.get(kept.get_absolute_url()).content.decode()
    assert "<h2>Withheld</h2>" in html and "reproduction steps are shared with affected vendors only" in html


def test_the_page_links_models_organisations_vendor_status_and_exports(client, world, submit):
    report, adv = _published(world, submit, title="Linked")
    soup = BeautifulSoup(client.get(adv.get_absolute_url()).content.decode(), "html.parser")
    hrefs = {a.get("href") for a in soup.find("main").find_all("a")}
    assert "/models/aurora/aurora-2/" in hrefs and "/orgs/aurora/" in hrefs
    data = client.get(f"/advisories/{adv.public_id}.json").json()
    assert data["vendors"] == [{"vendor": "Aurora Labs", "status": "affected", "statement": None}]
    row = soup.find("table", id="vendors").find("tr", class_="vendor-status")
    assert row.find("a")["href"] == "/orgs/aurora/"  # the vendor's line links to its page
    assert row.find("span")["title"] == "the vendor confirmed the flaw and has no fix yet"
    exports = {e["format"]: e["url"] for e in data["exports"]}
    assert set(exports) == {"JSON", "JSON-LD", "STIX 2.1", "CVE JSON 5", "AVID"}
    for fmt, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, fmt
    assert client.get(exports["STIX 2.1"])["Content-Type"] == "application/stix+json"
    assert client.get(exports["AVID"]).json()["metadata"]["report_id"] == adv.public_id
    assert client.get(f"/advisories/{adv.public_id}/pdf.json").status_code == 404


def test_feeds_refuse_unknown_scopes_and_ignore_id_case(client, world, submit):
    _, adv = _published(world, submit, title="Feed item", cue_ids=["CUE-0050"])
    for path in ("/advisories/feed/model/aurora/nope.atom", "/advisories/feed/organisation/nobody.atom",
                 "/advisories/feed/cue/CUE-9999.atom"):
        assert client.get(path).status_code == 404, path
    for path in ("/advisories/feed/cue/cue-0050.atom", "/advisories/feed/model/Aurora/Aurora-2.atom",
                 "/advisories/feed/organisation/AURORA.atom"):
        response = client.get(path)
        assert response.status_code == 200 and adv.public_id in response.content.decode(), path
    listed = client.get("/advisories.json?cue=cue-0050&organisation=Aurora&model=AURORA/aurora-2").json()
    assert [r["public_id"] for r in listed["results"]] == [adv.public_id]


def test_the_shipped_avid_database_is_whole_and_licensed():
    with tarfile.open(importers.SHIPPED_AVID, "r:xz") as tar:
        names = tar.getnames()
        licence = tar.extractfile("LICENSE").read().decode()
    assert sum(n.startswith("reports/") for n in names) == 461
    assert sum(n.startswith("vulnerabilities/") for n in names) == 40
    assert licence.startswith("MIT License") and "AI Vulnerability Database" in licence
    assert (importers.SHIPPED_AVID.parent / "LICENSE").read_text().startswith("MIT License")


def test_the_shipped_import_is_idempotent_and_groups_with_entities(db, tmp_path):
    archive = tmp_path / "avid.tar.xz"
    vuln = next(p for p in sorted((AVID / "vulnerabilities").glob("*.json")) if b"AVID-2022-R0001" in p.read_bytes())
    with tarfile.open(archive, "w:xz") as tar:
        for name, path in (("LICENSE", AVID / "LICENSE"), (f"vulnerabilities/{vuln.name}", vuln),
                           ("reports/AVID-2022-R0001.json", AVID / "reports" / "AVID-2022-R0001.json")):
            data = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    first = importers.import_shipped_avid(archive=archive)
    assert [r.status for r in first] == ["imported", "imported"]  # the report first, then its grouping
    assert importers.shipped_avid_pending(archive) == 0
    assert [r.status for r in importers.import_shipped_avid(archive=archive)] == ["skipped", "skipped"]
    grouping = Incident.objects.get(grouping=True)
    assert list(grouping.reports.values_list("source_id", flat=True)) == ["AVID-2022-R0001"]
    assert grouping.sources.exists() and grouping.entity_links.exists()
    assert Report.objects.get(source_id="AVID-2022-R0001").severity == ""
