"""``redline init``, ``serve``, ``demo``, ``createuser`` and ``manage``."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import typer

from redline.cli._common import console, fail, setup_django
from redline.core.datadir import data_dir, ensure_secret_key
from redline.site import serving


def _data_dir() -> Path:
    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _migrate(quiet: bool = True) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def init(
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt: read the first admin from "
                                  "REDLINE_ADMIN_EMAIL / REDLINE_ADMIN_PASSWORD, or skip it."),
) -> None:
    """Create or upgrade the database in the data directory and create the first operator (admin) account.

    The data directory is REDLINE_DATA_DIR (default: .redline in the current folder). Unless
    REDLINE_SECRET_KEY is set, a random secret key is generated and kept there (mode 0600).
    """
    where = _data_dir()
    if not os.environ.get("REDLINE_SECRET_KEY"):
        ensure_secret_key(where)
    setup_django(create=True)
    _migrate()
    console.print(f"[green]database ready[/] in {where} (set REDLINE_DATA_DIR to use another folder)",
                  highlight=False)
    from redline.accounts.models import User

    email = os.environ.get("REDLINE_ADMIN_EMAIL", "")
    password = os.environ.get("REDLINE_ADMIN_PASSWORD", "")
    if User.objects.filter(is_superuser=True).exists():
        console.print("an admin already exists; nothing more to do")
        return
    if no_input and not (email and password):
        console.print("no admin created (set REDLINE_ADMIN_EMAIL and REDLINE_ADMIN_PASSWORD to create one)")
        return
    if not no_input:
        email = email or typer.prompt("Admin e-mail")
        password = password or typer.prompt("Admin password", hide_input=True, confirmation_prompt=True)
    _create_user(email, password, staff=True)
    console.print(f"admin [bold]{email}[/] created")


def _create_user(email: str, password: str, staff: bool = False):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from redline.accounts.models import User

    if User.objects.filter(email__iexact=email).exists():
        fail(f"email: an account with {email} already exists")
    try:
        validate_password(password)
    except ValidationError as exc:
        fail("password: " + " ".join(exc.messages))
    if staff:
        return User.objects.create_superuser(email=email, password=password)
    return User.objects.create_user(email=email, password=password)


def createuser(
    email: str = typer.Argument(..., help="The new user's e-mail address (their sign-in name)."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 envvar="REDLINE_USER_PASSWORD", help="Password (prompted when omitted)."),
    org: str = typer.Option("", "--org", help="Add the user to this organisation (slug)."),
    role: str = typer.Option("member", "--role", help="Role in --org: member, triager or admin."),
    staff: bool = typer.Option(False, "--staff", help="Make the user a platform operator."),
) -> None:
    """Create a user account, optionally as a member of an organisation."""
    setup_django()
    from django.db import transaction

    from redline.accounts.models import Organisation, Role
    from redline.accounts.services import set_membership

    if role not in Role.values:
        fail(f"--role: must be one of {', '.join(Role.values)}")
    with transaction.atomic():
        organisation = None
        if org:
            organisation = Organisation.objects.filter(slug=org).first()
            if organisation is None:
                fail(f"--org: no organisation '{org}'")
        user = _create_user(email, password, staff=staff)
        if organisation:
            set_membership(organisation, user, role)
    console.print(f"user [bold]{email}[/] created" + (f" as {role} of {org}" if org else ""))


def _gunicorn_cmd(host: str, port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "redline.site.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "5", "--timeout", "60"]


def _worker_cmd() -> list[str]:
    return [sys.executable, "-m", "django", "db_worker", "--interval", "1", "--no-startup-delay"]


def run_servers(host: str, port: int, workers: int, with_worker: bool = True) -> int:
    """Run gunicorn and the background task worker until one stops or we are interrupted."""
    from redline.site import checkpoint

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "redline.site.settings"}
    checkpointer = checkpoint.start_for_default_database()  # SQLite only: copies the log back, 10 times a second
    if checkpointer:
        env.setdefault("REDLINE_SQLITE_AUTOCHECKPOINT", str(checkpoint.SERVED_AUTOCHECKPOINT))
    procs = [subprocess.Popen(_gunicorn_cmd(host, port, workers), env=env)]
    if with_worker:
        procs.append(subprocess.Popen(_worker_cmd(), env=env))

    def _stop(*_):
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, _stop)
    console.print(f"serving on [bold]http://{host}:{port}/[/] with {workers} worker(s)"
                  + (" and a background task worker" if with_worker else "") + " — Ctrl-C to stop")
    try:
        return _supervise(procs, _stop)
    finally:
        if checkpointer:
            checkpointer.stop()


def _supervise(procs: list[subprocess.Popen], _stop) -> int:
    """Wait until one process stops (then stop the rest) or Ctrl-C; the first exit code."""
    try:
        while True:
            for p in procs:
                try:
                    code = p.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    continue
                _stop()
                for q in procs:
                    q.wait(timeout=10)
                return code
    except KeyboardInterrupt:
        _stop()
        for p in procs:
            p.wait(timeout=10)
        return 0


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind."),
    port: int = typer.Option(8000, "--port", envvar="PORT", help="Port to bind (or $PORT)."),
    workers: int = typer.Option(serving.WORKERS, "--workers", min=1, help="gunicorn worker processes."),
    no_worker: bool = typer.Option(False, "--no-worker", help="Do not start the background task worker."),
) -> None:
    """Serve the site with gunicorn and start the background task worker beside it."""
    setup_django(create=True)
    _migrate()
    raise typer.Exit(run_servers(host, port, workers, with_worker=not no_worker))


def ensure_demo_secret() -> None:
    """Give the demo a stable random secret key kept in the data directory."""
    if not os.environ.get("REDLINE_SECRET_KEY"):
        ensure_secret_key(_data_dir())


def _import_shipped_avid() -> None:
    """Import the shipped AVID database once, with a progress bar (it takes a while on a slow disk)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from redline.disclosure.importers import import_shipped_avid, shipped_avid_members, shipped_avid_pending
    from redline.ledger.services import acting_as

    if shipped_avid_pending() == 0:
        return
    total = len(shipped_avid_members())
    with Progress(TextColumn("importing the AVID database"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=console.get(), transient=True) as bar, acting_as("demo"):
        task = bar.add_task("avid", total=total)
        results = import_shipped_avid(progress=lambda r: bar.advance(task))
    imported = sum(r.status == "imported" for r in results)
    console.print(f"[green]AVID database imported[/]: {imported} records (MIT licence, avidml/avid-db)")


def demo(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind."),
    port: int = typer.Option(8000, "--port", envvar="PORT", help="Port to bind (or $PORT)."),
    workers: int = typer.Option(serving.WORKERS, "--workers", min=1, help="gunicorn worker processes."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Load the demo data and exit."),
    no_avid: bool = typer.Option(False, "--no-avid", help="Skip importing the shipped AVID database "
                                 "(461 real reports, MIT licence)."),
) -> None:
    """Prepare the SQLite database with realistic demo data and serve the site (safe to run twice).

    Besides the demo organisations, models and cases, the public database gets the AI Vulnerability
    Database's reports and vulnerabilities shipped with redline (unless ``--no-avid``).
    """
    ensure_demo_secret()
    # The demo is served over plain http on localhost, so cookies cannot be Secure-only.
    os.environ.setdefault("REDLINE_SECURE_COOKIES", "0")
    os.environ.setdefault("REDLINE_SITE_URL", f"http://{host}:{port}")
    setup_django(create=True)
    _migrate()
    from django.core import mail
    from django.test.utils import override_settings

    from redline.demo import DEMO_PASSWORD, load_demo

    # The demo's cases miss deadlines on purpose; keep the notifications they send while loading in
    # memory rather than printing them over the sign-in table.
    with console.status("loading demo data…"), override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        summary = load_demo()
        sent = len(mail.outbox)
    console.print(f"[green]demo data ready[/]: {summary['organisations']} organisations, {summary['models']} models"
                  + (f" ({sent} demo notification e-mails generated, not printed)" if sent else ""))
    if not no_avid:
        _import_shipped_avid()
    from rich.table import Table

    table = Table(title=f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
    table.add_column("e-mail", no_wrap=True, overflow="fold")
    table.add_column("organisation")
    table.add_column("role")
    for email, org, role in summary["logins"]:
        table.add_row(email, org, role)
    console.print(table)
    if no_serve:
        return
    console.print(f"open [bold]http://{host}:{port}/[/]")
    raise typer.Exit(run_servers(host, port, workers))


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `redline manage showmigrations`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["redline manage", *ctx.args])
