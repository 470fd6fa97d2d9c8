"""``redline ledger verify`` and ``redline ledger head``."""

import json

import typer

from redline.cli._common import console, err_console, setup_django

ledger_app = typer.Typer(help="Inspect and verify the tamper-evident ledger.", no_args_is_help=True)


@ledger_app.command("verify")
def verify() -> None:
    """Re-compute the hash chain and every object's digest; exit 1 naming the first bad entry."""
    setup_django()
    from redline.ledger.services import head
    from redline.ledger.services import verify as do_verify

    problem = do_verify()
    if problem:
        err_console.print(f"[bold red]ledger verification failed:[/] {problem}", highlight=False)
        raise typer.Exit(1)
    h = head()
    console.print(f"[green]ledger ok[/]: {h.length} entries, head {h.hash}")


@ledger_app.command("head")
def show_head() -> None:
    """Print the head hash, length and time as JSON."""
    setup_django()
    from redline.ledger.services import head

    h = head()
    typer.echo(json.dumps({"head": h.hash, "length": h.length, "time": h.time.isoformat() if h.time else None}))
