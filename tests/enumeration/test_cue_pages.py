"""Pages and their JSON twins: browse, search, entry, history, linked records, proposals, decisions."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from redline.core import cue as core
from redline.enumeration import links, services
from redline.enumeration.models import CueEntry, CueProposal

pytestmark = pytest.mark.django_db

SHIPPED = core.load_catalogue()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def alternate(response) -> str:
    return soup(response).find("link", rel="alternate", type="application/json")["href"]


def test_browse_groups_every_entry_by_category(client):
    page = client.get("/cue/")
    assert page.status_code == 200
    html = soup(page)
    assert len(html.find_all("h1")) == 1
    headings = [h.get_text() for h in html.select("#cue-results h2")]
    used = [label for code, label in SHIPPED.categories.items() if SHIPPED.by_category(code)]
    assert headings == used
    ids = [a.get_text() for a in html.select("#cue-results th[scope=row] a")]
    assert ids == [e.id for code in SHIPPED.categories for e in SHIPPED.by_category(code)]
    assert alternate(page) == "/cue.json"
    assert html.find("a", href="/cue/", string="Enumeration") is not None  # nav link


def test_browse_twin_has_the_same_entries(client):
    data = client.get("/cue.json").json()
    assert data["count"] == len(SHIPPED.entries)
    assert data["catalogue_version"] == SHIPPED.version
    assert [r["id"] for r in data["results"]] == [e.id for e in SHIPPED.entries]
    assert sum(c["count"] for c in data["categories"]) == len(SHIPPED.entries)


@pytest.mark.parametrize("q", ["CUE-0001", "biological weapon", "BIOLOGICAL"])
def test_search_over_id_name_and_description(client, q):
    expected = [e.id for e in SHIPPED.search(q)]
    assert expected
    data = client.get("/cue.json", {"q": q}).json()
    assert [r["id"] for r in data["results"]] == expected
    page = client.get("/cue/", {"q": q})
    assert [a.get_text() for a in soup(page).select("#cue-results th[scope=row] a")] == expected
    assert alternate(page) == f"/cue.json?q={q.replace(' ', '+')}"


def test_search_with_no_match(client):
    assert client.get("/cue.json", {"q": "zzzz-nothing"}).json()["count"] == 0
    assert "No entries match." in client.get("/cue/", {"q": "zzzz-nothing"}).content.decode()


def test_category_filter(client):
    data = client.get("/cue.json", {"category": "privacy"}).json()
    assert [r["id"] for r in data["results"]] == [e.id for e in SHIPPED.by_category("privacy")]
    assert {r["category"] for r in data["results"]} == {"privacy"}
    both = client.get("/cue.json", {"category": "cbrn", "q": "biological"}).json()
    assert both["count"] >= 1 and all(r["category"] == "cbrn" for r in both["results"])


def test_unknown_category_says_so(client):
    page = client.get("/cue/", {"category": "astrology"})
    assert page.status_code == 200
    assert "There is no category" in page.content.decode()
    assert client.get("/cue.json", {"category": "astrology"}).json()["count"] == 0


def test_entry_page_shows_every_field_and_links_mappings(client):
    entry = SHIPPED.get("CUE-0001")
    page = client.get("/cue/CUE-0001/")
    assert page.status_code == 200
    html = soup(page)
    assert len(html.find_all("h1")) == 1 and entry.name in html.h1.get_text()
    text = html.get_text(" ")
    assert " ".join(entry.description.split()) in " ".join(text.split())
    for code in (*entry.threat_actors, *entry.harm_tiers, *entry.mappings.avid, *entry.mappings.aiid):
        assert code in text
    for atlas in entry.mappings.atlas:
        assert html.find("a", href=f"https://atlas.mitre.org/techniques/{atlas}", string=atlas) is not None
    for owasp in entry.mappings.owasp_llm:
        assert f"{owasp} {core.OWASP_LLM_2025[owasp]}" in " ".join(text.split())
    assert html.find("th", scope="row") is not None
    assert alternate(page) == "/cue/CUE-0001.json"


def test_entry_twin(client):
    data = client.get("/cue/CUE-0001.json").json()
    entry = SHIPPED.get("CUE-0001")
    assert data["id"] == "CUE-0001" and data["name"] == entry.name
    assert [m["id"] for m in data["mappings"]["atlas"]] == list(entry.mappings.atlas)
    assert data["mappings"]["owasp"][0]["name"] == core.OWASP_LLM_2025[entry.mappings.owasp_llm[0]]
    assert [v["version"] for v in data["versions"]] == [1]
    assert data["linked_records"] == []


def test_unknown_entry_is_404(client):
    assert client.get("/cue/CUE-9999/").status_code == 404
    assert client.get("/cue/CUE-9999.json").status_code == 404


def test_history_shows_diffs_between_versions(client, contributor, maintainer):
    entry = CueEntry.objects.get(cue_id="CUE-0002")
    old_name = entry.name
    proposal = services.propose(contributor, "edit", {"name": old_name + " at scale", "owasp": ["LLM06:2025"]},
                                target=entry)
    services.accept(maintainer, proposal, "scale matters")
    page = client.get("/cue/CUE-0002/")
    html = soup(page)
    assert html.find("ins", string="at scale") is not None
    assert html.find("ins", string="LLM06:2025") is not None
    assert "Version 2 (current)" in html.get_text() and "Version 1" in html.get_text()
    data = client.get("/cue/CUE-0002.json").json()
    assert [v["version"] for v in data["versions"]] == [2, 1]
    changed = {c["field"]: c for c in data["versions"][0]["changes"]}
    assert changed["name"]["before"] == old_name and changed["name"]["after"] == old_name + " at scale"
    assert changed["owasp"]["after"] == ["LLM06:2025"]


def test_linked_records_come_from_registered_providers(client, make_user):
    seen = []

    def provider(entry, user):
        seen.append((entry.cue_id, user.is_authenticated))
        if entry.cue_id == "CUE-0001":
            yield ("Report RL-2026-00001", "/reports/1/", "report")
            if user.is_authenticated:
                yield ("Private incident", "/incidents/7/", "incident")

    links.register_links("test.provider", provider)
    try:
        anon = soup(client.get("/cue/CUE-0001/"))
        assert anon.find("a", href="/reports/1/", string="Report RL-2026-00001") is not None
        assert anon.find("a", href="/incidents/7/") is None
        client.force_login(make_user())
        data = client.get("/cue/CUE-0001.json").json()
        assert data["linked_records"] == [
            {"title": "Private incident", "url": "/incidents/7/", "kind": "incident"},
            {"title": "Report RL-2026-00001", "url": "/reports/1/", "kind": "report"},
        ]
        assert client.get("/cue/CUE-0002.json").json()["linked_records"] == []
        assert seen[0] == ("CUE-0001", False)
    finally:
        links.unregister_links("test.provider")
    assert "test.provider" not in links.providers()


def test_register_links_refuses_a_non_callable():
    with pytest.raises(TypeError):
        links.register_links("broken", "not a function")


# --- proposing -------------------------------------------------------------------------------------------


def _form(fields: dict) -> dict:
    return {**fields, "atlas": " ".join(fields["atlas"]), "avid": " ".join(fields["avid"]),
            "owasp": " ".join(fields["owasp"]), "aiid": " ".join(fields["aiid"])}


def test_propose_needs_sign_in(client):
    response = client.get("/cue/proposals/new/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.get("/cue/CUE-0001/propose-edit/").status_code == 302


def test_propose_new_entry_through_the_form(client, contributor, new_fields):
    client.force_login(contributor)
    form = client.get("/cue/proposals/new/")
    assert form.status_code == 200
    html = soup(form)
    for name in ("name", "category", "description", "atlas", "rationale"):
        field = html.find(attrs={"name": name})
        assert field is not None and html.find("label", attrs={"for": field["id"]}) is not None
    response = client.post("/cue/proposals/new/", {**_form(new_fields), "rationale": "seen it"})
    assert response.status_code == 302
    proposal = CueProposal.objects.get()
    assert response["Location"] == f"/cue/proposals/{proposal.pk}/"
    assert proposal.fields["owasp"] == ["LLM09:2025"] and proposal.rationale == "seen it"


@pytest.mark.parametrize("change,field", [
    ({"name": ""}, "name"),
    ({"category": "astrology"}, "category"),
    ({"description": "short"}, "description"),
    ({"atlas": "T1059"}, "atlas"),
    ({"owasp": "LLM99:2025"}, "owasp"),
])
def test_bad_proposal_shows_the_error_at_the_field(client, contributor, new_fields, change, field):
    client.force_login(contributor)
    response = client.post("/cue/proposals/new/", {**_form(new_fields), **change})
    assert response.status_code == 400
    errors = soup(response).find(id=f"id_{field}_errors")
    assert errors is not None and errors.get_text().strip()
    assert CueProposal.objects.count() == 0


def test_propose_edit_prefills_and_records_only_changes(client, contributor):
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    client.force_login(contributor)
    form = soup(client.get("/cue/CUE-0001/propose-edit/"))
    assert form.find("input", attrs={"name": "name"})["value"] == entry.name
    data = {"name": entry.name + " (revised)", "category": entry.category, "description": entry.description,
            "threat_actors": entry.threat_actors, "harm_tiers": entry.harm_tiers, "atlas": " ".join(entry.atlas),
            "avid": " ".join(entry.avid), "owasp": " ".join(entry.owasp), "aiid": " ".join(entry.aiid),
            "status": "active"}
    assert client.post("/cue/CUE-0001/propose-edit/", data).status_code == 302
    proposal = CueProposal.objects.get()
    assert proposal.kind == "edit" and proposal.target == entry and proposal.fields == {"name": data["name"]}
    unchanged = client.post("/cue/CUE-0001/propose-edit/", {**data, "name": entry.name})
    assert unchanged.status_code == 400 and "changes nothing" in unchanged.content.decode()
    assert client.post("/cue/CUE-0001/propose-edit/", {**data, "name": entry.name, "status": "deprecated"}
                       ).status_code == 302
    assert CueProposal.objects.order_by("-pk").first().fields == {"status": "deprecated"}


def test_checkbox_and_radio_groups_have_a_legend(client, contributor, proposal, maintainer):
    client.force_login(contributor)
    legends = [lg.get_text() for lg in soup(client.get("/cue/proposals/new/")).find_all("legend")]
    assert legends == ["Threat actors", "Harm tiers"]
    assert soup(client.get("/cue/proposals/new/")).find(attrs={"name": "status"}) is None  # new entries are active
    client.force_login(maintainer)
    decision = soup(client.get(f"/cue/proposals/{proposal.pk}/"))
    assert [lg.get_text() for lg in decision.find_all("legend")] == ["Decision"]


# --- proposals and decisions ------------------------------------------------------------------------------


@pytest.fixture
def proposal(contributor, new_fields):
    return services.propose(contributor, "new", new_fields, rationale="because")


def test_proposal_pages_and_twins(client, proposal, contributor):
    page = client.get("/cue/proposals/")
    assert page.status_code == 200 and alternate(page) == "/cue/proposals.json"
    assert soup(page).find("a", href=f"/cue/proposals/{proposal.pk}/") is not None
    data = client.get("/cue/proposals.json").json()
    assert data["count"] == 1 and data["results"][0]["id"] == proposal.pk
    assert data["results"][0]["proposer"] == f"contributor #{contributor.pk}"  # no e-mail for the public
    assert client.get("/cue/proposals.json", {"state": "rejected"}).json()["count"] == 0
    assert client.get("/cue/proposals/", {"state": "bogus"}).status_code == 404
    detail = client.get(f"/cue/proposals/{proposal.pk}/")
    assert detail.status_code == 200 and alternate(detail) == f"/cue/proposals/{proposal.pk}.json"
    assert "Synthetic voice extortion" in detail.content.decode()
    assert soup(detail).find("form", action=f"/cue/proposals/{proposal.pk}/decide/") is None
    assert client.get(f"/cue/proposals/{proposal.pk}.json").json()["state"] == "open"


def test_non_maintainer_cannot_decide(client, proposal, contributor):
    client.force_login(contributor)
    assert soup(client.get(f"/cue/proposals/{proposal.pk}/")).find("form", action=f"/cue/proposals/{proposal.pk}/decide/") is None
    response = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 403
    assert CueProposal.objects.get(pk=proposal.pk).state == "open"


def test_anonymous_decide_is_sent_to_sign_in(client, proposal):
    response = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_maintainer_accepts_without_js(client, proposal, maintainer):
    client.force_login(maintainer)
    assert soup(client.get(f"/cue/proposals/{proposal.pk}/")).find("form", action=f"/cue/proposals/{proposal.pk}/decide/")
    response = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "accept", "reason": "good"})
    assert response.status_code == 302 and response["Location"] == f"/cue/proposals/{proposal.pk}/"
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.result is not None
    page = client.get(f"/cue/proposals/{proposal.pk}/").content.decode()
    assert proposal.result.cue_id in page and "good" in page
    assert client.get(f"/cue/{proposal.result.cue_id}/").status_code == 200


def test_reject_without_reason_is_a_field_error(client, proposal, maintainer):
    client.force_login(maintainer)
    response = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert soup(response).find(id="id_reason_errors") is not None
    assert CueProposal.objects.get(pk=proposal.pk).state == "open"


def test_maintainer_rejects_with_htmx(client, proposal, maintainer):
    client.force_login(maintainer)
    response = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "reject", "reason": "duplicate"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = soup(response)
    assert html.find("section", id="decision") is not None and html.find("html") is None  # a fragment
    assert "Rejected" in html.get_text() and "duplicate" in html.get_text()
    assert CueProposal.objects.get(pk=proposal.pk).state == "rejected"
    bad = client.post(f"/cue/proposals/{proposal.pk}/decide/", {"decision": "accept"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400 and "already rejected" in bad.content.decode()


def test_pages_escape_proposed_text(client, contributor, new_fields):
    p = services.propose(contributor, "new", {**new_fields, "name": "<script>alert(1)</script>"})
    body = client.get(f"/cue/proposals/{p.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
