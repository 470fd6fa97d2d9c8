"""Authorisation of commitments, evidence and decisions: generated role × relation × visibility × action.

For every visibility of the model, every kind of caller tries every action; the expectation is
derived from the rules (public reads, members write, triagers moderate, independent reviewers approve),
and every mismatch is listed in one failure.
"""

import datetime as dt
import itertools

import pytest
from django.test import Client
from redline_tests_world_fixtures import EVIDENCE, RED_LINE

from redline.commitments import services
from redline.core.errors import InvalidInput, PermissionDenied
from redline.decisions import services as decisions
from redline.evidence import services as evidence

#: caller → (relation to the developer, role, organisation kind)
CALLERS = {
    "anonymous": ("none", None, None),
    "outsider": ("none", None, None),
    "member": ("developer", "member", "developer"),
    "triager": ("developer", "triager", "developer"),
    "admin": ("developer", "admin", "developer"),
    "reviewer1": ("independent", "member", "reviewer"),
    "auditor": ("independent", "member", "regulator"),
}
VISIBILITIES = {"public": [], "org": [], "restricted": ["regulator", "reviewer"]}
ACTIONS = ["view_page", "view_risk_json", "view_feed_entry", "comment", "import", "decide", "hide_comment", "approve"]


def expected(caller: str, visibility: str, audiences: list[str], action: str) -> bool:
    relation, role, kind = CALLERS[caller]
    sees = visibility == "public" or relation == "developer" or (
        visibility == "restricted" and kind in audiences)
    if action == "view_feed_entry":
        return visibility == "public"  # the public feed carries public models only, whoever reads it
    if action in ("view_page", "view_risk_json", "comment"):
        return sees
    if action in ("import", "decide"):
        return relation == "developer"
    if action == "hide_comment":
        return role in ("triager", "admin") and relation == "developer"
    if action == "approve":
        return sees and kind == "reviewer" and relation != "developer"
    raise AssertionError(action)


def attempt(world, caller, action, version, comment) -> bool:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if caller == "anonymous" else world[caller]
    client = Client()
    if caller != "anonymous":
        client.force_login(user)
    model = world["model"]
    try:
        if action == "view_page":
            return client.get(f"/commitments/{version.commitment_id}/").status_code == 200
        if action == "view_risk_json":
            return client.get(f"/models/{model.full_slug}/risk.json").status_code == 200
        if action == "view_feed_entry":
            return "Cyber uplift" in client.get("/commitments/feed.atom").content.decode()
        if action == "comment":
            services.add_comment(user, version, f"comment by {caller}")
        elif action == "import":
            evidence.import_file(user, model, EVIDENCE / "lm_eval" / "boolq-v1-res.json")
        elif action == "decide":
            decisions.record_decision(user, model, "internal", "delay", "waiting for evidence")
        elif action == "hide_comment":
            services.hide_comment(user, comment, "off topic")
        elif action == "approve":
            if caller == "reviewer1":
                from redline.core import signing

                services.approve(user, version, signature=signing.sign(version.spec, world["key1"]))
                version.approvals.all().delete()
            else:
                services.approve(user, version)
        return True
    except PermissionDenied:
        return False
    except InvalidInput as exc:
        raise AssertionError(f"{caller} {action}: {exc}") from None


@pytest.mark.parametrize("visibility", list(VISIBILITIES))
def test_matrix(world, visibility):
    model = world["model"]
    model.visibility = visibility
    model.audiences = VISIBILITIES[visibility]
    model.save()
    version = services.create_commitment(world["admin"], model, "red_line", "Cyber uplift", RED_LINE)
    version = services.propose(world["admin"], version, comment_period_ends=dt.date.today())
    comment = services.add_comment(world["admin"], version, "seed comment")
    wrong = []
    for caller, action in itertools.product(CALLERS, ACTIONS):
        want = expected(caller, visibility, VISIBILITIES[visibility], action)
        got = attempt(world, caller, action, version, comment)
        if got != want:
            wrong.append(f"{caller} {action}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_drafts_are_hidden_from_the_public(world, client):
    version = services.create_commitment(world["admin"], world["model"], "red_line", "Secret draft", RED_LINE)
    assert client.get(f"/commitments/{version.commitment_id}/").status_code == 404
    assert client.get(f"/commitments/versions/{version.pk}/spec.json").status_code == 404
    assert "Secret draft" not in client.get("/commitments/").content.decode()
    client.force_login(world["member"])
    assert client.get(f"/commitments/{version.commitment_id}/").status_code == 200
