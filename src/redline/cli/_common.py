"""Helpers every CLI module shares: the console, error exit and Django set-up."""

from __future__ import annotations

import os

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

#: Set by the ``--debug`` global option; read by :func:`redline.cli.main.main`.
STATE = {"debug": False}


def fail(message: str, code: int = 2) -> None:
    """Print one error line to stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def setup_django() -> None:
    """Configure Django for commands that need the database (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redline.web.settings")
    import django

    django.setup()
