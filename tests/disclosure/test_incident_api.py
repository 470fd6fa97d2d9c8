"""The incident database's read API: the faceted, paginated list and one incident, as the pages show them."""

from __future__ import annotations

import pytest

from redline.disclosure import incidents, services
from redline.disclosure.incidents import IncidentDraft

pytestmark = pytest.mark.django_db


def _draft(title: str, **kw) -> IncidentDraft:
    fields = {"url": f"https://news.example/{title.lower().replace(' ', '-')}", "title": title,
              "summary": "What happened.", "developers": ["Aurora Labs"], "harmed": ["Tenants"],
              "harm_types": ["financial"], "sectors": ["government"], "severity": "medium", "cue_ids": ["cue-0050"]}
    fields.update(kw)
    return IncidentDraft(**fields)


@pytest.fixture
def db_of_incidents(world, submit):
    made = {}
    for title, harm, sector in (("Eviction", "financial", "government"), ("Leak", "privacy", "healthcare"),
                                ("Loan", "financial", "finance")):
        inc = incidents.submit(world.researcher, _draft(title, harm_types=[harm], sectors=[sector]))
        made[title] = incidents.publish(world.coordinator, inc)
    made["Draft"] = incidents.submit(world.researcher, _draft("Draft", harm_types=["privacy"]))
    report = submit().report
    services.triage(world.triager, report, world.aurora, "accept")
    services.publish(world.coordinator, report)
    incidents.link_reports(world.coordinator, made["Eviction"], [report])
    incidents.add_source(world.coordinator, made["Eviction"], "https://court.example/ruling", title="Ruling")
    incidents.link_related(world.coordinator, made["Eviction"], made["Loan"].pk)
    made["Eviction"].related.add(made["Draft"])  # linked to a draft, which outsiders must not see
    return made


def test_the_list_has_the_pages_filters_facets_and_pagination(client, db_of_incidents):
    data = client.get("/api/incidents").json()
    assert data["count"] == 3 and sorted(i["title"] for i in data["items"]) == ["Eviction", "Leak", "Loan"]
    page_twin = client.get("/incidents.json").json()
    assert data["facets"] == page_twin["facets"]
    harm = next(f for f in data["facets"] if f["name"] == "harm")
    assert harm["values"] == [{"value": "financial", "count": 2}, {"value": "privacy", "count": 1}]
    narrowed = client.get("/api/incidents?harm=FINANCIAL&sector=finance").json()
    assert [i["title"] for i in narrowed["items"]] == ["Loan"] and narrowed["count"] == 1
    assert next(f for f in narrowed["facets"] if f["name"] == "harm")["chosen"] == "FINANCIAL"
    assert narrowed["facets"] == client.get("/incidents.json?harm=FINANCIAL&sector=finance").json()["facets"]
    first = client.get("/api/incidents?limit=2").json()
    second = client.get("/api/incidents?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    assert {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]} == \
           {db_of_incidents[t].pk for t in ("Eviction", "Leak", "Loan")}


def test_drafts_are_never_listed_and_answer_only_their_submitter_and_coordinators(client, world, db_of_incidents):
    draft = db_of_incidents["Draft"]
    for user in (None, world.triager, world.researcher, world.coordinator):
        if user is not None:
            client.force_login(user)
        assert draft.pk not in {i["id"] for i in client.get("/api/incidents?limit=100").json()["items"]}
        status = client.get(f"/api/incidents/{draft.pk}").status_code
        assert status == (200 if user in (world.researcher, world.coordinator) else 404), user
        client.logout()


def test_one_incident_has_reports_entities_sources_and_visible_related(client, world, db_of_incidents):
    eviction, loan, draft = db_of_incidents["Eviction"], db_of_incidents["Loan"], db_of_incidents["Draft"]
    data = client.get(f"/api/incidents/{eviction.pk}").json()
    assert data == client.get(f"/incidents/{eviction.pk}.json").json()  # the page's JSON twin, field for field
    assert len(data["advisories"]) == 1 and data["advisories"][0].startswith("RL-")
    assert [e["name"] for e in data["entities"]["harmed"]] == ["Tenants"]
    assert [s["url"] for s in data["sources"]] == ["https://news.example/eviction", "https://court.example/ruling"]
    assert [r["id"] for r in data["related"]] == [loan.pk]  # the draft stays hidden
    client.force_login(world.coordinator)
    assert sorted(r["id"] for r in client.get(f"/api/incidents/{eviction.pk}").json()["related"]) == \
           sorted([loan.pk, draft.pk])


def test_a_merged_number_redirects_permanently_to_its_target(client, world, db_of_incidents):
    leak, loan = db_of_incidents["Leak"], db_of_incidents["Loan"]
    incidents.merge(world.coordinator, leak, loan, note="the same loan-scoring event")
    response = client.get(f"/api/incidents/{leak.pk}")
    assert response.status_code == 308 and response["Location"] == f"/api/incidents/{loan.pk}"
    assert response.json()["merged_into"] == loan.pk
    assert client.get(response["Location"]).json()["id"] == loan.pk
    assert leak.pk not in {i["id"] for i in client.get("/api/incidents").json()["items"]}


@pytest.mark.parametrize("path", ["/api/incidents/0", "/api/incidents/999999", "/api/incidents?limit=0"])
def test_bad_numbers_answer_clearly(client, db_of_incidents, path):
    response = client.get(path)
    assert response.status_code in (404, 422), response.status_code
    assert response.json()["detail"]
