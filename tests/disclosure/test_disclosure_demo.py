"""The disclosure demo loads cases in every state and is idempotent."""

from __future__ import annotations


def test_demo_has_every_state_and_loads_twice(db):
    from redline.disclosure import demo
    from redline.disclosure.models import Advisory, Case, Dispute, Escalation, Incident, Participant, Report
    from redline.registry.demo import load_registry

    load_registry()
    demo.load()
    count = Report.objects.count()
    demo.load()
    assert Report.objects.count() == count >= 12
    states = set(Participant.objects.values_list("state", flat=True))
    assert {"received", "valid", "accepted", "invalid", "deferred"} <= states
    assert Participant.objects.exclude(fix_ready_at=None).exists()
    assert {"reserved", "published", "rejected", "duplicate"} <= set(Advisory.objects.values_list("state", flat=True))
    assert Case.objects.filter(embargo_state="active").exists()
    assert {"decided", "filed"} <= set(Dispute.objects.values_list("state", flat=True))
    assert Escalation.objects.exists()
    assert Incident.objects.exclude(root_cause="").exists()
    assert Report.objects.filter(csam_path=True).exists()
    assert Case.objects.filter(participants__vendor__slug="meridian").filter(
        participants__vendor__slug="openforge").exists()
