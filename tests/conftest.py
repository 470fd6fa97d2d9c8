"""Shared fixtures: organisations, users with roles, models, and an API client."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import settings

# Generated tests check behaviour, never speed (speed is `redline bench`): no per-example deadline,
# which fails at random on a loaded CI machine. Hypothesis's example database stays off, so every
# run is independent of earlier ones.
settings.register_profile("redline", deadline=None, database=None)
settings.load_profile("redline")

_counter = itertools.count(1)


@pytest.fixture
def make_org(db):
    from redline.accounts.services import create_organisation

    def make(kind: str = "developer", name: str | None = None, **kw):
        n = next(_counter)
        return create_organisation(name or f"Org {n}", kind, slug=kw.pop("slug", f"org-{n}"), **kw)

    return make


@pytest.fixture
def make_user(db):
    from redline.accounts.models import User
    from redline.accounts.services import set_membership

    def make(org=None, role: str = "member", email: str | None = None, password: str = "correct-horse-battery",
             **kw):
        user = User.objects.create_user(email=email or f"user{next(_counter)}@example.org", password=password, **kw)
        if org is not None:
            set_membership(org, user, role)
        return user

    return make


@pytest.fixture
def make_model(db):
    from redline.registry.services import create_model

    class _Op:
        is_staff = True
        is_active = True
        is_authenticated = True

    def make(org, name: str | None = None, **kw):
        return create_model(_Op(), org, name=name or f"Model {next(_counter)}", **kw)

    return make


@pytest.fixture
def developer(make_org):
    return make_org("developer", name="Acme AI", slug="acme")


@pytest.fixture
def api_client(client):
    """Django's test client with a helper to send a bearer token."""

    def call(method: str, path: str, token: str | None = None, json=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        fn = getattr(client, method.lower())
        if json is not None:
            return fn(path, data=json, content_type="application/json", headers=headers)
        return fn(path, headers=headers)

    return call


# --- foundation web/registry fixtures --------------------------------------------------


@pytest.fixture(autouse=True)
def _clear_rate_limits(request):
    """Rate-limit counters live in the (process-wide, in-memory) cache; start every test clean."""
    if "django_db_setup" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator():
    """Stands in for a platform operator when a test needs to write through the services."""

    class _Op:
        is_staff = True
        is_active = True
        is_authenticated = True
        email = "operator@example.org"
        pk = None

    return _Op()


@pytest.fixture
def make_token(db):
    from redline.accounts.services import create_token

    def make(user, scope: str = "write", name: str = "test token") -> str:
        return create_token(user, name, scope)[1]

    return make


@pytest.fixture
def redline_cli(capsys):
    """Run ``redline ARGS…`` in-process through the console-script entry point.

    Returns ``(exit_code, stdout, stderr)``. Commands run on the test database in the test's
    transaction (same thread, same connection), so the ``db`` fixture is enough.
    """
    import sys

    from redline.cli._common import STATE

    main_module = sys.modules.get("redline.cli.main") or __import__("importlib").import_module("redline.cli.main")

    def run(*args: str, env: dict[str, str] | None = None):
        old_argv = sys.argv
        sys.argv = ["redline", *args]
        patch = pytest.MonkeyPatch()
        for key, value in (env or {}).items():
            if value is None:
                patch.delenv(key, raising=False)
            else:
                patch.setenv(key, value)
        capsys.readouterr()
        try:
            main_module.main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = old_argv
            STATE["debug"] = False
            patch.undo()
        out, err = capsys.readouterr()
        return code, out, err

    return run


RISK_MODEL = """\
name: toy
parameters:
  attempts: {dist: lognormal, ci90: [1, 10], kind: epistemic}
  harm: {dist: lognormal, ci90: [1, 1000]}
outcome: attempts * harm
"""


@pytest.fixture
def risk_profile(developer, make_model, make_user):
    """A threat profile with ``RISK_MODEL`` attached, on model "Risky" of Acme AI; its admin is admin@acme.example."""
    from redline.commitments.services import create_threat_profile

    admin = make_user(developer, "admin", email="admin@acme.example")
    model = make_model(developer, name="Risky")
    return create_threat_profile(admin, model, category="Toy harm", threat_actor="anyone", pathway="somehow",
                                 impact_scale="some", attempt_frequency="often", uplift="some",
                                 risk_model_yaml=RISK_MODEL)


# --- the risk engine's reference model (issue 5), for the engine, CLI and bench tests ----------

REFERENCE = """\
name: bio-uplift-example
parameters:
  attempts:           {dist: lognormal, ci90: [1, 100], kind: epistemic}
  p_success:          {dist: beta, a: 2, b: 50, kind: epistemic}
  deaths_per_success: {dist: lognormal, ci90: [10, 100000]}   # kind defaults to aleatory
outcome: attempts * p_success * deaths_per_success
"""


@pytest.fixture
def reference_text() -> str:
    return REFERENCE


@pytest.fixture
def reference():
    from redline.risk import loads_model

    return loads_model(REFERENCE, "reference.yaml")


@pytest.fixture(scope="session", autouse=True)
def _end_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end any session a test's thread or child process left open.

    Live-server threads and the tests' subprocesses can keep a PostgreSQL connection to the test
    database past their test; DROP DATABASE then fails at the very end of the run. SQLite has no sessions.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    connection.close()
