"""Migration 0006 turns each report's one incident into the many-to-many link, losing nothing, and back."""

from __future__ import annotations

import pytest

from migrating import migrate_to, migrate_to_latest

BEFORE = [("disclosure", "0008_vendor_statements_and_dispute_rules")]
AFTER = [("disclosure", "0009_incident_database")]



@pytest.mark.django_db(transaction=True)
def test_existing_links_survive_the_migration_both_ways():
    old = migrate_to(BEFORE)
    Report, Incident = old.get_model("disclosure", "Report"), old.get_model("disclosure", "Incident")
    wave = Incident.objects.create(title="Wave")
    other = Incident.objects.create(title="Other")
    linked = [Report.objects.create(title=f"R{i}", description="d", incident=wave if i < 2 else other)
              for i in range(3)]
    loose = Report.objects.create(title="Loose", description="d")
    avid = Report.objects.create(title="AVID", description="d", source_format="avid-0.3.3", source_id="AVID-X",
                                 severity="medium", original={"metrics": [{"scorer": "s", "metrics": "m", "value": 1}]})
    # The ledger as the old version would have left it: one entry per row with its digest then.
    from redline.ledger.services import record_many
    from redline.ledger.snapshots import digests

    rows = [*linked, loose, avid]
    record_many(rows, "create", actor="test", digests=digests(rows, {"signature"}))
    incs = [wave, other]
    record_many(incs, "create", actor="test", digests=digests(incs))
    try:
        new = migrate_to(AFTER)
        from redline.ledger.services import verify

        assert verify() is None  # an upgraded database still verifies
        assert new.get_model("disclosure", "Report").objects.get(pk=avid.pk).severity == ""  # not invented
        NewIncident = new.get_model("disclosure", "Incident")
        assert sorted(NewIncident.objects.get(pk=wave.pk).reports.values_list("pk", flat=True)) == \
               [linked[0].pk, linked[1].pk]
        assert list(NewIncident.objects.get(pk=other.pk).reports.values_list("pk", flat=True)) == [linked[2].pk]
        assert not new.get_model("disclosure", "Report").objects.get(pk=loose.pk).incidents.exists()
        back = migrate_to(BEFORE)
        assert back.get_model("disclosure", "Report").objects.get(pk=linked[2].pk).incident_id == other.pk
    finally:
        migrate_to_latest()
