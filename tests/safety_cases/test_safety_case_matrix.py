"""Authorisation of safety cases: generated caller × model visibility × case state × action.

The rules: whoever may see the model sees its submitted and assessed cases (page, JSON twin,
diagram, export, API); a draft only the developer's members see; members write (import, edit,
bind, submit, meet a condition); only a member of an independent reviewer organisation who may
see the model assesses. Every mismatch is listed in one failure.
"""

import itertools

import pytest
from django.test import Client
from redline_tests_safety_case_fixtures import CASE_YAML

from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied
from redline.safety_cases import services

#: caller → (relation to the developer, organisation kind)
CALLERS = {
    "anonymous": ("none", None),
    "outsider": ("none", None),
    "member": ("developer", "developer"),
    "admin": ("developer", "developer"),
    "reviewer2": ("independent", "reviewer"),  # a server-held demo key: the server signs
    "auditor": ("independent", "regulator"),
}
VISIBILITIES = {"public": [], "org": [], "restricted": ["regulator", "reviewer"]}
STATES = ["draft", "submitted"]
PAGES = ["", ".json", "diagram.svg", "export/"]
ACTIONS = [f"view{p or '/'}" for p in PAGES] + ["list_shows", "api_get", "api_list_shows", "import", "edit_page",
                                                 "bind", "assess"]


def expected(caller, visibility, audiences, state, action) -> bool:
    relation, kind = CALLERS[caller]
    sees_model = visibility == "public" or relation == "developer" or (
        visibility == "restricted" and kind in audiences)
    sees_case = sees_model and (state != "draft" or relation == "developer")
    if action.startswith("view") or action in ("list_shows", "api_get", "api_list_shows"):
        return sees_case
    if action in ("import", "edit_page", "bind"):
        return relation == "developer"
    if action == "assess":
        return sees_case and kind == "reviewer" and state == "submitted"
    raise AssertionError(action)


def attempt(world, caller, action, case, red_line) -> bool:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if caller == "anonymous" else world[caller]
    client = Client()
    if caller != "anonymous":
        client.force_login(user)
    base = f"/models/acme/acme-7b/safety-cases/{case.slug}"
    try:
        if action.startswith("view"):
            suffix = action[4:]
            path = base + ".json" if suffix == ".json" else f"{base}/{suffix.lstrip('/')}"
            return client.get(path).status_code == 200
        if action == "list_shows":
            return case.title in client.get("/models/acme/acme-7b/safety-cases/").content.decode()
        if action == "api_get":
            return client.get(f"/api{base}").status_code == 200
        if action == "api_list_shows":
            return case.slug in client.get("/api/models/acme/acme-7b/safety-cases").content.decode()
        if action == "import":
            services.import_case(user, world["model"], [("other.gsn.yaml", CASE_YAML.replace("acme-bio", "other"))])
        elif action == "edit_page":
            return client.get(f"{base}/edit/").status_code == 200
        elif action == "bind":
            services.bind(user, case, "Sn1", "red_line_verdict", commitment=red_line)
        elif action == "assess":
            case.refresh_from_db()
            services.assess(user, case, "accepted", f"assessed by {caller}")  # the loop resets the case
        return True
    except PermissionDenied:
        return False
    except InvalidInput as exc:
        if action == "assess" and "only a submitted case" in str(exc):
            return False
        raise AssertionError(f"{caller} {action}: {exc}") from None
    except IllegalTransition:  # binding a submitted case: allowed to the developer, but the case is frozen
        return caller in ("member", "admin")


@pytest.mark.parametrize("visibility", list(VISIBILITIES))
@pytest.mark.parametrize("state", STATES)
def test_matrix(world, bio_red_line, visibility, state):
    from redline.safety_cases.models import Assessment, SafetyCase

    model = world["model"]
    model.visibility = visibility
    model.audiences = VISIBILITIES[visibility]
    model.save()
    case = services.import_case(world["admin"], model, [("acme-bio.gsn.yaml", CASE_YAML)], modes=["hosted_api"])
    wrong = []
    for caller, action in itertools.product(CALLERS, ACTIONS):
        SafetyCase.objects.filter(pk=case.pk).update(state=state)
        Assessment.objects.filter(case=case).delete()
        SafetyCase.objects.exclude(pk=case.pk).delete()
        case.refresh_from_db()
        want = expected(caller, visibility, VISIBILITIES[visibility], state, action)
        got = attempt(world, caller, action, case, bio_red_line)
        if got != want:
            wrong.append(f"{caller} {action} ({state}): expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)
