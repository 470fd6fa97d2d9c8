"""How the public ledger tells who may see this app's records (registered in ``AccountsConfig.ready``).

Organisations are public. Users, memberships, invitations and API tokens are not registered, so
their entries show in full to operators only.
"""

from __future__ import annotations


def register() -> None:
    from redline.ledger import visibility

    visibility.register("accounts.organisation", visibility.everyone)
