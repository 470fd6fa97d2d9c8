"""How people are named to others: a display name and a role, never an e-mail address.

A personal address is shown only to the person, to members of one of their organisations and to
coordinators (:func:`may_see_address`); everywhere else, pages and JSON name people with
:func:`public_name` — the display name they chose, or their role and organisation
("Triager, Aurora Labs") when they chose none.
"""

from __future__ import annotations

from redline.accounts.models import public_name

__all__ = ["may_see_address", "name_for", "name_of_address", "public_name"]


def may_see_address(viewer, person) -> bool:
    """True when ``viewer`` may see ``person``'s e-mail address: themself, a fellow member, a coordinator."""
    from redline.accounts import policy

    if not getattr(viewer, "is_authenticated", False) or person is None:
        return False
    if viewer.pk == person.pk or policy.is_coordinator(viewer):
        return True
    mine = set(viewer.memberships.values_list("organisation_id", flat=True))
    return bool(mine & set(person.memberships.values_list("organisation_id", flat=True)))


def name_for(person, viewer) -> str:
    """The public name, with the address beside it when ``viewer`` may see it."""
    name = public_name(person)
    return f"{name} <{person.email}>" if may_see_address(viewer, person) and person.email != name else name


def name_of_address(address: str) -> str:
    """The public name behind an address stored in a record (older records kept addresses), or the text as is."""
    from redline.accounts.models import User

    if "@" not in (address or ""):
        return address
    user = User.objects.filter(email__iexact=address).first()
    return public_name(user) if user is not None else "a redline user"
