"""Registry services: models, append-only scope statements, deployments and their reversibility order."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_create_and_update_model(developer, make_user):
    from redline.registry import services

    user = make_user(developer)
    model = services.create_model(user, developer, name="Forge 8B", version="1.0", modality="text",
                                  parameter_count=8_000_000_000, release_date="2025-11-20", licence="apache-2.0")
    assert model.full_slug == "acme/forge-8b"
    assert model.release_date == dt.date(2025, 11, 20)
    assert model.parameter_count == 8_000_000_000
    before = model.updated_at
    services.update_model(user, model, summary="Open weights", licence="mit")
    model.refresh_from_db()
    assert (model.summary, model.licence) == ("Open weights", "mit")
    assert model.updated_at > before


def test_duplicate_slug_is_refused(developer, make_model):
    from redline.core.errors import InvalidInput

    make_model(developer, name="Twin")
    with pytest.raises(InvalidInput, match="^slug: acme/twin already exists"):
        make_model(developer, name="Twin")


def test_outsiders_cannot_create_or_update(developer, make_org, make_user, make_model):
    from redline.core.errors import PermissionDenied
    from redline.registry import services

    outsider = make_user(make_org("developer"), role="admin")
    with pytest.raises(PermissionDenied):
        services.create_model(outsider, developer, name="Not mine")
    model = make_model(developer)
    with pytest.raises(PermissionDenied):
        services.update_model(outsider, model, name="Renamed")
    with pytest.raises(PermissionDenied):
        services.add_deployment(outsider, model, mode="internal")


def test_scope_statements_are_appended_not_edited(developer, make_user, make_model):
    from redline.registry import services
    from redline.registry.models import ScopeStatement

    user = make_user(developer)
    model = make_model(developer)
    first = services.add_scope_statement(user, model, intended_use="Chat", stated_limits="No medical advice",
                                         claims=[{"claim": "refuses bio uplift", "rate": 0.99}])
    second = services.add_scope_statement(user, model, intended_use="Chat and code")
    assert (first.version, second.version) == (1, 2)
    assert second.created_by == user
    first.refresh_from_db()
    assert first.intended_use == "Chat" and first.claims == [{"claim": "refuses bio uplift", "rate": 0.99}]
    assert [s.version for s in ScopeStatement.objects.filter(model=model).order_by("version")] == [1, 2]


def test_reversibility_ranking_order():
    from redline.core.deployment import DeploymentMode

    order = ["internal", "hosted_api", "api_fine_tuning", "gated_open_weights", "open_weights"]
    assert [m.value for m in sorted(DeploymentMode, key=lambda m: m.rank)] == order
    assert [DeploymentMode(m).rank for m in order] == [0, 1, 2, 3, 4]
    assert DeploymentMode.INTERNAL < DeploymentMode.OPEN_WEIGHTS


def test_deployments_with_every_mode_keep_the_ranking(developer, make_user, make_model):
    from redline.registry import services

    user = make_user(developer)
    model = make_model(developer)
    for mode in ["open-weights", "Hosted API", "internal", "gated_open_weights", "api_fine_tuning"]:
        services.add_deployment(user, model, mode=mode, channels=["x"], start_date="2026-01-02", status="active")
    deps = sorted(model.deployments.all(), key=lambda d: d.reversibility_rank)
    assert [d.mode for d in deps] == ["internal", "hosted_api", "api_fine_tuning", "gated_open_weights",
                                      "open_weights"]
    assert deps[0].start_date == dt.date(2026, 1, 2)
    services.set_deployment_status(user, deps[-1], "withdrawn")
    deps[-1].refresh_from_db()
    assert deps[-1].status == "withdrawn"


@pytest.mark.parametrize("fields,field", [
    ({"name": "  "}, "name"),
    ({"name": "x", "modality": "smell"}, "modality"),
    ({"name": "x", "parameter_count": -1}, "parameter_count"),
    ({"name": "x", "release_date": "31/12/2025"}, "release_date"),
    ({"name": "x", "visibility": "secret"}, "visibility"),
    ({"name": "x", "visibility": "restricted"}, "audiences"),
    ({"name": "x", "visibility": "restricted", "audiences": ["aliens"]}, "audiences"),
    ({"name": "x", "links": "http://a"}, "links"),
])
def test_create_model_rejects_bad_fields_naming_them(developer, make_user, fields, field):
    from redline.core.errors import InvalidInput
    from redline.registry import services
    from redline.registry.models import AIModel

    with pytest.raises(InvalidInput, match=f"^{field}: "):
        services.create_model(make_user(developer), developer, **fields)
    assert not AIModel.objects.exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"intended_use": " "}, "intended_use"),
    ({"intended_use": "x", "claims": [{"claim": "refuses", "rate": 1.5}]}, "claims[0].rate"),
    ({"intended_use": "x", "claims": [{"claim": "refuses", "rate": -0.1}]}, "claims[0].rate"),
    ({"intended_use": "x", "claims": [{"rate": 0.5}]}, "claims[0]"),
])
def test_scope_statement_validation(developer, make_user, make_model, kwargs, field):
    from redline.core.errors import InvalidInput
    from redline.registry import services

    model = make_model(developer)
    with pytest.raises(InvalidInput, match=f"^{field.replace('[', '.').replace(']', '.')}: "):
        services.add_scope_statement(make_user(developer), model, **kwargs)
    assert not model.scope_statements.exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"mode": "telepathy"}, "mode"),
    ({"mode": "internal", "status": "exploded"}, "status"),
    ({"mode": "internal", "start_date": "tomorrow"}, "start_date"),
])
def test_deployment_validation(developer, make_user, make_model, kwargs, field):
    from redline.core.errors import InvalidInput
    from redline.registry import services

    model = make_model(developer)
    with pytest.raises(InvalidInput, match=f"^{field}: "):
        services.add_deployment(make_user(developer), model, **kwargs)
    assert not model.deployments.exists()
