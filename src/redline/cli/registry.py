"""``redline import hf-card``: read a local Hugging Face model card into the registry."""

import os
from pathlib import Path

import typer

from redline.cli._common import cli_operator, console, fail, setup_django


def import_hf_card(
    path: Path = typer.Argument(..., help="The model card (a README.md) on disk.", exists=False),
    model: str = typer.Option(..., "--model", help="ORG/NAME: the organisation's slug and the model's slug."),
    as_user: str = typer.Option("", "--as", help="Record the change as this user (e-mail); default: system."),
) -> None:
    """Import a local Hugging Face model card; nothing is downloaded (HF_HUB_OFFLINE=1)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    if "/" not in model:
        fail("--model: give ORG/NAME, e.g. openforge/forge-8b")
    org_slug, _, slug = model.partition("/")
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    setup_django()
    from redline.accounts.models import Organisation, User
    from redline.ledger.services import acting_as
    from redline.registry.services import import_hf_card as do_import

    org = Organisation.objects.filter(slug=org_slug).first()
    if org is None:
        fail(f"--model: no organisation '{org_slug}'")
    actor = User.objects.filter(email=as_user).first() if as_user else None
    if as_user and actor is None:
        fail(f"--as: no user {as_user}")
    actor = actor or cli_operator()
    with acting_as(actor if as_user else "cli"):
        result, info, created = do_import(actor, org, text, slug=slug, source=path.name)
    for warning in info.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    console.print(f"{'created' if created else 'updated'} [bold]{result.full_slug}[/] from {path.name} "
                  f"(sha256 {info.sha256[:12]}…)")


