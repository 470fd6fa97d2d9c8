"""The ledger page says in words what happened to which object, and links it where the viewer may look."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from redline.ledger.describe import verb_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action,words", [
    ("create", ("created", None)), ("state:in_force", ("put in force", None)),
    ("state:accept:aurora", ("accepted the report", "aurora")),
    ("state:escalated:acknowledge", ("escalated: the acknowledge deadline was missed", None)),
    ("password:changed", ("password changed", None)), ("state:new_step", ("new step", None)),
])
def test_actions_in_words(action, words):
    assert verb_of(action) == words


def _rows(client, path="/ledger/"):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [tr for tr in soup.select("table.ledger tbody tr")]


def test_public_objects_are_named_and_linked_for_everyone(make_org, make_model):
    org = make_org(name="Acme Labs", slug="acme")
    make_model(org, name="Roadrunner")
    client = Client()
    data = client.get("/ledger.json").json()["entries"]
    model_entry = next(e for e in data if e["object_type"] == "registry.aimodel")
    assert model_entry["summary"] == "Model Roadrunner created"
    assert model_entry["url"] == "/models/acme/roadrunner/"
    org_entry = next(e for e in data if e["object_type"] == "accounts.organisation")
    assert org_entry["summary"] == "Organisation Acme Labs created" and org_entry["url"] == "/orgs/acme/"
    links = {a["href"]: a.get_text() for row in _rows(client) for a in row.find_all("a")}
    assert links["/models/acme/roadrunner/"] == "Model Roadrunner created"
    assert client.get("/models/acme/roadrunner/").status_code == 200  # the link works


def test_hidden_objects_stay_withheld_without_words(make_org, make_model, make_user):
    org = make_org(slug="secretive")
    member = make_user(org, "member")
    make_model(org, name="Hidden Thing", visibility="org")
    anonymous = Client()
    assert "Hidden Thing" not in anonymous.get("/ledger/").content.decode()
    hidden = [e for e in anonymous.get("/ledger.json").json()["entries"] if e["redacted"]]
    assert hidden and all(e["summary"] is None and e["url"] is None for e in hidden)
    insider = Client()
    insider.force_login(member)
    entries = insider.get("/ledger.json").json()["entries"]
    assert any(e["summary"] == "Model Hidden Thing created" and e["url"] == "/models/secretive/hidden-thing/"
               for e in entries)


def test_state_changes_name_the_version_and_link_the_commitment(operator, make_org, make_model):
    from redline.commitments import services

    model = make_model(make_org(slug="vers"), name="Versioned")
    version = services.create_commitment(operator, model, "red_line", "Bio uplift", {
        "task": "bio", "metric": "accuracy", "threshold": 0.5, "direction": "ge", "min_samples": 10,
        "min_elicitation": "basic", "action": "no_open_weights", "inconclusive_policy": "treat_as_crossed"})
    services.propose(operator, version)
    commitment = version.commitment
    entries = Client().get("/ledger.json").json()["entries"]
    proposed = next(e for e in entries if e["action"] == "state:proposed")
    assert proposed["summary"] == "Commitment “Bio uplift” version 1 proposed for review and public comment"
    assert proposed["url"] == f"/commitments/{commitment.pk}/"


def test_a_deleted_object_is_named_by_its_number(make_org, make_model, operator):
    from redline.registry.services import add_deployment

    model = make_model(make_org(slug="gone"), name="Gone")
    dep = add_deployment(operator, model, mode="hosted_api")
    pk = dep.pk
    dep.delete()
    from redline.accounts.models import User

    staff = Client()
    staff.force_login(User.objects.create_user(email="op@example.org", password="x" * 12, is_staff=True))
    entries = staff.get("/ledger.json").json()["entries"]
    deleted = next(e for e in entries if e["object_type"] == "registry.deployment" and e["action"] == "delete")
    assert deleted["summary"] == f"Deployment #{pk} deleted" and deleted["url"] is None
