"""The demo data: created through the services, idempotent, and covering every party and mode."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _counts():
    from redline.accounts.models import Membership, Organisation, User
    from redline.ledger.models import LedgerEntry
    from redline.registry.models import AIModel, Deployment, ScopeStatement

    return {m.__name__: m.objects.count()
            for m in (Organisation, User, Membership, AIModel, ScopeStatement, Deployment, LedgerEntry)}


def test_load_demo_twice_is_idempotent_and_the_ledger_verifies():
    from redline.demo import load_demo
    from redline.ledger.services import verify

    first = load_demo()
    counts = _counts()
    second = load_demo()
    assert _counts() == counts
    assert first["organisations"] == second["organisations"]
    assert first["models"] == second["models"] == 6
    assert verify() is None


def test_demo_covers_every_party_and_deployment_mode():
    from redline.accounts.models import Organisation
    from redline.core.deployment import DeploymentMode
    from redline.demo import DEMO_PASSWORD, load_demo
    from redline.registry.models import AIModel, Deployment

    summary = load_demo()
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count("developer") == 3
    for kind in ("reviewer", "regulator", "research"):
        assert kind in kinds
    open_weights_orgs = set(Deployment.objects.filter(mode="open_weights").values_list(
        "model__organisation__slug", flat=True))
    assert len(open_weights_orgs) == 1
    assert set(Deployment.objects.values_list("mode", flat=True)) == {m.value for m in DeploymentMode}
    for model in AIModel.objects.all():
        assert model.scope_statements.exists(), model
        assert model.deployments.exists(), model
    assert AIModel.objects.get(slug="aurora-2").scope_statements.count() == 2
    # every demo login works with the printed password
    from django.contrib.auth import authenticate

    emails = [email for email, _, _ in summary["logins"]]
    assert len(emails) == len(set(emails)) >= 10
    assert all(authenticate(username=email, password=DEMO_PASSWORD) for email in emails)


def test_restricted_demo_model_is_visible_to_the_regulator_only(client):
    from redline.accounts.models import User
    from redline.demo import load_demo

    load_demo()
    url = "/models/meridian/meridian-bio/"
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(email__startswith="researcher@"))
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(email__startswith="auditor@"))
    assert client.get(url).status_code == 200


def test_demo_pages_render(client):
    from redline.demo import load_demo

    load_demo()
    for path in ("/", "/models/", "/orgs/", "/orgs/openforge/", "/models/aurora-labs/aurora-2/", "/ledger/"):
        assert client.get(path).status_code == 200, path
    data = client.get("/models.json").json()
    assert data["count"] == 5  # the restricted one is hidden from the public
