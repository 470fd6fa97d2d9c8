"""Organisations and memberships through the services."""

import pytest

pytestmark = pytest.mark.django_db


def test_create_organisation_with_an_admin(make_user):
    from redline.accounts.models import OrgKind
    from redline.accounts.services import create_organisation

    admin = make_user()
    org = create_organisation("Open Red Team", "research", admin=admin)
    assert org.slug == "open-red-team" and org.kind == OrgKind.RESEARCH
    assert org.memberships.get().role == "admin"


@pytest.mark.parametrize("args,field", [(("!!!", "developer"), "name"), (("Fine", "alien"), "kind")])
def test_create_organisation_validates(args, field):
    from redline.accounts.models import Organisation
    from redline.accounts.services import create_organisation
    from redline.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match=f"^{field}: "):
        create_organisation(*args)
    assert not Organisation.objects.exists()


def test_duplicate_slug_is_refused(make_org):
    from redline.core.errors import InvalidInput

    make_org("developer", slug="same")
    with pytest.raises(InvalidInput, match="^slug: "):
        make_org("developer", slug="same")


def test_set_membership_changes_the_role_in_place(developer, make_user):
    from redline.accounts.services import set_membership

    user = make_user(developer, role="member")
    membership = set_membership(developer, user, "triager")
    assert membership.role == "triager"
    assert user.memberships.count() == 1


def test_org_page_shows_members_only_to_members(client, developer, make_user):
    member = make_user(developer, email="inside@example.org")
    assert "inside@example.org" not in client.get("/orgs/acme/").content.decode()
    client.force_login(member)
    assert "inside@example.org" in client.get("/orgs/acme/").content.decode()
