"""Safety-case services: import and export, binding, live status, submission and signed assessment."""

import pytest
from redline_tests_safety_case_fixtures import CASE_YAML, MOCK_ALIAS, crossing_log

from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.core.gsn import case_from_texts, check
from redline.evidence import services as evidence
from redline.ledger.models import LedgerEntry
from redline.safety_cases import services
from redline.safety_cases.models import SafetyCase


def test_import_keeps_the_yaml_and_export_gives_it_back(world):
    case = services.import_case(world["admin"], world["model"], [("acme-bio.gsn.yaml", CASE_YAML)])
    assert case.slug == "acme-bio" and case.title == "Acme 7B gives no biological protocol uplift"
    assert services.export_files(case) == {"acme-bio.gsn.yaml": CASE_YAML}
    again = case_from_texts(services.export_files(case))
    assert check(again).as_dict() == check(case_from_texts({"acme-bio.gsn.yaml": CASE_YAML})).as_dict()
    assert case.modes == ["internal", "hosted_api", "api_fine_tuning", "gated_open_weights", "open_weights"]
    assert LedgerEntry.objects.filter(object_type="safety_cases.safetycase", action="create").count() == 1


def test_a_case_with_check_errors_is_not_stored(world):
    bad = "G1:\n  text: top\n  supportedBy: [Sn9]\n"
    with pytest.raises(InvalidInput, match=r"files: 1 check error\(s\).*C03"):
        services.import_case(world["admin"], world["model"], [("bad.yaml", bad)])
    with pytest.raises(InvalidInput, match="empty file"):
        services.import_case(world["admin"], world["model"], [("empty.yaml", "")])
    assert not SafetyCase.objects.exists()


def test_only_the_developer_writes_cases(world):
    for who in ("outsider", "reviewer1", "auditor"):
        with pytest.raises(PermissionDenied):
            services.import_case(world[who], world["model"], [("c.yaml", CASE_YAML)])


def test_binding_gives_live_status_and_new_evidence_turns_it_into_a_gap(world, bound_case, tmp_path,
                                                                        django_capture_on_commit_callbacks):
    current = services.live(bound_case)
    assert current.bound["Sn1"].outcome == "not_crossed"
    assert current.supported and current.required
    assert bound_case.status == "supported"
    with django_capture_on_commit_callbacks(execute=True):
        evidence.import_file(world["admin"], world["model"], crossing_log(tmp_path), model_alias=MOCK_ALIAS,
                             elicitation_level="strong")
    bound_case.refresh_from_db()
    assert bound_case.status == "gap"  # recorded at once, without a refresh by hand
    gaps = bound_case.status_summary["gaps"]
    assert gaps[0]["element"] == "Sn1" and gaps[0]["kind"] == "contradicted"
    assert LedgerEntry.objects.filter(object_type="safety_cases.safetycase", action="status:gap").exists()
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path="redline.safety_cases.tasks.notify_status_change").exists()
    from django.core import mail

    from redline.safety_cases.tasks import notify_status_change

    notify_status_change.call(bound_case.pk, "supported", "gap")
    assert "admin@acme.test" in mail.outbox[-1].to and "Sn1" in mail.outbox[-1].body


def test_unbound_solution_is_weak_only_where_a_commitment_requires_a_case(world):
    case = services.import_case(world["admin"], world["model"], [("c.yaml", CASE_YAML)])
    current = services.live(case)
    assert not current.required and current.status.statuses["Sn1"].value == "unbound"
    assert current.supported  # unbound is shown, but not a gap, when nothing requires the case


def test_bind_refuses_what_is_not_a_solution_or_not_this_models(world, bio_red_line, make_org, make_model):
    case = services.import_case(world["admin"], world["model"], [("c.yaml", CASE_YAML)])
    with pytest.raises(InvalidInput, match="element"):
        services.bind(world["admin"], case, "G1", "red_line_verdict", commitment=bio_red_line)
    with pytest.raises(InvalidInput, match="kind"):
        services.bind(world["admin"], case, "Sn1", "horoscope")
    with pytest.raises(InvalidInput, match="commitment"):
        services.bind(world["admin"], case, "Sn1", "risk_run", commitment=bio_red_line)
    with pytest.raises(InvalidInput, match="safeguard"):
        services.bind(world["admin"], case, "Sn1", "safeguard_test")


def test_editing_drops_bindings_of_solutions_that_are_gone_and_revises(world, bound_case):
    services.update_case(world["admin"], bound_case, [("acme-bio.gsn.yaml", CASE_YAML.replace("Sn1", "Sn2"))])
    bound_case.refresh_from_db()
    assert bound_case.revision == 2 and not bound_case.bindings.exists()


