"""Migration 0011 keys the duplicate index by (band, report): every band row is carried across (a pair that
was stored twice, once), no surrogate id is left, and it goes back."""

from __future__ import annotations

import pytest

from migrating import migrate_to, migrate_to_latest

BEFORE = [("disclosure", "0010_incident_facets")]
AFTER = [("disclosure", "0011_duplicate_band_key")]



@pytest.mark.django_db(transaction=True)
def test_band_rows_survive_the_new_key_both_ways():
    old = migrate_to(BEFORE)
    Report, Band = old.get_model("disclosure", "Report"), old.get_model("disclosure", "DuplicateBand")
    first = Report.objects.create(title="R1", description="d")
    second = Report.objects.create(title="R2", description="d")
    Band.objects.bulk_create([Band(band=b, report_id=r.pk) for r, b in
                              [(first, -2**63), (first, 7), (first, 7), (second, 7), (second, 2**63 - 1)]])
    try:
        new = migrate_to(AFTER)
        NewBand = new.get_model("disclosure", "DuplicateBand")
        assert sorted(NewBand.objects.values_list("band", "report_id")) == \
            sorted([(-2**63, first.pk), (7, first.pk), (7, second.pk), (2**63 - 1, second.pk)])
        assert [f.name for f in NewBand._meta.concrete_fields] == ["band", "report"]  # no surrogate id
        back = migrate_to(BEFORE)
        assert back.get_model("disclosure", "DuplicateBand").objects.count() == 4
    finally:
        migrate_to_latest()
