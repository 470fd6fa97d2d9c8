"""Generated permission matrix for disclosure: role × relation to the case × action.

Relations: the vendor on the case (member, triager, admin), another vendor (member, triager, admin),
a coordinator, an adjudicator, the reporter through the follow-up token, and an anonymous visitor.
Each cell is checked through the policy and, for viewing, through the page, its JSON twin and the list filter.
The indirect paths of issue 11 are actions too: grouping the case into an incident, naming it as the
original of one's own duplicate, and reading its entries in the public ledger (page and JSON).
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from redline.accounts import policy
from redline.disclosure import intake, services
from redline.disclosure.models import Report

# accept_embargo: the coordinator proposed, so it may not accept its own proposal
ACTIONS = ("view", "triage", "case_action", "restricted_evidence", "sensitive_evidence", "internal_note",
           "decide_dispute", "appeal_dispute", "withdraw_dispute", "accept_embargo", "group_incident",
           "duplicate_original", "ledger_entries", "view_dispute", "add_participant", "remove_participant")
Y, N = True, False
# relation → expected answer per action, in ACTIONS order
EXPECTED = {
    ("vendor", "member"): (Y, N, N, Y, N, Y, N, N, N, N, N, N, Y, Y, N, N),
    ("vendor", "triager"): (Y, Y, Y, Y, N, Y, N, N, N, Y, Y, Y, Y, Y, N, N),
    ("vendor", "admin"): (Y, Y, Y, Y, N, Y, N, N, N, Y, Y, Y, Y, Y, N, N),
    ("other_vendor", "member"): (N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
    ("other_vendor", "triager"): (N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
    ("other_vendor", "admin"): (N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
    ("coordinator", "triager"): (Y, Y, Y, Y, Y, Y, N, N, N, N, Y, Y, Y, Y, Y, Y),
    ("adjudicator", "member"): (N, N, N, N, N, N, Y, Y, N, N, N, N, N, Y, N, N),
    ("reporter_token", "-"): (Y, N, N, Y, Y, N, N, Y, Y, Y, N, N, N, Y, N, N),
    ("anonymous", "-"): (N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N),
}
CELLS = [(rel, role, action, EXPECTED[(rel, role)][i])
         for (rel, role), i in itertools.product(EXPECTED, range(len(ACTIONS))) for action in [ACTIONS[i]]]


@pytest.fixture
def case(world, submit, make_user):
    report = submit(uploads=[intake.Upload("r.txt", b"r", "text/plain", "restricted"),
                             intake.Upload("s.txt", b"s", "text/plain", "sensitive")]).report
    services.post_message(report, "internal", user=world.triager, audience="internal")
    people = {
        ("vendor", "member"): world.member, ("vendor", "triager"): world.triager,
        ("vendor", "admin"): make_user(world.aurora, "admin"),
        ("other_vendor", "member"): make_user(world.forge, "member"),
        ("other_vendor", "triager"): world.forge_triager,
        ("other_vendor", "admin"): make_user(world.forge, "admin"),
        ("coordinator", "triager"): world.coordinator, ("adjudicator", "member"): world.adjudicator,
        ("reporter_token", "-"): AnonymousUser(), ("anonymous", "-"): AnonymousUser(),
    }
    return report, people


def _answer(action: str, user, report: Report, token_ok: bool) -> bool:
    participant = report.case.participants.get()
    if action == "view":
        return policy.can_view_report(user, report, token_ok=token_ok)
    if action == "triage":
        return policy.can_act_on_participation(user, participant)
    if action == "case_action":
        return policy.can_act_on_case(user, report)
    if action in ("restricted_evidence", "sensitive_evidence"):
        att = report.attachments.get(sensitivity=action.split("_")[0])
        return policy.can_view_attachment(user, att, token_ok=token_ok)
    if action == "internal_note":
        return policy.can_view_message(user, report.messages.get(audience="internal"), token_ok=token_ok)
    if action == "accept_embargo":
        from redline.accounts.models import User
        from redline.core.errors import PermissionDenied

        services.act(User.objects.get(email="coord@centre.test"), report, "propose_embargo")
        try:
            services.act(user, report, "accept_embargo", token_ok=token_ok)
        except PermissionDenied:
            return False
        report.case.refresh_from_db()
        assert report.case.embargo_state == "active" and report.case.embargo_proposed_by == ""
        return True
    if action == "group_incident":
        from redline.core.errors import PermissionDenied

        try:
            services.create_incident(user, "Wave", reports=services.incident_reports(user, [report.pk]))
        except PermissionDenied:
            return False
        return report.__class__.objects.get(pk=report.pk).incident is not None
    if action == "duplicate_original":
        return _duplicate_allowed(user, report)
    if action == "ledger_entries":
        from redline.ledger import visibility
        from redline.ledger.models import LedgerEntry

        if token_ok:
            return False  # a follow-up token is not a viewer of the public ledger
        entries = LedgerEntry.objects.filter(object_type__in=["disclosure.report", "disclosure.participant"],
                                             object_id__in=[str(report.pk), str(participant.pk)])
        shown = visibility.shown_in_full(user, entries)
        assert shown in (set(), {e.seq for e in entries})  # all or nothing about one case
        return bool(shown)
    if action in ("add_participant", "remove_participant"):
        return _participants_allowed(user, report, action)
    if action in ("decide_dispute", "appeal_dispute", "withdraw_dispute", "view_dispute"):
        if participant.state == "received":
            services.triage(_triager(), report, participant.vendor, "invalid")
        dispute = report.disputes.first() or services.file_dispute(report, participant.vendor, "grounds",
                                                                   token_ok=True)
        if action == "decide_dispute":
            return policy.can_decide_dispute(user, dispute)
        if action == "view_dispute":
            from redline.disclosure.models import Dispute

            allowed = policy.can_view_dispute(user, dispute, token_ok=token_ok)
            if not token_ok:  # the dispute queue lists exactly the disputes the policy shows
                assert (dispute in Dispute.objects.filter(policy.disputes_visible_filter(user))) is allowed
            return allowed
        return _service_allows(user, dispute, action.split("_")[0], token_ok)
    raise AssertionError(action)


def _participants_allowed(user, report: Report, action: str) -> bool:
    """Whether the service lets ``user`` add OpenForge to the case, or remove it once a coordinator added it."""
    from redline.accounts.models import Organisation, User
    from redline.core.errors import PermissionDenied

    forge = Organisation.objects.get(slug="forge")
    if action == "remove_participant":
        services.add_participant(User.objects.get(email="coord@centre.test"), report, forge)
    try:
        if action == "add_participant":
            services.add_participant(user, report, forge)
        else:
            services.remove_participant(user, report, forge)
    except PermissionDenied:
        return False
    on_case = report.case.participants.filter(vendor=forge).exists()
    assert on_case is (action == "add_participant")
    return True


def _service_allows(user, dispute, event: str, token_ok: bool) -> bool:
    """Whether the service lets ``user`` appeal or withdraw ``dispute`` (the policy, enforced)."""
    from redline.core.errors import PermissionDenied

    if event == "appeal":  # an appeal needs a decision first, and the decision the vendor's answer
        judge = _adjudicator()
        services.answer_dispute(_triager(), dispute, "the vendor's answer")
        services.dispute_event(judge, dispute, "begin_review")
        services.dispute_event(judge, dispute, "decide", outcome="upheld", rationale="reasons")
    allowed = (policy.can_appeal_dispute if event == "appeal" else policy.can_withdraw_dispute)(
        user, dispute, token_ok=token_ok)
    try:
        services.dispute_event(user, dispute, event, token_ok=token_ok,
                               grounds="the grounds" if event == "appeal" else "")
    except PermissionDenied:
        assert not allowed
        return False
    assert allowed and dispute.state == ("appealed" if event == "appeal" else "withdrawn")
    return True


def _duplicate_allowed(user, report: Report) -> bool:
    """Whether ``user`` may mark a report of its own vendor (Aurora's, else OpenForge's) a duplicate of ``report``."""
    from redline.accounts.models import Organisation
    from redline.core.errors import InvalidInput, PermissionDenied

    vendor_ids = policy._member_org_ids(user) if user.is_authenticated else set()
    model = "forge/forge-8b" if Organisation.objects.filter(pk__in=vendor_ids, slug="forge").exists() \
        else "aurora/aurora-2"
    terms = intake.ensure_terms()
    own = intake.submit_report(intake.Submission(title="Same flaw again", description="Seen once more.",
                                                 models=[model], accepted_terms=terms.version)).report
    vendor = own.case.participants.get().vendor
    try:
        services.mark_duplicate(user, own, report, vendor)
    except (PermissionDenied, InvalidInput):
        own.refresh_from_db()
        assert own.duplicate_of_id is None
        return False
    return True


def world_vendor(report: Report):
    return report.case.participants.get().vendor


def _adjudicator():
    from redline.accounts.models import User

    return User.objects.get(email="judge@panel.test")


def _triager():
    from redline.accounts.models import User

    return User.objects.get(email="triager@aurora.test")


@pytest.mark.parametrize("relation,role,action,expected", CELLS,
                         ids=[f"{r}-{ro}-{a}" for r, ro, a, _ in CELLS])
def test_policy_cell(case, relation, role, action, expected):
    report, people = case
    assert _answer(action, people[(relation, role)], report, relation == "reporter_token") is expected


@pytest.mark.parametrize("relation,role", list(EXPECTED), ids=[f"{r}-{ro}" for r, ro in EXPECTED])
def test_pages_json_twins_and_list_filter_follow_the_policy(client, case, relation, role):
    report, people = case
    user = people[(relation, role)]
    allowed = EXPECTED[(relation, role)][0]
    if relation == "reporter_token":
        return  # the token is checked on the follow-up page (test_disclosure_pages)
    if user.is_authenticated:
        client.force_login(user)
        listed = Report.objects.filter(policy.reports_visible_filter(user)).distinct()
        assert (report in listed) is allowed
    html = client.get(f"/cases/{report.pk}/")
    twin = client.get(f"/cases/{report.pk}.json")
    expected_status = 200 if allowed else (404 if user.is_authenticated else 302)
    assert html.status_code == expected_status and twin.status_code == expected_status
    # the indirect paths: the public ledger (page and JSON twin) names the case's actions only to its viewers
    services.triage(_triager(), report, world_vendor(report), "accept")
    ledger_json = client.get("/ledger.json").content.decode()
    ledger_html = client.get("/ledger/").content.decode()
    named = "state:accept:aurora" in ledger_json
    assert named is allowed and ("state:accept:aurora" in ledger_html) is allowed
    # the dispute page and the dispute queue (page and JSON twin) follow the dispute rule
    services.triage(_triager(), report, world_vendor(report), "defer")  # a decision the reporter may dispute
    dispute = services.file_dispute(report, world_vendor(report), "grounds", token_ok=True)
    sees_dispute = EXPECTED[(relation, role)][ACTIONS.index("view_dispute")]
    status = client.get(f"/disputes/{dispute.pk}/").status_code
    assert status == (200 if sees_dispute else (404 if user.is_authenticated else 302))
    queue = client.get("/disputes.json")
    if user.is_authenticated:
        assert (dispute.pk in {r["id"] for r in queue.json()["results"]}) is sees_dispute
        assert (f"/disputes/{dispute.pk}/" in client.get("/disputes/").content.decode()) is sees_dispute
    else:
        assert queue.status_code == 302


# --- disputes stay between the parties (issue 10) ------------------------------------------------
# A two-vendor case: Aurora accepted, OpenForge judged the report invalid and the reporter (with an
# account) disputes OpenForge's decision. Relations: the vendor disputed, the other vendor on the same
# case, a vendor off the case, coordinator, adjudicator, the reporter by account and by token, anonymous.
# Each cell is checked through the page or twin it names (or the service, for actions).

DISPUTE_ACTIONS = ("case_page", "case_twin", "dispute_page", "dispute_twin", "ledger", "answer", "begin_review",
                   "appeal", "withdraw")
DISPUTE_EXPECTED = {
    ("disputed_vendor", "member"): (Y, Y, Y, Y, Y, N, N, N, N),
    ("disputed_vendor", "triager"): (Y, Y, Y, Y, Y, Y, N, N, N),
    ("other_vendor_on_case", "member"): (N, N, N, N, N, N, N, N, N),
    ("other_vendor_on_case", "triager"): (N, N, N, N, N, N, N, N, N),
    ("vendor_off_case", "triager"): (N, N, N, N, N, N, N, N, N),
    ("coordinator", "triager"): (Y, Y, Y, Y, Y, Y, N, N, N),
    ("adjudicator", "member"): (Y, Y, Y, Y, Y, N, Y, Y, N),
    ("reporter_account", "-"): (Y, Y, Y, Y, Y, N, N, Y, Y),
    ("reporter_token", "-"): (Y, Y, N, N, N, N, N, Y, Y),
    ("anonymous", "-"): (N, N, N, N, N, N, N, N, N),
}
DISPUTE_CELLS = [(rel, role, DISPUTE_ACTIONS[i], DISPUTE_EXPECTED[(rel, role)][i])
                 for (rel, role) in DISPUTE_EXPECTED for i in range(len(DISPUTE_ACTIONS))]


@pytest.fixture
def dispute_case(world, submit, make_user, make_org, make_model):
    initech = make_org("developer", name="Initech", slug="initech")
    make_model(initech, name="Initech 1", slug="initech-1")
    done = submit(models=["aurora/aurora-2", "forge/forge-8b"], reporter=world.researcher)
    report = done.report
    services.triage(world.triager, report, world.aurora, "accept")
    services.triage(world.forge_triager, report, world.forge, "invalid")
    dispute = services.file_dispute(report, world.forge, "DISPUTE-GROUNDS-MARKER: Forge is affected too.",
                                    user=world.researcher)
    people = {
        ("disputed_vendor", "member"): make_user(world.forge, "member"),
        ("disputed_vendor", "triager"): world.forge_triager,
        ("other_vendor_on_case", "member"): world.member, ("other_vendor_on_case", "triager"): world.triager,
        ("vendor_off_case", "triager"): make_user(initech, "triager"),
        ("coordinator", "triager"): world.coordinator, ("adjudicator", "member"): world.adjudicator,
        ("reporter_account", "-"): world.researcher,
        ("reporter_token", "-"): AnonymousUser(), ("anonymous", "-"): AnonymousUser(),
    }
    return report, dispute, done.token, people


def _dispute_answer(client, action: str, user, report, dispute, token: str | None) -> bool:
    from redline.core.errors import IllegalTransition, PermissionDenied

    if user.is_authenticated:
        client.force_login(user)
    marker = "DISPUTE-GROUNDS-MARKER"
    if action in ("case_page", "case_twin"):
        base = f"/report/follow/{token}/" if token else f"/cases/{report.pk}/"
        url = base if action == "case_page" else base.rstrip("/") + ".json"
        response = client.get(url)
        if response.status_code != 200:
            return False
        if action == "case_twin":
            return any(d["id"] == dispute.pk for d in response.json()["disputes"])
        shown = f"/disputes/{dispute.pk}/" in response.content.decode() or f'id="dispute-{dispute.pk}"' in \
            response.content.decode()
        return shown
    if action in ("dispute_page", "dispute_twin"):
        url = f"/disputes/{dispute.pk}/" if action == "dispute_page" else f"/disputes/{dispute.pk}.json"
        response = client.get(url)
        assert response.status_code in (200, 302, 404)  # never a 403 that confirms the dispute exists
        return response.status_code == 200 and marker in response.content.decode()
    if action == "ledger":
        from redline.ledger import visibility
        from redline.ledger.models import LedgerEntry

        if token:
            return False  # a follow-up token is not a viewer of the public ledger
        entries = LedgerEntry.objects.filter(object_type="disclosure.dispute", object_id=str(dispute.pk))
        assert entries.exists()
        shown = visibility.shown_in_full(user, entries)
        seqs = {e.seq for e in entries}
        listed = [e for e in client.get("/ledger.json").json()["entries"] if e["seq"] in seqs]
        assert listed and all((e["object_type"] == "disclosure.dispute") is bool(shown) for e in listed)
        return bool(shown)
    try:
        if action == "answer":
            services.answer_dispute(user, dispute, "The vendor's answer.")
        elif action == "begin_review":
            services.dispute_event(user, dispute, "begin_review")
        elif action == "appeal":
            services.answer_dispute(world_triager_of(dispute), dispute, "The vendor's answer.")
            services.dispute_event(_adjudicator(), dispute, "begin_review")
            services.dispute_event(_adjudicator(), dispute, "decide", outcome="upheld", rationale="Reasons.")
            services.dispute_event(user, dispute, "appeal", grounds="New evidence.", token_ok=bool(token))
        elif action == "withdraw":
            services.dispute_event(user, dispute, "withdraw", token_ok=bool(token))
    except (PermissionDenied, IllegalTransition):
        return False
    return True


def world_triager_of(dispute):
    from redline.accounts.models import User

    return User.objects.get(email="triager@forge.test")


@pytest.mark.parametrize("relation,role,action,expected", DISPUTE_CELLS,
                         ids=[f"{r}-{ro}-{a}" for r, ro, a, _ in DISPUTE_CELLS])
def test_dispute_cell(client, dispute_case, relation, role, action, expected):
    report, dispute, token, people = dispute_case
    user = people[(relation, role)]
    got = _dispute_answer(client, action, user, report, dispute, token if relation == "reporter_token" else None)
    assert got is expected
