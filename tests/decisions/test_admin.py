"""The operators' admin lists every object of the three apps and refuses edits to append-only records."""

import pytest

URLS = ["commitments/commitment", "commitments/commitmentversion", "commitments/approval",
        "commitments/reviewerkey", "commitments/comment", "commitments/threatprofile", "evidence/evaluation",
        "evidence/safeguardcampaign", "evidence/storedverdict", "decisions/decisionrecord",
        "decisions/dedeploymentprotocol", "decisions/drill"]


@pytest.mark.parametrize("url", URLS)
def test_admin_changelists(admin_client, in_force_red_line, url):
    assert admin_client.get(f"/admin/{url}/").status_code == 200


def test_versions_cannot_be_edited_in_admin(admin_client, in_force_red_line):
    r = admin_client.post(f"/admin/commitments/commitmentversion/{in_force_red_line.pk}/change/",
                          {"state": "draft"})
    assert r.status_code == 403
    in_force_red_line.refresh_from_db()
    assert in_force_red_line.state == "in_force"
