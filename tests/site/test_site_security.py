"""Security headers on responses and CSRF on forms."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/models/", "/accounts/login/"])
def test_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_csp_has_no_unsafe_inline_script():
    from django.conf import settings

    assert "'unsafe-inline'" not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]


def test_form_post_without_csrf_token_is_refused(make_user):
    make_user(email="csrf@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "csrf@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_form_post_with_csrf_token_is_accepted(make_user):
    make_user(email="csrf2@example.org")
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post("/accounts/login/", {"username": "csrf2@example.org", "password": "correct-horse-battery",
                                                "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_signed_in_form_post_without_csrf_is_refused(developer, make_user):
    user = make_user(developer, role="admin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/models/new/", {"organisation": developer.pk, "name": "Sneaky", "modality": "text",
                                            "visibility": "public"})
    assert response.status_code == 403
    from redline.registry.models import AIModel

    assert not AIModel.objects.filter(name="Sneaky").exists()
