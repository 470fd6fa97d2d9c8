"""Authorisation of the forecasts app: generated caller × question visibility × action.

For a public question and an organisation-only one (the developer's internal prediction), every
kind of caller tries every action; the expectation is derived from the rules in
:mod:`redline.forecasts.lookups`, and every mismatch is listed in one failure.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client
from redline_tests_forecast_fixtures import CYBER_RUN

from redline.core.errors import InvalidInput, PermissionDenied
from redline.forecasts import services

pytestmark = pytest.mark.django_db

#: caller → (relation to the developer, role there)
CALLERS = {
    "anonymous": (None, None), "outsider": (None, None), "member": ("developer", "member"),
    "admin": ("developer", "admin"), "coordinator": ("coordinator", None), "operator": ("operator", None),
}
VISIBILITIES = ["public", "org"]
ACTIONS = ["view_page", "view_json", "view_api", "see_others_forecast_before_close", "read_forecast_ledger_entry",
           "forecast", "forecast_as_org", "close", "resolve", "annul", "in_feed", "in_export"]


def expected(caller: str, visibility: str, action: str) -> bool:
    relation, role = CALLERS[caller]
    sees = visibility == "public" or relation in ("developer", "operator")
    signed_in = caller != "anonymous"
    if action in ("view_page", "view_json", "view_api"):
        return sees
    if action in ("see_others_forecast_before_close", "read_forecast_ledger_entry"):
        return relation == "operator"  # no herding: only operators before the close
    if action == "forecast":
        return sees and signed_in
    if action == "forecast_as_org":
        return role == "admin"
    if action == "close":  # the author (the developer's admin), coordinators and operators, if they see it
        return sees and (role == "admin" or relation in ("coordinator", "operator"))
    if action in ("resolve", "annul"):
        return sees and relation in ("coordinator", "operator")
    if action in ("in_feed", "in_export"):
        return visibility == "public"  # public surfaces carry public questions only, whoever reads them
    raise AssertionError(action)


@pytest.fixture
def matrix_world(fworld, make_user):
    fworld["operator"] = make_user(None, email="op@example.test", is_staff=True)
    return fworld


def _question(world, visibility: str, make_question, *, resolved: bool = False):
    extra = {"visibility": "org", "organisation": world["dev"], "public_after": CYBER_RUN + dt.timedelta(days=400)} \
        if visibility == "org" else {}
    now = dt.datetime.now(dt.UTC)
    if resolved:
        q = make_question(title=f"matrix {visibility}", **extra)
        services.make_forecast(world["member"], q, probability=0.6, now=CYBER_RUN - dt.timedelta(days=3))
        services.resolve_manually(world["coordinator"] if visibility == "public" else world["operator"], q, "yes",
                                  "matrix", now=CYBER_RUN - dt.timedelta(days=1))
        return q
    q = make_question(title=f"matrix {visibility}", opens=now - dt.timedelta(hours=1), closes=now + dt.timedelta(days=3),
                      resolve_by=now + dt.timedelta(days=9), **extra)
    services.make_forecast(world["ana"] if visibility == "public" else world["member"], q, probability=0.2345)
    return q


def attempt(world, caller: str, visibility: str, action: str, make_question) -> bool:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if caller == "anonymous" else world[caller]
    client = Client()
    if caller != "anonymous":
        client.force_login(user)
    public_surface = action in ("in_feed", "in_export")
    q = _question(world, visibility, make_question, resolved=public_surface)
    try:
        if action == "view_page":
            return client.get(f"/forecasts/{q.pk}/").status_code == 200
        if action == "view_json":
            return client.get(f"/forecasts/{q.pk}.json").status_code == 200
        if action == "view_api":
            return client.get(f"/api/forecasts/questions/{q.pk}").status_code == 200
        if action == "see_others_forecast_before_close":
            if caller in ("member",) and visibility == "org":  # the member's own forecast is not "others'"
                q.forecasts.update(user=world["admin"], forecaster="someone-else", made_by=world["admin"])
            return "0.2345" in client.get(f"/forecasts/{q.pk}.json").content.decode()
        if action == "read_forecast_ledger_entry":
            if caller == "member" and visibility == "org":
                q.forecasts.update(user=world["admin"], forecaster="someone-else", made_by=world["admin"])
            from redline.ledger import visibility as ledger_visibility
            from redline.ledger.models import LedgerEntry

            entry = LedgerEntry.objects.filter(object_type="forecasts.forecast").order_by("-seq").first()
            return entry.seq in ledger_visibility.shown_in_full(user, [entry])
        if action == "forecast":
            services.make_forecast(user, q, probability=0.5)
        elif action == "forecast_as_org":
            services.make_forecast(user, q, probability=0.5, as_org=world["dev"])
        elif action == "close":
            if not _sees(user, q):
                return False
            services.close_question(user, q)
        elif action == "resolve":
            if not _sees(user, q):
                return False
            services.resolve_manually(user, q, "no", "matrix check")
        elif action == "annul":
            if not _sees(user, q):
                return False
            services.annul(user, q, "ill_posed", "matrix check")
        elif action == "in_feed":
            return q.title in client.get("/forecasts/feed.atom").content.decode()
        elif action == "in_export":
            body = b"".join(client.get("/forecasts/export.jsonl").streaming_content).decode()
            return f'"Q{q.pk}"' in body
        return True
    except (PermissionDenied, InvalidInput):
        return False


def _sees(user, q) -> bool:
    from redline.forecasts.lookups import can_view_question

    return can_view_question(user, q)  # what the view's 404 lookup decides before the service runs


def test_authorisation_matrix(matrix_world, make_question):
    mismatches = []
    for caller, visibility, action in itertools.product(CALLERS, VISIBILITIES, ACTIONS):
        want = expected(caller, visibility, action)
        got = attempt(matrix_world, caller, visibility, action, make_question)
        if got != want:
            mismatches.append(f"{caller:12} {visibility:7} {action:35} expected {want}, got {got}")
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
