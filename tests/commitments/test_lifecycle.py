"""Commitment lifecycle over the database: proposal, k independent signed approvals, in force, superseded."""

import datetime as dt

import pytest
from redline_tests_world_fixtures import RED_LINE

from redline.commitments import services
from redline.commitments.models import CommitmentVersion
from redline.core import signing
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied


def _proposed(world, **kw):
    v = services.create_commitment(world["admin"], world["model"], "red_line", "Cyber uplift", RED_LINE, **kw)
    return services.propose(world["admin"], v, comment_period_ends=dt.date.today())


def test_full_lifecycle_reaches_in_force(in_force_red_line):
    v = in_force_red_line
    assert v.state == "in_force"
    assert v.approvals.count() == 2
    assert v.approvals.filter(server_signed=True).count() == 1


def test_cannot_enter_force_with_fewer_than_k_approvals(world):
    v = _proposed(world)
    services.approve(world["reviewer1"], v, signature=signing.sign(v.spec, world["key1"]))
    v.refresh_from_db()
    assert v.state == "proposed"
    with pytest.raises(InvalidInput, match="1 independent reviewer organisation; 2 required"):
        services.enter_into_force(world["admin"], v)


def test_illegal_transitions_refused(world):
    v = services.create_commitment(world["admin"], world["model"], "red_line", "X", RED_LINE)
    with pytest.raises(InvalidInput, match="only a proposed version"):
        services.approve(world["reviewer2"], v)
    with pytest.raises(InvalidInput, match="approvals"):
        services.enter_into_force(world["admin"], v)
    services.propose(world["admin"], v)
    with pytest.raises(IllegalTransition):
        services.propose(world["admin"], v)
    with pytest.raises(IllegalTransition):
        services.edit_draft(world["admin"], v, RED_LINE)


def test_developer_member_cannot_approve_even_in_reviewer_org(world, make_user):
    from redline.accounts.services import set_membership

    v = _proposed(world)
    set_membership(world["rev1"], world["member"], "member")
    with pytest.raises(PermissionDenied, match="developer's own organisation"):
        services.approve(world["member"], v)
    with pytest.raises(PermissionDenied, match="independent reviewer"):
        services.approve(world["auditor"], v)


def test_bad_signature_refused(world):
    v = _proposed(world)
    other = signing.generate_private_key()
    with pytest.raises(InvalidInput, match="signature"):
        services.approve(world["reviewer1"], v, signature=signing.sign(v.spec, other))
    with pytest.raises(InvalidInput, match="signature"):
        services.approve(world["reviewer1"], v)  # no server-held key for reviewer1
    assert v.approvals.count() == 0


def test_comment_period_must_have_run(world):
    v = services.create_commitment(world["admin"], world["model"], "red_line", "Cyber uplift", RED_LINE)
    services.propose(world["admin"], v, comment_days=30)
    services.approve(world["reviewer1"], v, signature=signing.sign(v.spec, world["key1"]))
    services.approve(world["reviewer2"], v)
    v.refresh_from_db()
    assert v.state == "approved"
    with pytest.raises(InvalidInput, match="comment period runs until"):
        services.enter_into_force(world["admin"], v)
    services.enter_into_force(world["admin"], v, today=dt.date.today() + dt.timedelta(days=31))


def test_new_version_supersedes_and_flags_weakening(world, in_force_red_line):
    commitment = in_force_red_line.commitment
    weaker = {**RED_LINE, "threshold": 0.7, "alert": 0.6, "min_samples": 5}
    v2 = services.new_version(world["admin"], commitment, weaker, safeguards=[], rationale="looser")
    changes = {c["field"]: c for c in services.version_changes(v2)}
    assert changes["threshold"]["flagged"] and changes["threshold"]["effect"] == "weakens"
    assert changes["min_samples"]["flagged"]
    assert changes["safeguards"]["flagged"]  # the safeguard was dropped
    stronger = services.new_version(world["admin"], commitment, {**RED_LINE, "threshold": 0.3, "alert": 0.2},
                                    safeguards=["output-classifier-v2"])
    assert not any(c["flagged"] for c in spec_changes(v2, stronger) if c["field"] in ("threshold", "alert"))
    assert {c["effect"] for c in spec_changes(v2, stronger) if c["field"] == "threshold"} == {"strengthens"}
    services.propose(world["admin"], v2, comment_period_ends=dt.date.today())
    services.approve(world["reviewer1"], v2, signature=signing.sign(v2.spec, world["key1"]))
    services.approve(world["reviewer2"], v2)
    v2.refresh_from_db()
    services.enter_into_force(world["admin"], v2)
    states = dict(CommitmentVersion.objects.filter(commitment=commitment).values_list("number", "state"))
    assert states == {1: "superseded", 2: "in_force", 3: "draft"}
    # The first version's spec is untouched: append-only.
    in_force_red_line.refresh_from_db()
    assert in_force_red_line.spec["threshold"] == 0.5


