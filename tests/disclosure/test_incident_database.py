"""The incident database: submission by URL (fetched from a local server only), review with reason codes,
merge with redirect, reports ↔ incidents many-to-many, sources, entities and facet counts."""

from __future__ import annotations

import http.server

import pytest

from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.disclosure import incidents, services
from redline.disclosure.incidents import IncidentDraft
from redline.disclosure.models import Entity, Incident

ARTICLE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Ignored when og:title is there</title>
<meta property="og:title" content="Chatbot advice led to an eviction notice">
<meta property="og:description" content="A housing assistant invented a statute.">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2026-03-04T08:00:00Z">
</head><body><p>text</p></body></html>"""


@pytest.fixture
def site(settings, serve):
    """A local news site: /article (HTML), /moved (redirect to /article), /data (JSON), /gone (404)."""
    settings.WEBHOOK_ALLOW_PRIVATE = True

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            if self.path == "/article":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(ARTICLE)
            elif self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/article")
                self.end_headers()
            elif self.path == "/data":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")
            else:
                self.send_response(404)
                self.end_headers()

    return serve(Handler)


def _draft(url="https://news.example/a", **kw) -> IncidentDraft:
    fields = {"url": url, "title": "Assistant invented a tenancy law", "summary": "A tenant was misled.",
              "developers": ["Aurora Labs"], "deployers": ["Northside Housing"], "harmed": ["Tenants"],
              "harm_types": ["financial"], "sectors": ["government"], "severity": "medium", "cue_ids": ["cue-0050"]}
    fields.update(kw)
    return IncidentDraft(**fields)


def test_metadata_is_read_from_the_page_and_redirects_are_followed(site):
    meta, problem = incidents.fetch_metadata(site + "/moved")
    assert problem == ""
    assert meta.title == "Chatbot advice led to an eviction notice"
    assert meta.summary == "A housing assistant invented a statute."
    assert meta.publisher == "Harbour Gazette" and meta.published.isoformat() == "2026-03-04"


@pytest.mark.parametrize("path, why", [("/data", "application/json, not a web page"), ("/gone", "HTTP 404")])
def test_an_unreadable_page_says_why(site, path, why):
    meta, problem = incidents.fetch_metadata(site + path)
    assert meta is None and why in problem


def test_the_ssrf_guard_refuses_the_local_network(settings, site):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    meta, problem = incidents.fetch_metadata(site + "/article")
    assert meta is None and problem == "the address is on a private or local network, which redline does not fetch"


def test_submission_by_url_prefills_the_form_then_creates_a_draft(client, world, site):
    client.force_login(world.researcher)
    step2 = client.post("/incidents/submit/", {"op": "fetch", "url": site + "/article"})
    html = step2.content.decode()
    assert step2.status_code == 200 and "Filled in from the page" in html
    assert 'value="Chatbot advice led to an eviction notice"' in html and 'value="Harbour Gazette"' in html
    done = client.post("/incidents/submit/", {
        "op": "submit", "url": site + "/article", "title": "Chatbot advice led to an eviction notice",
        "summary": "A housing assistant invented a statute.", "publisher": "Harbour Gazette",
        "developers": "Aurora Labs", "harmed": "Tenants\nA tenant's family", "harm_types": ["financial"],
        "cue_ids": "cue-0050", "severity": ""})
    inc = Incident.objects.get(title="Chatbot advice led to an eviction notice")
    assert done.status_code == 302 and done["Location"] == inc.get_absolute_url()
    assert inc.state == "submitted" and inc.severity == "" and [c.pk for c in inc.cue_entries.all()] == ["CUE-0050"]
    assert inc.sources.get().publisher == "Harbour Gazette"
    assert sorted(link.entity.name for link in inc.entity_links.filter(role="harmed")) == ["A tenant's family",
                                                                                             "Tenants"]
    aurora = inc.entity_links.get(role="developer").entity
    assert aurora.organisation == world.aurora  # an organisation on redline, not a second name for it
    assert client.get(inc.get_absolute_url()).status_code == 200  # the submitter sees the draft
    client.logout()
    assert client.get(inc.get_absolute_url()).status_code == 404  # nobody else does


def test_an_unreachable_page_leaves_the_typing_to_the_submitter(client, world, site):
    client.force_login(world.researcher)
    html = client.post("/incidents/submit/", {"op": "fetch", "url": site + "/gone"}).content.decode()
    assert "We could not read the page (the site answered HTTP 404)" in html
    assert f'value="{site}/gone"' in html  # the address is kept; the rest is typed


def test_a_bad_submission_names_the_field_and_keeps_what_was_typed(client, world):
    client.force_login(world.researcher)
    page = client.post("/incidents/submit/", {"op": "submit", "url": "https://news.example/x", "title": "T",
                                              "summary": "S", "developers": "", "deployers": "", "harmed": ""})
    html = page.content.decode()
    assert page.status_code == 422 and "name at least one developer, deployer or harmed party" in html
    assert 'value="https://news.example/x"' in html
    assert client.post("/incidents/submit/", {"op": "fetch", "url": "ftp://x"}).status_code == 422


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    assert client.get("/incidents/submit/").status_code == 302
    with pytest.raises(PermissionDenied):
        incidents.submit(None, _draft())


def test_a_rejection_carries_a_reason_code_the_submitter_sees(client, world):
    inc = incidents.submit(world.researcher, _draft())
    with pytest.raises(PermissionDenied):
        incidents.reject(world.researcher, inc, "no-harm")
    with pytest.raises(InvalidInput, match="choose one of"):
        incidents.reject(world.coordinator, inc, "nope")
    client.force_login(world.coordinator)
    client.post(f"/incidents/{inc.pk}/review/", {"op": "reject", "code": "insufficient-sources",
                                                 "note": "Only a blog post."})
    inc.refresh_from_db()
    assert inc.state == "rejected"
    client.force_login(world.researcher)
    mine = client.get("/incidents/submissions.json").json()["mine"]
    assert mine[0]["rejection"]["code"] == "insufficient-sources" and mine[0]["rejection"]["note"] == "Only a blog post."
    html = client.get("/incidents/submissions/").content.decode()
    assert "insufficient-sources" in html and "do not show that the event happened" in html
    page = client.get(inc.get_absolute_url()).content.decode()
    assert "reason code <code>insufficient-sources</code>" in page
    with pytest.raises(IllegalTransition):
        incidents.publish(world.coordinator, inc)


def test_merge_keeps_the_number_and_redirects(client, world):
    target = incidents.submit(world.researcher, _draft())
    incidents.publish(world.coordinator, target)
    dup = incidents.submit(world.researcher, _draft(url="https://other.example/b", developers=["Other Dev"]))
    incidents.merge(world.coordinator, dup, target, "same event")
    assert client.get(f"/incidents/{dup.pk}/").headers["Location"] == f"/incidents/{target.pk}/"
    assert client.get(f"/incidents/{dup.pk}.json").status_code == 301
    assert client.get(f"/incidents/{dup.pk}.json", follow=True).json()["id"] == target.pk
    assert sorted(s.url for s in target.sources.all()) == ["https://news.example/a", "https://other.example/b"]
    assert target.entity_links.filter(entity__name="Other Dev").exists()
    dup.refresh_from_db()
    assert dup.rejection_code == "duplicate"  # the submitter learns why their draft is not its own incident
    with pytest.raises(InvalidInput, match="itself"):
        incidents.merge(world.coordinator, target, target)
    # a chain of merges still lands on the surviving incident
    third = incidents.submit(world.researcher, _draft(url="https://third.example/c"))
    incidents.publish(world.coordinator, third)
    incidents.merge(world.coordinator, target, third)
    assert client.get(f"/incidents/{dup.pk}/").headers["Location"] == f"/incidents/{third.pk}/"


def test_a_report_describes_several_incidents(client, world, submit):
    report = submit().report
    services.triage(world.triager, report, world.aurora, "accept")
    adv = services.publish(world.triager, report)
    one = services.create_incident(world.coordinator, "One", reports=[report])
    two = services.create_incident(world.coordinator, "Two", reports=[report])
    assert sorted(i.title for i in report.incidents.all()) == ["One", "Two"]
    for inc in (one, two):
        assert client.get(f"/incidents/{inc.pk}.json").json()["advisories"] == [adv.public_id]
    assert one.reports.count() == 1


def test_recurrences_link_both_ways_and_hidden_ones_stay_hidden(client, world):
    a = incidents.submit(world.researcher, _draft())
    b = incidents.submit(world.researcher, _draft(title="It happened again"))
    draft = incidents.submit(world.researcher, _draft(title="Unreviewed"))
    for inc in (a, b):
        incidents.publish(world.coordinator, inc)
    incidents.link_related(world.coordinator, a, b.pk)
    a.related.add(draft)
    assert [r["id"] for r in client.get(f"/incidents/{b.pk}.json").json()["related"]] == [a.pk]
    assert [r["id"] for r in client.get(f"/incidents/{a.pk}.json").json()["related"]] == [b.pk]
    with pytest.raises(PermissionDenied):
        incidents.link_related(world.researcher, a, b.pk)


def test_sources_and_entities_are_added_by_editors(client, world):
    inc = incidents.submit(world.researcher, _draft())
    incidents.publish(world.coordinator, inc)
    client.force_login(world.coordinator)
    client.post(f"/incidents/{inc.pk}/edit/", {"op": "source", "url": "https://court.example/ruling",
                                               "title": "Ruling", "publisher": "County Court",
                                               "published_on": "2026-02-01",
                                               "archived_url": "https://archive.example/ruling"})
    client.post(f"/incidents/{inc.pk}/edit/", {"op": "entity", "name": "OpenForge", "role": "deployer"})
    data = client.get(f"/incidents/{inc.pk}.json").json()
    assert {"url": "https://court.example/ruling", "title": "Ruling", "publisher": "County Court",
            "published_on": "2026-02-01", "archived_url": "https://archive.example/ruling"} in data["sources"]
    assert [e["organisation"] for e in data["entities"]["deployer"]] == [None, "forge"]
    client.force_login(world.researcher)
    assert client.post(f"/incidents/{inc.pk}/edit/", {"op": "entity", "name": "X", "role": "harmed"}).status_code == 403


def test_entity_pages_list_incidents_by_role(client, world):
    inc = incidents.submit(world.researcher, _draft())
    rejected = incidents.submit(world.researcher, _draft(title="Spam", harmed=["Only in spam"]))
    incidents.publish(world.coordinator, inc)
    incidents.reject(world.coordinator, rejected, "spam")
    aurora = Entity.objects.get(organisation=world.aurora)
    data = client.get(f"/entities/{aurora.slug}.json").json()
    assert data["organisation"] == "aurora" and [i["id"] for i in data["incidents"]["developer"]] == [inc.pk]
    assert 'href="/orgs/aurora/"' in client.get(f"/entities/{aurora.slug}/").content.decode()
    tenants = Entity.objects.get(name="Tenants")
    assert client.get(f"/entities/{tenants.slug}.json").json()["incidents"]["harmed"][0]["id"] == inc.pk
    spam = Entity.objects.get(name="Only in spam")
    assert client.get(f"/entities/{spam.slug}/").status_code == 404  # named only by a rejected draft
    names = [e["name"] for e in client.get("/entities.json").json()["results"]]
    assert "Tenants" in names and "Only in spam" not in names


def test_the_list_shows_facet_counts_and_filters_case_insensitively(client, world):
    for title, harm, sector, sev in (("A", "financial", "finance", "high"), ("B", "financial", "retail", ""),
                                     ("C", "privacy", "retail", "low")):
        inc = incidents.submit(world.researcher, _draft(title=title, harm_types=[harm], sectors=[sector],
                                                        severity=sev, atlas=["aml.t0051"] if title == "C" else []))
        incidents.publish(world.coordinator, inc)
    incidents.submit(world.researcher, _draft(title="Draft", harm_types=["financial"]))  # not counted
    data = client.get("/incidents.json").json()
    facets = {f["name"]: {v["value"]: v["count"] for v in f["values"]} for f in data["facets"]}
    assert data["count"] == 3
    assert facets["harm"] == {"financial": 2, "privacy": 1}
    assert facets["severity"] == {"high": 1, "low": 1, "not given": 1}
    assert facets["sector"] == {"retail": 2, "finance": 1}
    assert facets["cue"] == {"CUE-0050": 3} and facets["atlas"] == {"AML.T0051": 1}
    narrowed = client.get("/incidents.json?sector=RETAIL&cue=cue-0050").json()
    assert sorted(r["title"] for r in narrowed["results"]) == ["B", "C"]
    html = client.get("/incidents/?sector=retail").content.decode()
    assert "financial</a> (1)" in html and "privacy</a> (1)" in html


def test_bad_taxonomy_is_named(world):
    with pytest.raises(InvalidInput, match="cue_ids: no such CUE entry: CUE-9999"):
        incidents.submit(world.researcher, _draft(cue_ids=["CUE-9999"]))
    with pytest.raises(InvalidInput, match="atlas: T1 is not an ATLAS technique"):
        incidents.submit(world.researcher, _draft(atlas=["T1"]))
    with pytest.raises(InvalidInput, match="severity"):
        incidents.submit(world.researcher, _draft(severity="huge"))
