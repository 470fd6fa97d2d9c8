"""Password change, e-mail verification and organisation creation with the coordinators' approval queue."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from redline.accounts import onboarding
from redline.accounts.models import Membership, Organisation, OrganisationRequest, User
from redline.core.errors import InvalidInput, PermissionDenied
from redline.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entries(obj, action=None):
    qs = LedgerEntry.objects.filter(object_type=f"accounts.{type(obj).__name__.lower()}", object_id=str(obj.pk))
    return list(qs.filter(action=action) if action else qs)


@pytest.fixture
def verified(make_user):
    def make(*args, **kw):
        user = make_user(*args, **kw)
        onboarding.mark_verified(user)
        return user

    return make


# --- password change -----------------------------------------------------------------------


def test_password_change_needs_the_current_password_and_is_ledgered(make_user):
    user = make_user()
    client = _signed_in(user)
    assert client.get("/accounts/password/").status_code == 200
    wrong = client.post("/accounts/password/", {"old_password": "nope", "new_password1": "a-new-passphrase-9",
                                                "new_password2": "a-new-passphrase-9"})
    assert wrong.status_code == 400 and wrong.context["form"].errors["old_password"]
    weak = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "password123",
                                               "new_password2": "password123"})
    assert weak.status_code == 400 and "too common" in " ".join(weak.context["form"].errors["new_password1"])
    differ = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "a-new-passphrase-9",
                                                 "new_password2": "a-new-passphrase-8"})
    assert differ.status_code == 400 and differ.context["form"].errors["new_password2"]
    assert _entries(user, "password:changed") == []
    ok = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "a-new-passphrase-9",
                                             "new_password2": "a-new-passphrase-9"})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/settings/"
    user.refresh_from_db()
    assert user.check_password("a-new-passphrase-9")
    assert client.get("/dashboard/").status_code == 200  # still signed in on this device
    entries = _entries(user, "password:changed")
    assert len(entries) == 1 and entries[0].actor == user.email
    assert not [e for e in _entries(user) if e.action == "update" and e.seq > entries[0].seq]


def test_password_change_signs_out_other_sessions(make_user):
    user = make_user()
    other = _signed_in(user)
    _signed_in(user).post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "a-new-passphrase-9",
                                                  "new_password2": "a-new-passphrase-9"})
    assert other.get("/dashboard/").status_code == 302


def test_password_change_needs_sign_in(client):
    response = client.post("/accounts/password/", {"old_password": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- e-mail verification -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sign_up_sends_a_link_that_confirms_the_address(run_worker):
    client = Client()
    response = client.post("/accounts/signup/", {"email": "new@example.org", "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.email_verified_at is None
    run_worker()
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/accounts/verify/(\S+)/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = "/accounts/verify/" + link.group(1) + "/"
    page = client.get(path)
    assert page.status_code == 200 and b"Confirm new@example.org" in page.content
    user.refresh_from_db()
    assert user.email_verified_at is None  # a GET (a link scanner) confirms nothing
    before = len(_entries(user))
    assert client.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    assert len(_entries(user)) == before + 1 and _entries(user, "email:verified")  # the confirmation is ledgered
    assert client.post(path).status_code == 302  # opening it again changes nothing
    assert len(_entries(user)) == before + 1


def test_a_tampered_or_stale_link_confirms_nothing(make_user):
    user = make_user()
    token = onboarding.verification_token(user)
    bad = Client().post(f"/accounts/verify/{token[:-2]}xx/")
    assert bad.status_code == 400 and b"not valid" in bad.content
    user.email = "changed@example.org"
    user.save()
    with pytest.raises(InvalidInput, match="no account holds"):
        onboarding.verify_email(token)
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_resend_queues_a_new_link_and_refuses_when_confirmed(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    client = _signed_in(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post("/accounts/verify/resend/").status_code == 302
    assert len(callbacks) == 1
    onboarding.mark_verified(user)
    with pytest.raises(InvalidInput, match="already confirmed"):
        onboarding.send_verification(user)


def test_accepting_an_invitation_confirms_the_address(make_org, make_user):
    from redline.accounts.services import accept_invitation, invite

    org = make_org()
    admin = make_user(org, "admin")
    guest = make_user(email="guest@example.org")
    _, code = invite(admin, org, "guest@example.org", "member")
    accept_invitation(code, guest)
    guest.refresh_from_db()
    assert guest.email_verified


# --- organisations -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["developer", "research"])
def test_developer_and_research_organisations_are_created_at_once(verified, kind):
    user = verified()
    response = _signed_in(user).post("/accounts/organisations/new/", {"name": f"New {kind}", "kind": kind})
    org = Organisation.objects.get(name=f"New {kind}")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{org.slug}/"
    assert Membership.objects.get(user=user, organisation=org).role == "admin"
    assert _entries(org, "create")


def test_an_unconfirmed_address_cannot_create_an_organisation(make_user):
    user = make_user()
    client = _signed_in(user)
    assert b"Confirm your e-mail address first" in client.get("/accounts/organisations/new/").content
    response = client.post("/accounts/organisations/new/", {"name": "Sneaky", "kind": "developer"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky").exists()


def test_anonymous_cannot_create_an_organisation(client):
    from django.contrib.auth.models import AnonymousUser

    response = client.post("/accounts/organisations/new/", {"name": "Anon", "kind": "developer"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        onboarding.create_or_request(AnonymousUser(), "Anon", "developer")


def test_a_taken_short_name_is_refused_on_the_field(verified, make_org):
    make_org(slug="taken")
    response = _signed_in(verified()).post("/accounts/organisations/new/",
                                           {"name": "Taken", "slug": "taken", "kind": "developer"})
    assert response.status_code == 400 and response.context["form"].errors["slug"]


@pytest.mark.parametrize("kind", ["reviewer", "adjudicator", "regulator", "coordinator"])
def test_trust_carrying_kinds_wait_for_a_coordinator(verified, make_org, kind):
    user = verified()
    coordinator = verified(make_org("coordinator"), "member")
    response = _signed_in(user).post("/accounts/organisations/new/", {"name": f"Trusted {kind}", "kind": kind})
    assert response.status_code == 302 and response["Location"] == "/accounts/settings/"
    assert not Organisation.objects.filter(name=f"Trusted {kind}").exists()
    request = OrganisationRequest.objects.get(name=f"Trusted {kind}")
    assert request.state == "pending" and _entries(request, "create")
    assert kind not in {m.organisation.kind for m in user.memberships.all()}
    queue = _signed_in(coordinator).get("/accounts/organisations/requests.json").json()
    assert [r["id"] for r in queue["pending"]] == [request.pk]
    dash = _signed_in(coordinator).get("/dashboard.json").json()
    assert dash["sections"]["coordinator"]["org_requests"] == 1
    decided = _signed_in(coordinator).post(f"/accounts/organisations/requests/{request.pk}/decide/",
                                           {"decision": "approve"})
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.state == "approved" and request.organisation.kind == kind
    assert Membership.objects.get(user=user, organisation=request.organisation).role == "admin"
    assert _entries(request, "update") and _entries(request.organisation, "create")
    assert kind in set(User.objects.get(pk=user.pk).memberships.values_list("organisation__kind", flat=True))


def test_a_rejection_needs_a_reason_the_requester_sees(verified, make_org):
    user = verified()
    coordinator = verified(make_org("coordinator"), "member")
    request = onboarding.create_or_request(user, "Self-declared regulator", "regulator")
    client = _signed_in(coordinator)
    client.post(f"/accounts/organisations/requests/{request.pk}/decide/", {"decision": "reject", "reason": ""})
    request.refresh_from_db()
    assert request.state == "pending"
    client.post(f"/accounts/organisations/requests/{request.pk}/decide/",
                {"decision": "reject", "reason": "No public mandate found; write from your agency's domain."})
    request.refresh_from_db()
    assert request.state == "rejected" and request.organisation is None
    settings_page = _signed_in(user).get("/accounts/settings/").content.decode()
    assert "No public mandate found" in settings_page.replace("&#x27;", "'")
    with pytest.raises(InvalidInput, match="already rejected"):
        onboarding.decide_request(coordinator, request, True)


def test_only_coordinators_see_and_decide_requests(verified, make_org):
    requester = verified()
    request = onboarding.create_or_request(requester, "Panel", "adjudicator")
    for outsider in (requester, verified(make_org("developer"), "admin"), verified(make_org("reviewer"), "member")):
        client = _signed_in(outsider)
        assert client.get("/accounts/organisations/requests/").status_code == 403
        assert client.get("/accounts/organisations/requests.json").status_code == 403
        assert client.post(f"/accounts/organisations/requests/{request.pk}/decide/",
                           {"decision": "approve"}).status_code == 403
    request.refresh_from_db()
    assert request.state == "pending"
    assert Client().get("/accounts/organisations/requests/").status_code == 302


def test_a_coordinator_cannot_approve_their_own_request(verified, make_org):
    coordinator = verified(make_org("coordinator"), "member")
    request = onboarding.create_or_request(coordinator, "Second centre", "coordinator")
    with pytest.raises(PermissionDenied, match="another coordinator"):
        onboarding.decide_request(coordinator, request, True)


def test_a_pending_request_holds_its_short_name(verified):
    onboarding.create_or_request(verified(), "Board", "reviewer", slug="board")
    with pytest.raises(InvalidInput, match="^slug: "):
        onboarding.create_or_request(verified(), "Board two", "developer", slug="board")
