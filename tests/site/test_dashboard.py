"""The signed-in home: a dashboard per role, its JSON twin, and sign-in landing there.

Runs on the demo data (loaded once for the module, rolled back afterwards): each demo person has
the role the dashboard is built for, and the embargoed Aurora case must reach only its parties.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client

pytestmark = pytest.mark.django_db

D = "demo.redline.test"
PEOPLE = {
    "reporter": f"researcher@open-red-team.{D}",
    "triager": f"triager@aurora-labs.{D}",
    "coordinator": f"coordinator@coordination-centre.{D}",
    "adjudicator": f"adjudicator@adjudication-panel.{D}",
    "reviewer": f"reviewer1@isrb.{D}",
    "org_admin": f"admin@aurora-labs.{D}",
}
EMBARGO_MARKER = "fictional-lab framing"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.core.cache import cache
    from django.db import transaction

    from redline.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def _client(email: str | None) -> Client:
    from redline.accounts.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def _twin(role: str) -> dict:
    response = _client(PEOPLE[role]).get("/dashboard.json")
    assert response.status_code == 200
    return response.json()


def test_anonymous_is_sent_to_sign_in(demo):
    for url in ("/dashboard/", "/dashboard.json"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sign_in_lands_on_the_dashboard(demo):
    from redline.registry.demo import DEMO_PASSWORD

    response = Client().post("/accounts/login/", {"username": PEOPLE["triager"], "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_role_sees_its_section_in_html_and_json(demo, role):
    data = _twin(role)
    assert role in data["roles"] and role in data["sections"]
    html = _client(PEOPLE[role]).get("/dashboard/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("h1")) == 1
    assert soup.find(id=role) is not None, f"no #{role} section for {role}"


def test_a_user_with_several_roles_sees_each_section(demo, make_user):
    from redline.accounts.models import Organisation
    from redline.accounts.services import set_membership

    user = make_user(Organisation.objects.get(slug="openforge"), "admin")
    set_membership(Organisation.objects.get(slug="adjudication-panel"), user, "member")
    data = _client(user.email).get("/dashboard.json").json()
    assert {"triager", "org_admin", "adjudicator"} <= set(data["roles"])
    assert "coordinator" not in data["roles"] and "reviewer" not in data["roles"]


def test_a_new_account_starts_as_a_reporter(demo, make_user):
    data = _client(make_user().email).get("/dashboard.json").json()
    assert data["roles"] == ["reporter"] and data["sections"]["reporter"]["reports"] == []


def test_reporter_sees_own_reports_with_status_and_next_deadline(demo):
    from redline.disclosure.models import Report

    rows = _twin("reporter")["sections"]["reporter"]["reports"]
    mine = set(Report.objects.filter(reporter__email=PEOPLE["reporter"]).values_list("title", flat=True))
    assert {r["title"] for r in rows} == mine and rows
    assert all(r["status"] for r in rows)
    from redline.disclosure.models import Participant

    owing = {f"R-{pk:06d}" for pk in Participant.objects.filter(
        case__report__reporter__email=PEOPLE["reporter"], state__in=("received", "valid", "accepted"),
        fix_ready_at__isnull=True).values_list("case__report_id", flat=True)}
    assert owing
    embargoed = {f"R-{pk:06d}" for pk in Report.objects.filter(
        reporter__email=PEOPLE["reporter"], case__embargo_state__in=("active", "revise")).values_list("pk", flat=True)}
    for r in rows:
        assert (r["next_deadline"] is not None) == (r["ref"] in owing | embargoed), r["ref"]


def test_triage_queue_is_sorted_by_nearest_deadline_and_filters(demo):
    from redline.disclosure.models import Participant

    section = _twin("triager")["sections"]["triager"]
    queue = section["queue"]
    expected = Participant.objects.filter(vendor__slug="aurora-labs", state__in=("received", "valid", "accepted"),
                                          case__report__csam_path=False).count()
    assert len(queue) == expected and expected >= 2
    dues = [r["next_deadline"]["at"] for r in queue if r["next_deadline"]]
    assert dues == sorted(dues)
    assert all(r["vendor"] == "aurora-labs" and "days" in r["age"] and r["severity"] for r in queue)
    client = _client(PEOPLE["triager"])
    severity = queue[0]["severity"]
    filtered = client.get(f"/dashboard.json?severity={severity}").json()["sections"]["triager"]["queue"]
    assert filtered and all(r["severity"] == severity for r in filtered)
    closed = client.get("/dashboard.json?state=closed").json()["sections"]["triager"]["queue"]
    assert all(r["state"] == "closed" for r in closed)
    html = client.get("/dashboard/?severity=" + severity).content.decode()
    assert f'<option value="{severity}" selected>' in html


def test_triager_of_another_vendor_never_sees_the_embargoed_case(demo):
    openforge = _client(f"triager@openforge.{D}").get("/dashboard/").content.decode()
    assert EMBARGO_MARKER not in openforge
    assert EMBARGO_MARKER in _client(PEOPLE["triager"]).get("/dashboard/").content.decode()
    for role in ("reviewer", "adjudicator"):  # the reporter of that case does see it
        body = _client(PEOPLE[role]).get("/dashboard.json").content.decode()
        assert EMBARGO_MARKER not in body, role


def test_coordinator_sees_escalations_and_stalled_cases(demo):
    from django.utils import timezone

    from redline.disclosure.models import Case, Escalation, Message, Participant

    section = _twin("coordinator")["sections"]["coordinator"]
    unresolved = Escalation.objects.filter(resolved_at__isnull=True).count()
    assert unresolved and len(section["escalations"]) == unresolved
    # Make one open case quiet for 20 days: it becomes stalled.
    case = Case.objects.filter(participants__state="received").first()
    old = timezone.now() - timedelta(days=20)
    Case.objects.filter(pk=case.pk).update(opened_at=old)
    Participant.objects.filter(case=case).update(received_at=old, acknowledged_at=None, triaged_at=None,
                                                 fix_ready_at=None, fix_deployed_at=None)
    Message.objects.filter(report=case.report).update(created_at=old)
    stalled = _twin("coordinator")["sections"]["coordinator"]["stalled"]
    assert case.report.ref in {s["ref"] for s in stalled}
    assert all(s["last_activity"]["days"] >= 14 for s in stalled)


def test_adjudicator_sees_open_disputes(demo):
    from redline.disclosure.models import Dispute

    rows = _twin("adjudicator")["sections"]["adjudicator"]["disputes"]
    open_ = Dispute.objects.filter(state__in=("filed", "under_review", "appealed", "appeal_review"))
    assert {r["id"] for r in rows} == set(open_.values_list("pk", flat=True))


def test_reviewer_sees_pending_approvals_and_comment_periods(demo):
    from redline.commitments.models import CommitmentVersion

    section = _twin("reviewer")["sections"]["reviewer"]
    proposed = CommitmentVersion.objects.filter(state="proposed").exclude(
        approvals__reviewer__email=PEOPLE["reviewer"])
    assert {(r["commitment"], r["version"]) for r in section["pending_approvals"]} >= {
        (v.commitment_id, v.number) for v in proposed if v.commitment.model.visibility == "public"}
    assert all(r["comment_period_open"] for r in section["open_comment_periods"])


def test_org_admin_sees_members_models_commitments_and_the_gate(demo):
    from redline.accounts.models import Membership
    from redline.registry.models import Deployment

    orgs = _twin("org_admin")["sections"]["org_admin"]["organisations"]
    assert [o["slug"] for o in orgs] == ["aurora-labs"]
    aurora = orgs[0]
    assert {m["email"] for m in aurora["members"]} == set(
        Membership.objects.filter(organisation__slug="aurora-labs").values_list("user__email", flat=True))
    assert {m["id"] for m in aurora["models"]} >= {"aurora-labs/aurora-2", "aurora-labs/aurora-2-mini"}
    assert len(aurora["deployments"]) == Deployment.objects.filter(model__organisation__slug="aurora-labs").count()
    assert all(isinstance(d["allowed"], bool) and d["gate_url"] for d in aurora["deployments"])
    assert aurora["flagged"] == sum(d["flagged"] for d in aurora["deployments"])


def test_a_member_is_not_an_org_admin_and_sees_no_other_orgs(demo):
    data = _client(f"member@aurora-labs.{D}").get("/dashboard.json").json()
    assert "org_admin" not in data["roles"] and "triager" not in data["roles"]
    admin = _twin("org_admin")["sections"]["org_admin"]["organisations"]
    assert "openforge" not in {o["slug"] for o in admin}
