"""API tokens: shown once, stored hashed, scoped, revocable, with last-used time and a failure limit."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

pytestmark = pytest.mark.django_db

NEW_MODEL = {"organisation": "acme", "name": "Token Model"}


def test_settings_page_shows_a_new_token_once_and_stores_only_its_hash(client, developer, make_user):
    from redline.accounts.models import ApiToken, hash_secret

    user = make_user(developer)
    client.force_login(user)
    response = client.post("/accounts/settings/", {"name": "CI", "scope": "write"})
    assert response.status_code == 200
    plain = BeautifulSoup(response.content, "html.parser").find(id="new-token").get_text()
    assert plain.startswith("rl_")
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == hash_secret(plain)
    assert token.scope == "write"
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert plain not in stored
    again = client.get("/accounts/settings/").content.decode()
    assert plain not in again
    assert f"rl_{token.prefix}_" in again


def test_token_form_names_the_field(client, make_user):
    client.force_login(make_user())
    response = client.post("/accounts/settings/", {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "scope"}


def test_read_token_reads_but_cannot_write(api_client, developer, make_user, make_token):
    from redline.registry.models import AIModel

    token = make_token(make_user(developer), scope="read")
    me = api_client("get", "/api/me", token)
    assert me.status_code == 200
    assert me.json()["token_scope"] == "read"
    response = api_client("post", "/api/models", token, json=NEW_MODEL)
    assert response.status_code == 403
    assert "read scope" in response.json()["detail"]
    assert not AIModel.objects.exists()


def test_write_token_writes(api_client, developer, make_user, make_token):
    token = make_token(make_user(developer), scope="write")
    response = api_client("post", "/api/models", token, json=NEW_MODEL)
    assert response.status_code == 201, response.content
    assert response.json()["id"] == "acme/token-model"


def test_writes_without_a_token_are_401(api_client, developer):
    assert api_client("post", "/api/models", json=NEW_MODEL).status_code == 401


def test_session_cookie_alone_cannot_write_through_the_api(client, developer, make_user):
    client.force_login(make_user(developer, role="admin"))
    response = client.post("/api/models", data=NEW_MODEL, content_type="application/json")
    assert response.status_code == 401


def test_revoked_token_is_401(client, api_client, developer, make_user, make_token):
    from redline.accounts.models import ApiToken
    from redline.accounts.services import revoke_token

    user = make_user(developer)
    token = make_token(user)
    assert api_client("get", "/api/me", token).status_code == 200
    revoke_token(user, ApiToken.objects.get(user=user))
    response = api_client("get", "/api/me", token)
    assert response.status_code == 401
    assert api_client("post", "/api/models", token, json=NEW_MODEL).status_code == 401


def test_revoke_from_settings_page(client, make_user, make_token):
    from redline.accounts.models import ApiToken

    user = make_user()
    make_token(user)
    token = ApiToken.objects.get(user=user)
    client.force_login(user)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client, make_user, make_token):
    from redline.accounts.models import ApiToken

    owner = make_user()
    make_token(owner)
    token = ApiToken.objects.get(user=owner)
    client.force_login(make_user())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_at_is_updated(api_client, make_user, make_token):
    from redline.accounts.models import ApiToken

    user = make_user()
    token = make_token(user, scope="read")
    assert ApiToken.objects.get(user=user).last_used_at is None
    api_client("get", "/api/me", token)
    first = ApiToken.objects.get(user=user).last_used_at
    assert first is not None
    api_client("get", "/api/me", token)
    assert ApiToken.objects.get(user=user).last_used_at >= first


@pytest.mark.parametrize("bad", ["rl_deadbeef_nonsense", "not-even-a-token"])
def test_bad_token_is_401(api_client, bad):
    response = api_client("get", "/api/me", bad)
    assert response.status_code == 401


@override_settings(TOKEN_FAILURE_LIMIT=4)
def test_token_failures_are_rate_limited(api_client, make_user, make_token):
    good = make_token(make_user(), scope="read")
    for _ in range(4):
        assert api_client("get", "/api/me", "rl_bad_token").status_code == 401
    response = api_client("get", "/api/models", "rl_bad_token")
    assert response.status_code == 429
    assert api_client("get", "/api/me", good).status_code == 429  # even a good token, from that address


def test_create_token_service_validates(make_user):
    from redline.accounts.services import create_token
    from redline.core.errors import InvalidInput

    user = make_user()
    with pytest.raises(InvalidInput, match="^scope: "):
        create_token(user, "x", "admin")
    with pytest.raises(InvalidInput, match="^name: "):
        create_token(user, "  ", "read")


def test_token_of_a_deactivated_user_is_401(api_client, make_user, make_token):
    user = make_user()
    token = make_token(user, scope="read")
    user.is_active = False
    user.save()
    assert api_client("get", "/api/me", token).status_code == 401
