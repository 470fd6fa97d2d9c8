"""Org admins invite members by e-mail; the invited account accepts and becomes a member."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the e-mail is queued on commit and the worker runs for real
def test_admin_invites_and_invited_user_accepts(client, developer, make_user, run_worker):
    from redline.accounts.models import Invitation, Membership

    admin = make_user(developer, role="admin", email="boss@example.org")
    invitee = make_user(email="newbie@example.org")
    client.force_login(admin)
    response = client.post("/orgs/acme/invite/", {"email": "newbie@example.org", "role": "triager"})
    assert response.status_code == 302
    assert response["Location"] == "/orgs/acme/"
    invitation = Invitation.objects.get()
    assert invitation.invited_by == admin and invitation.role == "triager"

    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newbie@example.org"]
    assert "Acme AI" in mail.outbox[0].subject
    path = re.search(r"/accounts/invitations/[^\s/]+/", mail.outbox[0].body).group(0)
    code = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.code_hash != code  # only the hash is stored

    client.logout()
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    client.force_login(invitee)
    page = client.get(path)
    assert page.status_code == 200 and "Acme AI" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(user=invitee, organisation=developer).role == "triager"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(path).status_code == 404  # used once


def test_invitation_cannot_be_accepted_by_another_account(client, developer, make_user):
    from redline.accounts.models import Membership
    from redline.accounts.services import invite

    admin = make_user(developer, role="admin")
    _, code = invite(admin, developer, "right@example.org", "member")
    client.force_login(make_user(email="wrong@example.org"))
    response = client.post(f"/accounts/invitations/{code}/")
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="wrong@example.org").exists()


@pytest.mark.parametrize("role", ["member", "triager"])
def test_non_admins_cannot_invite(client, developer, make_user, role):
    from redline.accounts.models import Invitation
    from redline.accounts.services import invite
    from redline.core.errors import PermissionDenied

    user = make_user(developer, role=role)
    client.force_login(user)
    assert client.get("/orgs/acme/invite/").status_code == 403
    assert client.post("/orgs/acme/invite/", {"email": "x@example.org", "role": "admin"}).status_code == 403
    with pytest.raises(PermissionDenied):
        invite(user, developer, "x@example.org", "admin")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_admin_of_another_org_cannot_invite(client, developer, make_org, make_user):
    other = make_org("developer")
    client.force_login(make_user(other, role="admin"))
    assert client.post("/orgs/acme/invite/", {"email": "x@example.org", "role": "member"}).status_code == 403


def test_anonymous_invite_redirects_to_sign_in(client, developer):
    response = client.get("/orgs/acme/invite/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_invite_form_rejects_bad_email_naming_the_field(client, developer, make_user):
    client.force_login(make_user(developer, role="admin"))
    response = client.post("/orgs/acme/invite/", {"email": "not-an-address", "role": "member"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors


def test_unknown_invitation_code_is_404(client):
    assert client.get("/accounts/invitations/no-such-code/").status_code == 404
