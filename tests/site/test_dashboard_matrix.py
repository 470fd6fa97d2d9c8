"""Generated permission matrix for the signed-in home and the account surfaces of issue 12.

Subjects: anonymous, a signed-in reporter, an account whose address is not confirmed, the vendor's
member, triager and admin, another vendor's triager, a coordinator, an adjudicator, a reviewer and an
operator. Surfaces: the dashboard and its JSON twin (and whether one case appears there), the sections
shown, password change, organisation creation, and the coordinators' organisation-request queue (page,
twin, decision). The expected answers are the table below, not the code under test.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SUBJECTS = ("anonymous", "reporter", "unconfirmed", "vendor_member", "vendor_triager", "vendor_admin",
            "other_triager", "coordinator", "adjudicator", "reviewer", "operator")
SURFACES = ("dashboard", "dashboard_json", "case_on_dashboard", "password_page", "create_org",
            "requests_page", "requests_json", "decide_request")
Y, N, LOGIN = "yes", "no", "login"
#: subject → answer per surface, in SURFACES order (LOGIN: redirected to sign in).
EXPECTED = {
    "anonymous": (LOGIN, LOGIN, N, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "reporter": (Y, Y, Y, Y, Y, N, N, N),
    "unconfirmed": (Y, Y, N, Y, N, N, N, N),
    "vendor_member": (Y, Y, N, Y, Y, N, N, N),
    "vendor_triager": (Y, Y, Y, Y, Y, N, N, N),
    "vendor_admin": (Y, Y, Y, Y, Y, N, N, N),
    "other_triager": (Y, Y, N, Y, Y, N, N, N),
    "coordinator": (Y, Y, Y, Y, Y, Y, Y, Y),
    "adjudicator": (Y, Y, Y, Y, Y, N, N, N),
    "reviewer": (Y, Y, N, Y, Y, N, N, N),
    "operator": (Y, Y, Y, Y, Y, Y, Y, Y),
}
#: The dashboard sections each subject sees.
SECTIONS = {
    "reporter": {"reporter"}, "unconfirmed": {"reporter"}, "vendor_member": {"reporter"},
    "vendor_triager": {"triager"}, "vendor_admin": {"triager", "org_admin"}, "other_triager": {"triager"},
    "coordinator": {"coordinator"}, "adjudicator": {"adjudicator"}, "reviewer": {"reviewer"},
    "operator": {"coordinator"},
}
CELLS = [(subject, surface, EXPECTED[subject][i]) for subject, (i, surface) in
         itertools.product(SUBJECTS, enumerate(SURFACES))]


@pytest.fixture
def world(make_org, make_user, make_model):
    from redline.accounts import onboarding
    from redline.accounts.models import User
    from redline.disclosure import intake, services
    from redline.disclosure.models import Escalation

    vendor, other = make_org("developer", slug="vendor"), make_org("developer", slug="other")
    make_model(vendor, name="Vendor Model", slug="vm")
    users = {
        "reporter": make_user(email="reporter@example.org"), "unconfirmed": make_user(email="new@example.org"),
        "vendor_member": make_user(vendor, "member"), "vendor_triager": make_user(vendor, "triager"),
        "vendor_admin": make_user(vendor, "admin"), "other_triager": make_user(other, "triager"),
        "coordinator": make_user(make_org("coordinator", slug="centre"), "member"),
        "adjudicator": make_user(make_org("adjudicator", slug="panel"), "member"),
        "reviewer": make_user(make_org("reviewer", slug="board"), "member"),
        "operator": User.objects.create_user(email="op@example.org", password="x" * 12, is_staff=True),
    }
    for name, user in users.items():
        if name != "unconfirmed":
            onboarding.mark_verified(user)
    terms = intake.ensure_terms()
    def submit(title):
        return intake.submit_report(intake.Submission(
            title=title, description="A report every relation sees differently.", models=["vendor/vm"],
            accepted_terms=terms.version), reporter=users["reporter"]).report

    open_case = submit("Open matrix case")  # in the vendor's queue, escalated to the coordinators
    Escalation.objects.create(case=open_case.case, vendor=vendor, deadline="acknowledge",
                              due=open_case.submitted_at)
    disputed = submit("Disputed matrix case")  # judged invalid, then disputed before the adjudicators
    services.triage(users["vendor_triager"], disputed, vendor, "invalid")
    services.file_dispute(disputed, vendor, "It is a real flaw.", user=users["reporter"], token_ok=True)
    return {"users": users, "refs": (open_case.ref, disputed.ref)}


def test_matrix_covers_every_subject_and_surface():
    assert len(CELLS) == len(SUBJECTS) * len(SURFACES) and set(EXPECTED) == set(SUBJECTS)


def _client(world, subject):
    client = Client()
    if subject != "anonymous":
        client.force_login(world["users"][subject])
    return client


def _answer(world, subject, surface, client) -> str:
    from redline.accounts import onboarding
    from redline.accounts.models import Organisation, User

    def status(response, ok=(200,)):
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            return LOGIN
        return Y if response.status_code in ok else N

    if surface == "dashboard":
        return status(client.get("/dashboard/"))
    if surface == "dashboard_json":
        return status(client.get("/dashboard.json"))
    if surface == "case_on_dashboard":
        response = client.get("/dashboard.json")
        body = response.content.decode() if response.status_code == 200 else ""
        return Y if any(ref in body for ref in world["refs"]) else N
    if surface == "password_page":
        return status(client.get("/accounts/password/"))
    if surface == "create_org":
        name = f"Made by {subject}"
        answer = status(client.post("/accounts/organisations/new/", {"name": name, "kind": "research"}), (302,))
        return LOGIN if answer == LOGIN else (Y if Organisation.objects.filter(name=name).exists() else N)
    if surface == "requests_page":
        return status(client.get("/accounts/organisations/requests/"))
    if surface == "requests_json":
        return status(client.get("/accounts/organisations/requests.json"))
    if surface == "decide_request":
        requester = User.objects.create_user(email=f"asks-{subject}@example.org", password="x" * 12)
        onboarding.mark_verified(requester)
        request = onboarding.create_or_request(requester, f"Panel for {subject}", "adjudicator")
        answer = status(client.post(f"/accounts/organisations/requests/{request.pk}/decide/",
                                    {"decision": "approve"}), (302,))
        request.refresh_from_db()
        return LOGIN if answer == LOGIN else (Y if request.state == "approved" else N)
    raise AssertionError(surface)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_surfaces_follow_the_matrix(world, subject):
    client = _client(world, subject)
    wrong = [f"{subject} {surface}: got {got}, want {want}" for s, surface, want in CELLS if s == subject
             for got in [_answer(world, subject, surface, client)] if got != want]
    assert wrong == []


@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s != "anonymous"])
def test_each_subject_sees_exactly_its_sections(world, subject):
    data = _client(world, subject).get("/dashboard.json").json()
    assert set(data["sections"]) == SECTIONS[subject] == set(data["roles"])


def test_organisation_requests_reach_the_public_ledger_only_for_operators(world):
    from redline.accounts import onboarding
    from redline.ledger.models import LedgerEntry

    request = onboarding.create_or_request(world["users"]["reporter"], "Agency", "regulator")
    seqs = set(LedgerEntry.objects.filter(object_type="accounts.organisationrequest", object_id=str(request.pk))
               .values_list("seq", flat=True))
    for subject in SUBJECTS:
        entries = {e["seq"]: e for e in _client(world, subject).get("/ledger.json").json()["entries"]}
        shown = [entries[s] for s in seqs if s in entries]
        assert shown, subject
        for e in shown:
            assert (e["summary"] is not None) == (subject == "operator"), subject
