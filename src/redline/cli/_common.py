"""Helpers every CLI module shares: the console, error exit and Django set-up."""

from __future__ import annotations

import os

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

#: Set by the ``--debug`` global option; read by :func:`redline.cli.main.main`.
STATE = {"debug": False}


def fail(message: str, code: int = 2) -> None:
    """Print one error line to stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


_READY = {"django": False}


def cli_operator(label: str = "cli"):
    """The actor CLI commands use: operator rights, because the CLI runs on the server as whoever runs it.

    It is not a saved user (no pk, not authenticated), so nothing records it as a creator.
    """
    from django.contrib.auth.models import AnonymousUser

    class _Operator(AnonymousUser):
        is_staff = True
        is_active = True
        email = label

    return _Operator()


def setup_django() -> None:
    """Configure Django for commands that need the database (idempotent).

    Creates the data directory so the default SQLite file can be opened.
    """
    if _READY["django"]:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.web.settings")
    from pathlib import Path

    data_dir = Path(os.environ.get("REDLINE_DATA_DIR", ".redline"))
    (data_dir / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT; whitenoise warns when absent
    key_file = data_dir / "secret_key"
    if not os.environ.get("REDLINE_SECRET_KEY") and key_file.is_file():
        os.environ["REDLINE_SECRET_KEY"] = key_file.read_text().strip()
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        fail(str(exc))
    _READY["django"] = True
