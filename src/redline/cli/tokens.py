"""``redline token create|list|revoke``: API tokens from the command line."""

import typer

from redline.cli._common import console, fail, setup_django

token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


def _user(email: str):
    from redline.accounts.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        fail(f"no user {email}")
    return user


@token_app.command("create")
def create(
    email: str = typer.Argument(..., help="The user the token acts as."),
    name: str = typer.Option(..., "--name", help="What the token is for."),
    scope: str = typer.Option("read", "--scope", help="read or write."),
) -> None:
    """Create a token and print it once; only its hash is stored."""
    setup_django()
    from redline.accounts.services import create_token

    _, plain = create_token(_user(email), name, scope)
    typer.echo(plain)


@token_app.command("list")
def list_tokens(email: str = typer.Argument(..., help="Whose tokens.")) -> None:
    """List a user's tokens (never their values)."""
    from rich.table import Table

    setup_django()
    table = Table()
    for col in ("id", "name", "prefix", "scope", "created", "last used", "revoked"):
        table.add_column(col)
    for t in _user(email).api_tokens.all():
        table.add_row(str(t.pk), t.name, t.prefix, t.scope, f"{t.created_at:%Y-%m-%d}",
                      f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                      f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "")
    console.print(table)


@token_app.command("revoke")
def revoke(email: str = typer.Argument(..., help="Whose token."), token_id: int = typer.Argument(..., help="Id from `token list`.")) -> None:
    """Revoke one of a user's tokens."""
    setup_django()
    from redline.accounts.services import revoke_token

    user = _user(email)
    token = user.api_tokens.filter(pk=token_id).first()
    if token is None:
        fail(f"{email} has no token {token_id}")
    revoke_token(user, token)
    console.print(f"token {token_id} revoked")
