"""Helpers every CLI module shares: the console, error exit and Django set-up."""

from __future__ import annotations

import typer


class _LazyConsole:
    """A rich ``Console`` made on first use, so commands that print nothing never import rich."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def get(self):
        """The real ``rich.console.Console`` (for APIs that need one, such as ``Progress(console=…)``)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


console = _LazyConsole()
err_console = _LazyConsole(stderr=True, soft_wrap=True)

#: Set by the ``--debug`` global option; read by :func:`redline.cli.main.main`.
STATE = {"debug": False}


def fail(message: str, code: int = 2) -> None:
    """Print one error line to stderr and exit with ``code``."""
    from rich.markup import escape

    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


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


def setup_django(create: bool = False) -> None:
    """Configure Django for commands that need the database (idempotent); one line and exit 2 when refused.

    Outside ``init``, ``serve`` and ``demo`` (``create=True``), a missing data directory is an error that
    says where redline looked and how to point it elsewhere, instead of an empty folder made here.
    """
    import os

    from django.core.exceptions import ImproperlyConfigured

    from redline.core.datadir import data_dir
    from redline.site.setup import configure

    where = data_dir()
    if not create and not where.is_dir() and not os.environ.get("DATABASE_URL"):
        fail(f"no redline data directory at {where}: run `redline init` here to create one, or set "
             "REDLINE_DATA_DIR to the folder that holds your database")
    try:
        configure()
    except ImproperlyConfigured as exc:
        fail(str(exc))
