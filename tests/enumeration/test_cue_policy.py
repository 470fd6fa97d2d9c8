"""Who maintains the CUE and who may propose: role × organisation kind × operator × anonymous, generated."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from redline.accounts.models import OrgKind, Role
from redline.accounts.policy import MAINTAIN_CUE, can, can_maintain_cue
from redline.core.errors import PermissionDenied
from redline.enumeration import services

pytestmark = pytest.mark.django_db

#: The specification: members of any role in a coordinator organisation maintain; so do operators.
MAINTAINER_KINDS = {OrgKind.COORDINATOR}
CASES = list(itertools.product(OrgKind.values, Role.values))


@pytest.mark.parametrize("kind,role", CASES)
def test_members_maintain_only_in_coordinator_organisations(make_org, make_user, kind, role):
    user = make_user(make_org(kind), role)
    expected = kind in MAINTAINER_KINDS
    assert can_maintain_cue(user) is expected
    assert can(user, MAINTAIN_CUE, None) is expected


def test_matrix_covers_every_kind_and_role():
    assert len(CASES) == len(OrgKind.values) * len(Role.values)


def test_operator_maintains(make_user):
    assert can_maintain_cue(make_user(is_staff=True)) is True


def test_inactive_operator_and_inactive_coordinator_do_not(make_user, make_org):
    assert can_maintain_cue(make_user(is_staff=True, is_active=False)) is False
    assert can_maintain_cue(make_user(make_org("coordinator"), "admin", is_active=False)) is False


def test_signed_in_user_without_organisation_and_anonymous_do_not(make_user):
    assert can_maintain_cue(make_user()) is False
    assert can_maintain_cue(AnonymousUser()) is False
    assert can(AnonymousUser(), MAINTAIN_CUE, None) is False


def test_a_second_coordinator_membership_is_enough(make_user, make_org):
    user = make_user(make_org("developer"), "admin")
    assert can_maintain_cue(user) is False
    from redline.accounts.services import set_membership

    set_membership(make_org("coordinator"), user, "member")
    user = type(user).objects.get(pk=user.pk)  # fresh object: kinds are cached per instance
    assert can_maintain_cue(user) is True


@pytest.mark.parametrize("kind,role", CASES)
def test_every_signed_in_user_may_propose(make_org, make_user, new_fields, kind, role):
    user = make_user(make_org(kind), role)
    assert services.propose(user, "new", new_fields).proposer == user


def test_anonymous_may_not_propose(new_fields):
    with pytest.raises(PermissionDenied):
        services.propose(AnonymousUser(), "new", new_fields)