def test_submit_and_assess_independently_with_a_signature(world, bound_case):
    with pytest.raises(InvalidInput, match="only a submitted case"):
        services.assess(world["reviewer2"], bound_case, "accepted", "fine")
    services.submit(world["admin"], bound_case)
    with pytest.raises(IllegalTransition):
        services.update_case(world["admin"], bound_case, [("acme-bio.gsn.yaml", CASE_YAML)])
    for who in ("admin", "outsider", "auditor"):
        with pytest.raises(PermissionDenied):
            services.assess(world[who], bound_case, "accepted", "fine")
    with pytest.raises(InvalidInput, match="element_reasons"):
        services.assess(world["reviewer2"], bound_case, "rejected", "no")
    with pytest.raises(InvalidInput, match="conditions"):
        services.assess(world["reviewer2"], bound_case, "accepted_with_conditions", "ok")
    with pytest.raises(InvalidInput, match="signature"):
        services.assess(world["reviewer1"], bound_case, "accepted", "fine", signature="AAAA")
    a = services.assess(world["reviewer2"], bound_case, "accepted", "The verdict bears the claim.",
                        element_reasons={"G2": "the alert margin is thin"})
    bound_case.refresh_from_db()
    assert bound_case.state == "accepted" and a.server_signed
    assert services.verify_assessment(a) is None
    assert a.document["case_sha256"] == bound_case.sha256
    assert a.evidence_digests[0]["element"] == "Sn1" and a.evidence_digests[0]["status"] == "supported"
    ok, problems = services.standing(bound_case, services.live(bound_case))
    assert ok, problems
    a.document = {**a.document, "verdict": "rejected"}
    a.save()
    assert "does not match" in services.verify_assessment(a)


def test_offline_signature_by_the_reviewers_own_key(world, bound_case):
    from redline.core import signing

    services.submit(world["admin"], bound_case)
    current = services.live(bound_case)
    verdict, reasons, per, conds = services.clean_assessment(current, "accepted_with_conditions", "ok", {},
                                                             ["rerun at strong elicitation"])
    doc = services.assessment_payload(bound_case, current, verdict=verdict, reasons=reasons, element_reasons=per,
                                      conditions=conds, assessor=world["reviewer1"].email, organisation="rev-one")
    sig = signing.sign(doc, world["key1"])
    a = services.assess(world["reviewer1"], bound_case, "accepted_with_conditions", "ok",
                        conditions=["rerun at strong elicitation"], signature=sig)
    assert not a.server_signed and a.conditions.count() == 1
    bound_case.refresh_from_db()
    ok, problems = services.standing(bound_case, services.live(bound_case))
    assert not ok and "1 condition(s) of the acceptance not yet met" in problems
    services.meet_condition(world["admin"], a.conditions.get(), "rerun on 2026-11-30, same verdict")
    assert services.standing(bound_case, services.live(bound_case))[0]


def test_a_reviewer_who_is_also_a_developer_member_cannot_assess(world, bound_case):
    from redline.accounts.models import User
    from redline.accounts.services import set_membership

    set_membership(world["dev"], world["reviewer2"], "member")
    services.submit(world["admin"], bound_case)
    reviewer = User.objects.get(pk=world["reviewer2"].pk)  # roles are cached per user object
    with pytest.raises(PermissionDenied, match="developer's own organisation"):
        services.assess(reviewer, bound_case, "accepted", "fine")


def test_template_filled_from_the_registry(world, bio_red_line):
    from redline.safety_cases.templating import template_values

    with pytest.raises(InvalidInput, match="threat_profile: give the threat profile"):
        template_values(world["model"], "inability", {})
    values = template_values(world["model"], "inability", {"capability": "", "threat_profile": "Bio uplift"})
    assert values["red_lines"] == ["Bio uplift"] and values["model"] == "acme/acme-7b"
    case = services.create_from_template(world["admin"], world["model"], "inability", values)
    current = services.live(case)
    assert case.template == "inability"
    kinds = {g.kind.value for g in current.status.gaps}
    assert {"undeveloped", "unbound"} <= kinds  # a fresh template shows its gaps


def test_the_flag_is_in_the_signed_spec_and_dropping_it_is_a_flagged_weakening(world, bio_red_line):
    from redline.commitments import services as commitments
    from redline.commitments.specs import spec_diff

    current = bio_red_line.in_force()
    assert current.spec["requires_safety_case"] is True
    spec = {k: v for k, v in current.spec.items() if k != "requires_safety_case"}
    weaker = commitments.new_version(world["admin"], bio_red_line, spec)
    assert "requires_safety_case" not in weaker.spec
    change = next(c for c in spec_diff(current.spec, weaker.spec) if c["field"] == "requires_safety_case")
    assert change["effect"] == "weakens" and change["flagged"]


def test_the_public_ledger_redacts_drafts(world, bio_red_line):
    from django.contrib.auth.models import AnonymousUser

    from redline.ledger.visibility import shown_in_full

    case = services.import_case(world["admin"], world["model"], [("c.yaml", CASE_YAML)])
    entries = list(LedgerEntry.objects.filter(object_type="safety_cases.safetycase", object_id=str(case.pk)))
    assert entries and not shown_in_full(AnonymousUser(), entries)
    assert shown_in_full(world["member"], entries) == {e.seq for e in entries}
    services.submit(world["admin"], case)
    entries = list(LedgerEntry.objects.filter(object_type="safety_cases.safetycase", object_id=str(case.pk)))
    assert shown_in_full(AnonymousUser(), entries) == {e.seq for e in entries}
