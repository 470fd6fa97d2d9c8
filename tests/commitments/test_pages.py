"""Commitment pages and forms: threat profiles, new commitments and versions, proposals, moderation, keys, feed."""

import datetime as dt

from redline_tests_world_fixtures import RED_LINE

from redline.commitments import services
from redline.commitments.models import Commitment, CommitmentVersion, ReviewerKey, ThreatProfile
from redline.core import signing

FORM = {"kind": "red_line", "name": "Web red line", "required_approvals": 2, "task": "cyber_exploit_ctf",
        "metric": "accuracy", "threshold": 0.5, "direction": "ge", "alert": 0.4, "min_samples": 20,
        "min_elicitation": "moderate", "max_unscored": 0.05, "validity_days": 365,
        "inconclusive_policy": "treat_as_crossed", "action": "no_open_weights", "safeguards": "classifier\n",
        "period_unit": "year"}


def test_threat_profile_and_commitment_forms(world, client):
    slug = world["model"].full_slug
    assert client.get(f"/models/{slug}/commitments/new/").status_code == 302  # sign in first
    client.force_login(world["member"])
    r = client.post(f"/models/{slug}/threat-profiles/new/", {
        "category": "Cyber", "threat_actor": "criminals", "pathway": "exploits", "impact_scale": "money",
        "attempt_frequency": "often", "uplift": "some"})
    assert r.status_code == 302 and ThreatProfile.objects.get().category == "Cyber"
    r = client.post(f"/models/{slug}/threat-profiles/new/", {
        "category": "Cyber", "threat_actor": "x", "pathway": "y", "impact_scale": "z", "attempt_frequency": "w",
        "uplift": "v", "risk_model_yaml": "name: bad\nparameters: {}\n"})
    assert r.status_code == 400
    r = client.post(f"/models/{slug}/commitments/new/", FORM)
    assert r.status_code == 302
    c = Commitment.objects.get()
    assert c.latest().spec["safeguards"] == ["classifier"] and c.latest().state == "draft"
    r = client.post(f"/models/{slug}/commitments/new/", {**FORM, "alert": 0.9})
    assert r.status_code == 400 and "alert 0.9 must not exceed threshold 0.5" in r.content.decode()
    r = client.post(f"/models/{slug}/commitments/new/", {**FORM, "kind": "risk_threshold", "name": "Deaths",
                                                         "harm_measure": "fatalities", "level_n": 1000,
                                                         "probability": 0.001, "period": 1})
    assert r.status_code == 302 and Commitment.objects.filter(kind="risk_threshold").exists()
    # propose, then a new version that weakens it
    v1 = c.latest()
    client.post(f"/commitments/versions/{v1.pk}/propose/", {"comment_days": 0})
    v1.refresh_from_db()
    assert v1.state == "proposed"
    r = client.post(f"/commitments/{c.pk}/new-version/", {**FORM, "threshold": 0.6, "alert": 0.5})
    assert r.status_code == 302
    page = client.get(f"/commitments/{c.pk}/").content.decode()
    assert "weakens the commitment" in page
    assert CommitmentVersion.objects.filter(commitment=c).count() == 2


def test_outsider_cannot_use_developer_forms(world, client):
    client.force_login(world["outsider"])
    slug = world["model"].full_slug
    assert client.get(f"/models/{slug}/commitments/new/").status_code == 403
    assert client.post(f"/models/{slug}/threat-profiles/new/", {}).status_code == 403


def test_moderation_and_comments_through_the_web(world, client):
    v = services.create_commitment(world["admin"], world["model"], "red_line", "R", RED_LINE)
    v = services.propose(world["admin"], v, comment_period_ends=dt.date.today())
    r = client.post(f"/commitments/versions/{v.pk}/comment/", {"body": "Too lax.", "author_name": "Sam"})
    assert r.status_code == 302
    comment = v.comments.get()
    assert comment.author_name == "Sam"
    client.force_login(world["member"])
    client.post(f"/commitments/comments/{comment.pk}/hide/", {"reason": "spam"})
    comment.refresh_from_db()
    assert not comment.hidden
    client.force_login(world["triager"])
    client.post(f"/commitments/comments/{comment.pk}/hide/", {"reason": "off topic"})
    comment.refresh_from_db()
    assert comment.hidden
    client.logout()
    page = client.get(f"/commitments/{v.commitment_id}/").content.decode()
    assert "Too lax." not in page and "hidden by the moderators: off topic" in page


def test_key_registration_and_org_page(world, client):
    key = signing.generate_private_key()
    public = signing.public_key_to_b64(key.public_key())
    client.force_login(world["member"])
    r = client.post("/commitments/keys/", {"public_key": public})
    assert r.status_code == 400 and "reviewer organisation" in r.content.decode()
    client.force_login(world["reviewer1"])
    r = client.post("/commitments/keys/", {"public_key": "not base64!"})
    assert r.status_code == 400
    r = client.post("/commitments/keys/", {"public_key": public})
    assert r.status_code == 302
    assert ReviewerKey.objects.filter(user=world["reviewer1"], revoked_at__isnull=True).get().public_key == public
    org_page = client.get("/orgs/rev-one/").content.decode()
    assert public in org_page and "Reviewer signing keys" in org_page
    assert "Reviewer signing keys" not in client.get("/orgs/acme/").content.decode()


def test_feed_and_json(world, in_force_red_line, client):
    services.new_version(world["admin"], in_force_red_line.commitment, {**RED_LINE, "min_samples": 1})
    feed = client.get("/commitments/feed.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "acme/acme-7b: Cyber uplift v1 (in_force)" in text
    assert "WEAKENING" not in text  # the weakening version is still a draft, so not public yet
    data = client.get("/commitments.json").json()
    assert data["results"][0]["in_force_version"] == 1
    detail = client.get(f"/commitments/{in_force_red_line.commitment_id}.json").json()
    assert [v["number"] for v in detail["versions"]] == [1]  # the draft is hidden from the public
    assert detail["versions"][0]["approvals"][0]["signature"]
    spec = client.get(f"/commitments/versions/{in_force_red_line.pk}/spec.json").json()
    assert signing.is_valid(spec, detail["versions"][0]["approvals"][0]["signature"],
                            detail["versions"][0]["approvals"][0]["public_key"])


def test_per_model_feed(world, in_force_red_line, client):
    r = client.get(f"/models/{world['model'].full_slug}/commitments.atom")
    assert r.status_code == 200 and "Cyber uplift v1" in r.content.decode()
    world["model"].visibility = "org"
    world["model"].save()
    assert client.get(f"/models/{world['model'].full_slug}/commitments.atom").status_code == 404
