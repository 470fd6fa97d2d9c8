"""``redline backup FILE`` and ``redline restore FILE``: move everything between databases, exactly."""

from __future__ import annotations

from pathlib import Path

import typer

from redline.cli._common import console, err_console, fail, setup_django


def _bar(total: int, description: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err_console.get(), transient=True)
    task = bar.add_task(description, total=total or None)
    return bar, (lambda what, n: bar.update(task, advance=n, description=f"{description} {what}"))


def backup(
    file: Path = typer.Argument(..., help="The backup file to write (a zip; see docs/formats/backup.md)."),
) -> None:
    """Write every table, the uploaded files and the ledger head to FILE (format: docs/formats/backup.md)."""
    setup_django()
    from redline.site.backup import table_counts, write_backup

    if file.is_dir():
        fail(f"{file} is a folder; give the name of the backup file to write")
    total = sum(table_counts().values())
    bar, tick = _bar(total, "backing up")
    with bar:
        manifest = write_backup(file, progress=tick)
    rows = sum(t["rows"] for t in manifest["tables"])
    console.print(f"[green]backup written[/]: {file} — {rows} rows in {len(manifest['tables'])} tables, "
                  f"{len(manifest['media'])} files, ledger head {manifest['ledger']['head']} "
                  f"({manifest['ledger']['length']} entries)", highlight=False)
    if manifest["nul_replaced"]:
        err_console.print(f"[yellow]warning:[/] {manifest['nul_replaced']} NUL characters were stored as U+FFFD "
                          "(PostgreSQL cannot hold them); `redline ledger verify` names the objects they were in",
                          highlight=False)


def restore(
    file: Path = typer.Argument(..., help="A file written by `redline backup`."),
    force: bool = typer.Option(False, "--force", help="Replace whatever the database holds now."),
) -> None:
    """Load FILE into this database (created if need be) in one transaction, then rebuild search and verify.

    The file is checked completely first (format version, checksums, every row); a non-empty database
    is refused without --force.
    """
    import os

    from redline.core.datadir import data_dir, ensure_secret_key

    if not os.environ.get("DATABASE_URL"):
        data_dir().mkdir(parents=True, exist_ok=True)
    if not os.environ.get("REDLINE_SECRET_KEY"):
        ensure_secret_key(data_dir())
    setup_django(create=True)
    from django.core.management import call_command

    from redline.ledger.services import head, verify
    from redline.site.backup import read_backup
    from redline.site.backup import restore as do_restore

    bar, tick = _bar(0, "checking")
    with bar:
        checked = read_backup(file, progress=tick)
    call_command("migrate", interactive=False, verbosity=0)
    bar, tick = _bar(checked.rows, "restoring")
    with bar:
        done = do_restore(checked, force=force, progress=tick)
    h, expected = head(), checked.manifest["ledger"]
    console.print(f"[green]restored[/] {done['rows']} rows in {done['tables']} tables; {done['indexed']} "
                  f"advisories indexed for search; ledger head {h.hash} ({h.length} entries)", highlight=False)
    if (h.hash, h.length) != (expected["head"], expected["length"]):
        fail(f"the ledger head is not the backup's ({expected['head']}, {expected['length']} entries)", 1)
    problem = verify()
    if problem:
        fail(f"ledger verification failed: {problem}", 1)
    console.print("[green]ledger ok[/]")
