"""Sign-in, its rate limit, sign-out and password reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _login(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_login_and_logout(client, make_user):
    user = make_user(email="in@example.org")
    response = _login(client, "in@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"  # sign-in lands on the dashboard
    assert int(client.session["_auth_user_id"]) == user.pk
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_400(client, make_user):
    make_user(email="in@example.org")
    response = _login(client, "in@example.org", "wrong-password")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_is_rate_limited_after_failures(client, make_user):
    make_user(email="target@example.org")
    for _ in range(3):
        assert _login(client, "target@example.org", "wrong-password").status_code == 400
    response = _login(client, "target@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_rate_limit_is_per_account(client, make_user):
    make_user(email="target@example.org")
    make_user(email="bystander@example.org")
    for _ in range(3):
        _login(client, "target@example.org", "wrong-password")
    assert _login(client, "bystander@example.org", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_successful_login_resets_the_failure_count(client, make_user):
    make_user(email="target@example.org")
    for _ in range(2):
        _login(client, "target@example.org", "wrong-password")
    assert _login(client, "target@example.org", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(2):
        assert _login(client, "target@example.org", "wrong-password").status_code == 400
    assert _login(client, "target@example.org", PASSWORD).status_code == 302


def test_password_reset_by_email(client, make_user):
    make_user(email="forgot@example.org")
    response = client.post("/accounts/password-reset/", {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgot@example.org"]
    link = re.search(r"https?://[^\s]+/accounts/reset/[^\s]+/", message.body)
    assert link, message.body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_path, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    client.logout()
    assert _login(client, "forgot@example.org", PASSWORD).status_code == 400
    assert _login(client, "forgot@example.org", "brand-new-passphrase").status_code == 302


def test_password_reset_for_unknown_address_sends_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer, so addresses cannot be probed
    assert mail.outbox == []


def test_reset_link_with_bad_token_does_not_offer_a_form(client, make_user):
    make_user(email="forgot@example.org")
    response = client.get("/accounts/reset/MQ/bad-token/")
    assert response.status_code == 200
    assert "new_password1" not in response.content.decode()
