"""The disclosure workflow through the service layer: intake, triage, embargo, flags, publication, ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from redline.core.errors import EmbargoTooLong, IllegalTransition, InvalidInput, PermissionDenied
from redline.disclosure import intake, publishing, services
from redline.disclosure.models import Advisory, Report
from redline.ledger.models import LedgerEntry

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_submission_opens_a_case_with_each_vendor_and_reserves_an_id(world, submit):
    done = submit(models=["aurora/aurora-2", "forge/forge-8b"], now=T0)
    report = done.report
    assert done.token.startswith("rlf_") and report.followup_token_hash != done.token
    assert intake.report_for_token(done.token) == report
    assert intake.report_for_token("rlf_wrong") is None
    assert sorted(p.vendor.slug for p in report.case.participants.all()) == ["aurora", "forge"]
    assert report.advisory.public_id == "RL-2026-00001" and report.advisory.state == "reserved"
    assert report.safe_harbor == world.terms
    forge = report.case.participants.get(vendor=world.forge)
    assert forge.open_weights is True
    assert LedgerEntry.objects.filter(action="create", object_type="disclosure.report",
                                      object_id=str(report.pk)).exists()


def test_terms_must_be_accepted(world, submit):
    with pytest.raises(InvalidInput, match="accepted_terms"):
        submit(accepted_terms="0.9")
    with pytest.raises(InvalidInput, match="title"):
        submit(title=" ")
    with pytest.raises(InvalidInput, match="models"):
        submit(models=["nobody/nothing"])
    assert Report.objects.count() == 0


def test_csam_path_keeps_no_reproduction_and_no_vendor(world, submit):
    done = submit(csam_path=True, reproduction="the payload")
    assert done.report.reproduction == ""
    assert not done.report.case.participants.exists()
    assert not Advisory.objects.filter(report=done.report).exists()
    with pytest.raises(InvalidInput, match="attachments"):
        submit(csam_path=True, uploads=[intake.Upload("a.txt", b"x", "text/plain")])


def test_attachment_limits(world, submit):
    with pytest.raises(InvalidInput, match="type"):
        submit(uploads=[intake.Upload("a.exe", b"x", "application/x-msdownload")])
    with pytest.raises(InvalidInput, match="larger"):
        submit(uploads=[intake.Upload("a.txt", b"x" * (intake.MAX_ATTACHMENT_BYTES + 1), "text/plain")])
    done = submit(uploads=[intake.Upload("log.txt", b"transcript", "text/plain", "sensitive")])
    att = done.report.attachments.get()
    with att.file.open("rb") as fh:
        assert fh.read() == b"transcript"
    assert att.size == 10 and att.sensitivity == "sensitive"


def test_full_workflow_to_publication(world, submit):
    report = submit(now=T0).report
    services.triage(world.triager, report, world.aurora, "accept", now=T0 + timedelta(hours=1))
    p = report.case.participants.get()
    assert p.state == "accepted" and "V" in p.flags and p.triaged_at is not None
    with pytest.raises(EmbargoTooLong, match="no later than 2026-05-30, 90 days after the embargo started"):
        services.act(world.triager, report, "propose_embargo", requested_end=T0 + timedelta(days=200), now=T0)
    services.act(world.triager, report, "propose_embargo", now=T0)  # no end asked: the longest allowed
    services.act(world.coordinator, report, "accept_embargo", now=T0)
    case = report.case
    case.refresh_from_db()
    assert case.embargo_state == "active" and case.embargo_ends_at == T0 + timedelta(days=90)
    services.act(world.triager, report, "fix_ready", vendor=world.aurora, now=T0 + timedelta(days=10))
    case.refresh_from_db()
    assert case.embargo_ends_at == T0 + timedelta(days=40)  # 30 days after the fix
    adv = services.publish(world.triager, report, now=T0 + timedelta(days=12))
    case.refresh_from_db()
    assert adv.state == "published" and case.embargo_state == "exited" and "P" in case.case_flags
    assert adv.public["public_id"] == adv.public_id
    assert "reproduction" in dict(adv.public["withheld"])
    assert LedgerEntry.objects.filter(action="state:published").exists()
    from redline.ledger.services import verify

    assert verify() is None


def test_batch_intake_matches_single_intake(world, submit):
    from redline.ledger.services import verify

    subs = [intake.Submission(title=f"Batch {i}", description=f"Batch report number {i} about role-play.",
                                models=["aurora/aurora-2"], accepted_terms=world.terms.version) for i in range(5)]
    done = intake.submit_many(subs, now=T0)
    ids = [d.report.advisory.public_id for d in done]
    assert ids == [f"RL-2026-{i:05d}" for i in range(1, 6)]
    assert all(d.report.case.participants.get().vendor == world.aurora for d in done)
    assert LedgerEntry.objects.filter(object_type="disclosure.participant").count() == 5
    assert verify() is None
    with pytest.raises(InvalidInput, match="models"):
        intake.submit_many([*subs, intake.Submission(title="x", description="y", models=["no/such"],
                                                         accepted_terms=world.terms.version)])
    assert Report.objects.count() == 5


def test_other_vendor_and_member_cannot_act(world, submit):
    report = submit().report
    with pytest.raises(PermissionDenied):
        services.triage(world.forge_triager, report, world.aurora, "accept")
    with pytest.raises(PermissionDenied):
        services.triage(world.member, report, world.aurora, "accept")
    with pytest.raises(PermissionDenied):
        services.act(world.forge_triager, report, "propose_embargo")
    with pytest.raises(PermissionDenied):
        services.publish(world.forge_triager, report)


def test_illegal_transitions_raise_named_error(world, submit):
    report = submit().report
    with pytest.raises(IllegalTransition, match="only after the vendor has accepted the report"):
        services.act(world.triager, report, "fix_ready", vendor=world.aurora)
    services.triage(world.triager, report, world.aurora, "invalid")
    with pytest.raises(IllegalTransition):
        services.triage(world.triager, report, world.aurora, "defer")


def test_reject_leaves_a_tombstone(world, submit):
    report = submit().report
    adv = publishing.reject(world.triager, report, "Not a flaw: the behaviour is within the stated scope.")
    assert adv.state == "rejected" and adv.reason.startswith("Not a flaw")
    with pytest.raises(IllegalTransition):
        services.publish(world.coordinator, report)


def test_duplicates_are_suggested_and_confirmed(world, submit):
    first = submit(title="Grandma exploit", description="Asking the model to role-play a deceased grandmother who "
                   "used to read napalm recipes makes it output the recipe step by step.").report
    second = submit(title="Grandma exploit again", description="Asking the model to role-play a deceased "
                    "grandmother who used to read napalm recipes makes it output the recipe step by step.")
    assert second.suggestions and second.suggestions[0].report_id == first.pk
    unrelated = submit(title="Other", description="The image model renders watermark-free logos of banks.")
    assert not unrelated.suggestions
    services.mark_duplicate(world.triager, second.report, first, world.aurora)
    second.report.refresh_from_db()
    p = second.report.case.participants.get()
    assert p.state == "deferred" and p.duplicate_of == first.ref
    adv = second.report.advisory
    adv.refresh_from_db()
    assert adv.state == "duplicate" and adv.redirect_to == first.advisory.public_id


def test_messages_and_disputes(world, submit):
    done = submit()
    report = done.report
    services.post_message(report, "Can you share the transcript?", user=world.triager)
    services.post_message(report, "Internal: we reproduced it.", user=world.triager, audience="internal")
    services.post_message(report, "Attached.", token_ok=True)
    with pytest.raises(PermissionDenied):
        services.post_message(report, "hello", user=world.forge_triager)
    services.triage(world.triager, report, world.aurora, "invalid")
    with pytest.raises(PermissionDenied):
        services.file_dispute(report, world.aurora, "It is a real flaw", user=world.triager)
    d = services.file_dispute(report, world.aurora, "It is a real flaw", token_ok=True)
    assert d.disputed
    services.answer_dispute(world.triager, d, "Within scope: the output is fiction.")
    with pytest.raises(PermissionDenied):
        services.dispute_event(world.triager, d, "begin_review")
    services.dispute_event(world.adjudicator, d, "begin_review")
    with pytest.raises(InvalidInput, match="rationale"):
        services.dispute_event(world.adjudicator, d, "decide", outcome="upheld")
    services.dispute_event(world.adjudicator, d, "decide", outcome="overturned",
                           rationale="The scope statement promises refusal.")
    assert d.state == "decided" and not d.disputed and d.decisions[0]["rationale"]
    services.dispute_event(world.adjudicator, d, "appeal", grounds="The vendor sent new evidence.")
    services.dispute_event(world.adjudicator, d, "begin_review")
    services.dispute_event(world.adjudicator, d, "decide", outcome="upheld", rationale="Same reasons.")
    with pytest.raises(IllegalTransition):
        services.dispute_event(world.adjudicator, d, "appeal")


def test_incident_groups_reports(world, submit):
    a, b = submit().report, submit(title="Second", description="Something else entirely happened here.").report
    inc = services.create_incident(world.coordinator, "Election deepfake wave", reports=[a, b],
                                   impact="Thousands saw it", root_cause="No provenance check")
    services.add_timeline(world.coordinator, inc, "2026-03-02", "First sighting")
    services.add_timeline(world.coordinator, inc, "2026-03-01", "Model released")
    assert [e["at"] for e in inc.timeline] == ["2026-03-01", "2026-03-02"]
    assert set(inc.reports.all()) == {a, b}
    with pytest.raises(PermissionDenied):
        services.create_incident(world.researcher, "x", reports=[a])


def test_an_embargo_proposal_needs_another_party_to_accept(world, submit):
    from redline.core.errors import PermissionDenied

    report = submit(now=T0).report
    services.triage(world.triager, report, world.aurora, "accept", now=T0)
    services.act(world.triager, report, "propose_embargo", now=T0)
    case = report.case
    case.refresh_from_db()
    assert case.embargo_state == "proposed" and case.embargo_proposed_by == "vendor:aurora"
    with pytest.raises(PermissionDenied, match="proposed it cannot also accept"):
        services.act(world.triager, report, "accept_embargo", now=T0)
    # a counter-proposal from the coordinator makes the coordinator the proposer; the vendor may accept it
    services.act(world.coordinator, report, "propose_embargo", now=T0)
    case.refresh_from_db()
    assert case.embargo_proposed_by == "coordinator"
    with pytest.raises(PermissionDenied):
        services.act(world.coordinator, report, "accept_embargo", now=T0)
    services.act(world.triager, report, "accept_embargo", now=T0)
    case.refresh_from_db()
    assert case.embargo_state == "active" and case.embargo_proposed_by == ""
    # a revision follows the same rule, and the reporter may answer it through the follow-up link
    services.act(world.triager, report, "propose_revision", requested_end=T0 + timedelta(days=60), now=T0)
    with pytest.raises(PermissionDenied):
        services.act(world.triager, report, "accept_revision", now=T0)
    services.act(AnonymousUser(), report, "accept_revision", token_ok=True, now=T0)
    case.refresh_from_db()
    assert case.embargo_state == "active" and case.embargo_ends_at == T0 + timedelta(days=60)


def test_the_reporter_may_only_answer_embargo_proposals(world, submit):
    from redline.core.errors import PermissionDenied

    report = submit(now=T0).report
    for action in ("propose_embargo", "terminate_embargo", "made_public"):
        with pytest.raises(PermissionDenied):
            services.act(AnonymousUser(), report, action, token_ok=True, now=T0)
    services.act(world.triager, report, "propose_embargo", now=T0)
    services.act(AnonymousUser(), report, "reject_embargo", token_ok=True, now=T0)
    report.case.refresh_from_db()
    assert report.case.embargo_state == "none" and report.case.embargo_proposed_by == ""
