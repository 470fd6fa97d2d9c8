"""The foundation's CLI: help, init, createuser, tokens, and one-line errors without tracebacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REDLINE = shutil.which("redline", path=str(Path(sys.executable).parent)) or "redline"
STRONG = "a-long-enough-passphrase"


def _flat(text: str) -> str:
    return " ".join(text.split())  # rich wraps long lines at the console width


def test_help_lists_the_commands():
    proc = subprocess.run([REDLINE, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for command in ("demo", "serve", "init", "createuser", "import", "ledger", "token"):
        assert command in proc.stdout, command


@pytest.mark.parametrize("args", [["init", "--help"], ["import", "hf-card", "--help"], ["token", "--help"],
                                  ["serve", "--help"], ["ledger", "verify", "--help"]])
def test_subcommand_help(redline_cli, args):
    code, out, _ = redline_cli(*args)
    assert code == 0
    assert "Usage" in out


def test_init_on_a_fresh_sqlite_database(tmp_path):
    """End to end in a subprocess: the real settings, a new SQLite file, migrations, the first admin."""
    env = {"PATH": os.environ["PATH"], "REDLINE_DATA_DIR": str(tmp_path), "REDLINE_SECRET_KEY": "cli-test-" + "0123456789abcdefghijklmnopqrstuv" * 2,
           "REDLINE_ADMIN_EMAIL": "root@example.org", "REDLINE_ADMIN_PASSWORD": STRONG}
    proc = subprocess.run([REDLINE, "init", "--no-input"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "admin root@example.org created" in _flat(proc.stdout)
    assert (tmp_path / "redline.sqlite3").is_file()


def test_missing_secret_key_is_one_line_without_traceback(tmp_path):
    env = {"PATH": os.environ["PATH"], "REDLINE_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([REDLINE, "ledger", "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "REDLINE_SECRET_KEY" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.fixture
def cli(db, redline_cli):
    return redline_cli


def test_init_no_input_without_admin_env_skips_the_admin(cli):
    from redline.accounts.models import User

    code, out, _ = cli("init", "--no-input", env={"REDLINE_ADMIN_EMAIL": None, "REDLINE_ADMIN_PASSWORD": None})
    assert code == 0
    assert "database ready" in out and "no admin created" in _flat(out)
    assert not User.objects.exists()


def test_init_no_input_with_admin_env_creates_a_superuser(cli):
    from redline.accounts.models import User

    code, out, err = cli("init", "--no-input", env={"REDLINE_ADMIN_EMAIL": "admin@example.org",
                                                    "REDLINE_ADMIN_PASSWORD": STRONG})
    assert code == 0, err
    admin = User.objects.get()
    assert admin.email == "admin@example.org" and admin.is_superuser and admin.is_staff
    assert admin.check_password(STRONG)


def test_init_twice_is_safe(cli):
    from redline.accounts.models import User

    env = {"REDLINE_ADMIN_EMAIL": "admin@example.org", "REDLINE_ADMIN_PASSWORD": STRONG}
    assert cli("init", "--no-input", env=env)[0] == 0
    code, out, _ = cli("init", "--no-input", env=env)
    assert code == 0 and "an admin already exists" in out
    assert User.objects.count() == 1


def test_init_refuses_a_weak_admin_password(cli):
    from redline.accounts.models import User

    code, out, err = cli("init", "--no-input", env={"REDLINE_ADMIN_EMAIL": "admin@example.org",
                                                    "REDLINE_ADMIN_PASSWORD": "short"})
    assert code != 0
    assert _flat(err).startswith("error: password:")
    assert "Traceback" not in out + err
    assert not User.objects.exists()


def test_createuser_with_org_and_role(cli, developer):
    from redline.accounts.models import Membership, User

    code, out, err = cli("createuser", "new@example.org", "--password", STRONG, "--org", "acme", "--role", "admin")
    assert code == 0, err
    user = User.objects.get(email="new@example.org")
    assert user.check_password(STRONG) and not user.is_staff
    assert Membership.objects.get(user=user, organisation=developer).role == "admin"


def test_createuser_reads_the_password_from_the_environment(cli):
    from redline.accounts.models import User

    code, _, err = cli("createuser", "env@example.org", env={"REDLINE_USER_PASSWORD": STRONG})
    assert code == 0, err
    assert User.objects.get(email="env@example.org").check_password(STRONG)


@pytest.mark.parametrize("args,message", [
    (["createuser", "x@example.org", "--password", STRONG, "--org", "nope"], "--org: no organisation 'nope'"),
    (["createuser", "x@example.org", "--password", STRONG, "--role", "king"], "--role: must be one of"),
    (["createuser", "x@example.org", "--password", "123"], "password:"),
    (["token", "create", "ghost@example.org", "--name", "ci"], "no user ghost@example.org"),
    (["token", "list", "ghost@example.org"], "no user ghost@example.org"),
])
def test_bad_input_is_one_error_line_and_a_nonzero_exit(cli, developer, args, message):
    from redline.accounts.models import User

    code, out, err = cli(*args)
    assert code != 0
    assert _flat(err).startswith("error: ") and message in _flat(err)
    assert "Traceback" not in out + err
    assert not User.objects.filter(email="x@example.org").exists()


def test_duplicate_createuser_is_refused(cli, make_user):
    make_user(email="taken@example.org")
    code, _, err = cli("createuser", "taken@example.org", "--password", STRONG)
    assert code != 0 and "already exists" in err


def test_token_create_list_revoke(cli, api_client, make_user):
    from redline.accounts.models import ApiToken, hash_secret

    user = make_user(email="tok@example.org")
    code, out, err = cli("token", "create", "tok@example.org", "--name", "ci", "--scope", "write")
    assert code == 0, err
    plain = out.strip()
    assert plain.startswith("rl_")
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == hash_secret(plain) and token.scope == "write"
    assert api_client("get", "/api/me", plain).json()["email"] == "tok@example.org"

    code, out, _ = cli("token", "list", "tok@example.org")
    assert code == 0
    assert token.prefix in out and "write" in out and plain not in out

    code, out, _ = cli("token", "revoke", "tok@example.org", str(token.pk))
    assert code == 0 and "revoked" in out
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_client("get", "/api/me", plain).status_code == 401


def test_token_bad_scope_and_unknown_id(cli, make_user):
    make_user(email="tok@example.org")
    code, out, err = cli("token", "create", "tok@example.org", "--name", "ci", "--scope", "admin")
    assert code == 2 and _flat(err).startswith("error: scope:")
    assert "Traceback" not in out + err
    code, _, err = cli("token", "revoke", "tok@example.org", "999")
    assert code != 0 and "has no token 999" in err


@pytest.mark.parametrize("args,message", [(["no-such-command"], "No such command"),
                                          (["token", "create"], "Missing argument 'email'")])
def test_usage_errors_are_one_line_without_traceback(redline_cli, args, message):
    code, out, err = redline_cli(*args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_serve_runs_gunicorn_and_the_task_worker(tmp_path):
    """`redline serve` migrates, serves with gunicorn, starts the worker, and stops on SIGTERM."""
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"PATH": os.environ["PATH"], "REDLINE_DATA_DIR": str(tmp_path), "REDLINE_SECRET_KEY": "cli-test-" + "0123456789abcdefghijklmnopqrstuv" * 2,
           "REDLINE_LOG_LEVEL": "INFO"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([REDLINE, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=out,
                                stderr=subprocess.STDOUT, cwd=tmp_path)
        try:
            deadline = time.monotonic() + 60
            body = None
            while time.monotonic() < deadline and body is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        body = response.read().decode()
                except OSError:
                    time.sleep(0.3)
            assert body == '{"status": "ok"}', log.read_text()
            while time.monotonic() < deadline and "Starting worker" not in log.read_text():
                time.sleep(0.3)
            text = log.read_text()
            assert "gunicorn" in text.lower() and "Starting worker" in text, text
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)
    assert code in (0, -signal.SIGTERM), log.read_text()
