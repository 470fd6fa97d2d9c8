"""The organisation page's JSON twin carries every section other apps add, as JSON, without secrets."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_reviewer_organisations_twin_lists_its_public_keys_only(client):
    from redline.accounts.models import Organisation, User
    from redline.commitments.models import ReviewerKey

    org = Organisation.objects.create(slug="panel", name="Panel", kind="reviewer")
    user = User.objects.create_user(email="rev@panel.test", password="x" * 12)
    ReviewerKey.objects.create(user=user, organisation=org, public_key="PUBKEY-MARKER", fingerprint="abcd",
                               server_held=True, private_seed="SEED-MARKER")
    response = client.get("/orgs/panel.json")
    assert response.status_code == 200
    keys = response.json()["reviewer_keys"]
    assert [k["public_key"] for k in keys] == ["PUBKEY-MARKER"]
    assert "SEED-MARKER" not in json.dumps(response.json())
    assert "PUBKEY-MARKER" in client.get("/orgs/panel/").content.decode()
