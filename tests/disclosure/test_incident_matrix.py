"""Generated permission matrix for the incident database: relation × action.

Relations: anonymous, a signed-in stranger, the submitter of a draft, the triager of the vendor whose
report a published incident groups, another vendor's triager, and a coordinator. Viewing is checked
through the page, its JSON twin and the API (/api/incidents: the list never holds a draft, whoever asks;
one draft answers its submitter and coordinators, also as a related incident); changes through the HTTP
action and the service behind it.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from redline.core.errors import PermissionDenied
from redline.disclosure import incidents, services
from redline.disclosure.incidents import IncidentDraft
from redline.disclosure.models import Entity, Incident
from redline.ledger.visibility import registered

ACTIONS = ("view_published", "view_draft", "draft_in_ledger", "entity_of_draft", "submissions_page", "submit",
           "publish", "reject", "merge", "add_source", "add_entity", "link_related",
           "api_list_published", "api_view_published", "api_list_draft", "api_view_draft", "api_draft_as_related")
Y, N = True, False
EXPECTED = {
    "anonymous": (Y, N, N, N, N, N, N, N, N, N, N, N, Y, Y, N, N, N),
    "stranger": (Y, N, N, N, Y, Y, N, N, N, N, N, N, Y, Y, N, N, N),
    "submitter": (Y, Y, Y, Y, Y, Y, N, N, N, N, N, N, Y, Y, N, Y, Y),
    "vendor_triager": (Y, N, N, N, Y, Y, N, N, N, Y, Y, Y, Y, Y, N, N, N),
    "other_vendor_triager": (Y, N, N, N, Y, Y, N, N, N, N, N, N, Y, Y, N, N, N),
    "coordinator": (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N, Y, Y),
}
CELLS = [(rel, ACTIONS[i], EXPECTED[rel][i]) for rel, i in itertools.product(EXPECTED, range(len(ACTIONS)))]


def _draft(title: str, **kw) -> IncidentDraft:
    return IncidentDraft(url=f"https://news.example/{title.lower().replace(' ', '-')}", title=title,
                         summary="What happened.", developers=["Aurora Labs"], **kw)


@pytest.fixture
def setting(world, submit, make_user):
    report = submit().report
    services.triage(world.triager, report, world.aurora, "accept")
    published = services.create_incident(world.coordinator, "Published", reports=[report])
    submitter = make_user(email="submitter@example.org")
    draft = incidents.submit(submitter, _draft("Draft", harmed=["Only in the draft"]))
    other = incidents.submit(submitter, _draft("Other"))
    incidents.publish(world.coordinator, other)
    people = {"anonymous": AnonymousUser(), "stranger": world.researcher, "submitter": submitter,
              "vendor_triager": world.triager, "other_vendor_triager": world.forge_triager,
              "coordinator": world.coordinator}
    return published, draft, other, people


def _can(fn) -> bool:
    try:
        fn()
    except PermissionDenied:
        return False
    return True


def _answer(client, action: str, user, published: Incident, draft: Incident, other: Incident) -> bool:
    if user.is_authenticated:
        client.force_login(user)
    if action == "view_published":
        return all(client.get(u).status_code == 200 for u in (f"/incidents/{published.pk}/",
                                                             f"/incidents/{published.pk}.json"))
    if action == "view_draft":
        codes = {client.get(u).status_code for u in (f"/incidents/{draft.pk}/", f"/incidents/{draft.pk}.json")}
        assert len(codes) == 1, codes  # the page and its twin agree
        return codes == {200}
    if action == "draft_in_ledger":
        return registered()["disclosure.incident"](user, [str(draft.pk)]) == {str(draft.pk)}
    if action == "entity_of_draft":
        slug = Entity.objects.get(name="Only in the draft").slug
        return client.get(f"/entities/{slug}.json").status_code == 200
    if action == "submissions_page":
        return client.get("/incidents/submissions.json").status_code == 200
    if action == "submit":
        page = client.get("/incidents/submit/")
        allowed = page.status_code == 200
        assert allowed == _can(lambda: incidents.submit(user, _draft("Mine")))
        return allowed
    if action in ("publish", "reject", "merge"):
        data = {"op": action, "code": "no-harm", "into": str(other.pk)}
        status = client.post(f"/incidents/{draft.pk}/review/", data).status_code
        draft.refresh_from_db()
        moved = draft.state != "submitted"
        assert status in (302, 403, 404), status
        return moved
    if action == "add_source":
        status = client.post(f"/incidents/{published.pk}/edit/", {"op": "source", "url": "https://x.example/s"})
        assert status.status_code in (302, 403, 404)
        return published.sources.filter(url="https://x.example/s").exists()
    if action == "add_entity":
        client.post(f"/incidents/{published.pk}/edit/", {"op": "entity", "name": "Someone", "role": "harmed"})
        return published.entity_links.filter(entity__name="Someone").exists()
    if action == "link_related":
        allowed = _can(lambda: incidents.link_related(user, published, other.pk))
        return allowed and published.related.filter(pk=other.pk).exists()
    if action in ("api_list_published", "api_list_draft"):
        listed = {i["id"] for i in client.get("/api/incidents?limit=100").json()["items"]}
        return (published if action == "api_list_published" else draft).pk in listed
    if action in ("api_view_published", "api_view_draft"):
        inc = published if action == "api_view_published" else draft
        status = client.get(f"/api/incidents/{inc.pk}").status_code
        assert status in (200, 404), status
        return status == 200
    if action == "api_draft_as_related":
        published.related.add(draft)
        return draft.pk in {r["id"] for r in client.get(f"/api/incidents/{published.pk}").json()["related"]}
    raise AssertionError(action)


@pytest.mark.parametrize("relation,action,expected", CELLS, ids=[f"{r}-{a}" for r, a, _ in CELLS])
def test_incident_matrix(client, setting, relation, action, expected):
    published, draft, other, people = setting
    assert _answer(client, action, people[relation], published, draft, other) is expected
