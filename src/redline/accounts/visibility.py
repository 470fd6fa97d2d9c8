"""How the public ledger tells who may see this app's records (registered in ``AccountsConfig.ready``).

Organisations are public. Users, memberships, invitations and API tokens are not registered, so
their entries show in full to operators only.
"""

from __future__ import annotations


def register() -> None:
    from redline.ledger import visibility

    visibility.register("accounts.organisation", visibility.everyone)

    from redline.ledger import describe

    describe.register("accounts.organisation", noun="organisation", label=lambda o: o.name,
                      url=lambda o: f"/orgs/{o.slug}/")
    describe.register("accounts.user", noun="account", label=lambda u: u.email, url=lambda u: None)
    describe.register("accounts.membership", noun="membership", label=lambda m: f"of {m.user.email} in {m.organisation.name}",
                      url=lambda m: f"/orgs/{m.organisation.slug}/", related=("user", "organisation"))
    describe.register("accounts.invitation", noun="invitation", label=lambda i: f"of {i.email} to {i.organisation.name}",
                      url=lambda i: f"/orgs/{i.organisation.slug}/", related=("organisation",))
    describe.register("accounts.organisationrequest", noun="organisation request",
                      label=lambda r: f"for {r.name} ({r.get_kind_display()})", url=lambda r: None)
    describe.register("accounts.apitoken", noun="API token", label=lambda t: f"“{t.name}” of {t.user.email}",
                      url=lambda t: None, related=("user",))
