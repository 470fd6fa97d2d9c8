"""Errors are mapped once at each boundary: the API's handler, the pages' middleware, the CLI's group."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from typer.testing import CliRunner

from redline.core.errors import (
    IllegalTransition,
    ImportFailed,
    InvalidInput,
    PermissionDenied,
    RateLimited,
    RedlineError,
    TokenRefused,
    VerificationFailed,
)
from redline.http.errors import RedlineErrorMiddleware
from redline.site.api import status_for


@pytest.mark.parametrize("exc, status", [
    (InvalidInput("f", "bad"), 422), (ImportFailed("x.json", "empty"), 422), (IllegalTransition("m", "a", "b"), 409),
    (PermissionDenied("no"), 403), (TokenRefused("bad token"), 401), (RateLimited("too many"), 429),
    (VerificationFailed("bad signature"), 500),
])
def test_api_status_for_each_error(exc, status):
    assert status_for(exc) == status


def test_api_body_names_the_field(api_client, db):
    r = api_client("get", "/api/advisories?state=bogus")
    assert r.status_code == 422
    assert r.json()["field"] == "state"


def test_api_rate_limit_is_429_by_class_not_by_message(api_client, db, settings):
    settings.TOKEN_FAILURE_LIMIT = 1
    for _ in range(3):
        r = api_client("get", "/api/me", token="rl_not-a-token")
    assert r.status_code == 429


def _middleware_response(exc):
    def view(request):
        raise exc

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    mw = RedlineErrorMiddleware(lambda r: HttpResponse())
    try:
        view(request)
    except RedlineError as raised:
        return mw.process_exception(request, raised)


def test_pages_map_permission_denied_to_the_403_page(db):
    response = _middleware_response(PermissionDenied("only triagers publish"))
    assert response.status_code == 403
    assert b"Only triagers publish" in response.content


def test_pages_map_rate_limits_to_429(db):
    assert _middleware_response(RateLimited("wait a minute")).status_code == 429


def test_pages_leave_other_errors_to_the_view(db):
    assert _middleware_response(InvalidInput("f", "bad")) is None


def test_cli_prints_one_escaped_line_and_keeps_the_exit_code(tmp_path):
    from redline.cli.main import app

    missing = tmp_path / "[bold]nope.json"
    result = CliRunner().invoke(app, ["verdict", str(missing), "--threshold", "0.5"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "[bold]nope.json" in lines[0]


def test_cli_debug_shows_the_traceback(tmp_path):
    from redline.cli.main import app

    result = CliRunner().invoke(app, ["--debug", "verdict", str(tmp_path / "x.json"), "--threshold", "0.5"])
    assert isinstance(result.exception, InvalidInput)