def spec_changes(a, b):
    from redline.commitments.specs import spec_diff

    return spec_diff(a.spec, b.spec)


def test_comments_and_moderation(world):
    v = _proposed(world)
    c = services.add_comment(world["outsider"], v, "Threshold too high.")
    from django.contrib.auth.models import AnonymousUser

    services.add_comment(AnonymousUser(), v, "anonymous view", author_name="Pat")
    with pytest.raises(PermissionDenied):
        services.hide_comment(world["member"], c, "spam")
    with pytest.raises(InvalidInput, match="reason"):
        services.hide_comment(world["triager"], c, " ")
    services.hide_comment(world["triager"], c, "off topic")
    c.refresh_from_db()
    assert c.hidden and c.hidden_reason == "off topic"
    with pytest.raises(InvalidInput, match="body"):
        services.add_comment(world["outsider"], v, "")


def test_comments_closed_outside_proposal(world):
    v = services.create_commitment(world["admin"], world["model"], "red_line", "X", RED_LINE)
    with pytest.raises(InvalidInput, match="only while a version is proposed"):
        services.add_comment(world["outsider"], v, "hello")


def test_bad_spec_names_field(world):
    with pytest.raises(InvalidInput, match="max_unscored"):
        services.create_commitment(world["admin"], world["model"], "red_line", "X", {**RED_LINE, "max_unscored": 2})
    with pytest.raises(InvalidInput, match="name"):
        services.create_commitment(world["admin"], world["model"], "red_line", " ", RED_LINE)
    with pytest.raises(PermissionDenied):
        services.create_commitment(world["outsider"], world["model"], "red_line", "X", RED_LINE)


def test_risk_threshold_commitment(world):
    v = services.create_commitment(world["admin"], world["model"], "risk_threshold", "Mass casualties",
                                   {"harm_measure": "fatalities", "level_n": 1000, "probability": 0.001})
    assert v.spec["kind"] == "risk_threshold" and v.spec["period_unit"] == "year"
    with pytest.raises(InvalidInput, match="probability"):
        services.create_commitment(world["admin"], world["model"], "risk_threshold", "Bad",
                                   {"harm_measure": "fatalities", "level_n": 1000, "probability": 2})


def test_comment_never_publishes_an_email(world, client):
    v = _proposed(world)
    services.add_comment(world["outsider"], v, "Please lower the threshold.")
    page = client.get(f"/commitments/{v.commitment_id}/").content.decode()
    assert "Please lower the threshold." in page and "outsider@example.test" not in page
    assert "registered user" in page


def test_two_members_of_one_reviewer_organisation_count_once(world, make_user):
    """k approvals must come from k distinct independent organisations (issue 10)."""
    from redline.core import signing as sg

    v = _proposed(world)  # k = 2
    colleague = make_user(world["rev1"], "member", email="r1b@rev.test")
    key = sg.generate_private_key()
    services.register_key(colleague, sg.public_key_to_b64(key.public_key()))
    services.approve(world["reviewer1"], v, signature=sg.sign(v.spec, world["key1"]))
    services.approve(colleague, v, signature=sg.sign(v.spec, key))
    v.refresh_from_db()
    assert v.state == "proposed" and v.approvals.count() == 2
    assert services.independent_organisations(v) == ["rev-one"]
    with pytest.raises(InvalidInput, match="1 independent reviewer organisation; 2 required"):
        services.enter_into_force(world["admin"], v)
    services.approve(world["reviewer2"], v)  # a second organisation
    v.refresh_from_db()
    assert v.state == "approved" and services.independent_organisations(v) == ["rev-one", "rev-two"]


def test_commitment_page_counts_organisations_not_signatures(client, world, make_user):
    from redline.core import signing as sg

    v = _proposed(world)
    colleague = make_user(world["rev1"], "member", email="r1b@rev.test")
    key = sg.generate_private_key()
    services.register_key(colleague, sg.public_key_to_b64(key.public_key()))
    services.approve(world["reviewer1"], v, signature=sg.sign(v.spec, world["key1"]))
    services.approve(colleague, v, signature=sg.sign(v.spec, key))
    page = client.get(v.commitment.get_absolute_url()).content.decode()
    assert "1 of 2 independent organisations" in page
    twin = client.get(v.commitment.get_absolute_url().rstrip("/") + ".json").json()
    latest = next(x for x in twin["versions"] if x["number"] == v.number)
    assert latest["independent_organisations"] == ["rev-one"]
