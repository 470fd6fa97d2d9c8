"""Accepting an invitation raises a role but never lowers one."""

import pytest

from redline.accounts.models import Membership
from redline.accounts.services import accept_invitation, invite


@pytest.mark.django_db
@pytest.mark.parametrize("held,invited,result", [
    ("admin", "member", "admin"), ("triager", "member", "triager"), ("member", "admin", "admin"),
    ("member", "triager", "triager"), (None, "triager", "triager"),
])
def test_invitation_keeps_the_higher_role(developer, make_user, held, invited, result):
    admin = make_user(developer, "admin")
    user = make_user(developer, held) if held else make_user()
    _, code = invite(admin, developer, user.email, invited)
    accept_invitation(code, user)
    assert Membership.objects.get(user=user, organisation=developer).role == result
