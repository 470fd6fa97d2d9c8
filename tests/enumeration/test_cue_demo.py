"""The demo loader and the post-migrate sync."""

from __future__ import annotations

import pytest

from redline.core import cue as core
from redline.enumeration.models import CueEntry, CueEntryVersion, CueProposal

pytestmark = pytest.mark.django_db


def test_demo_loads_the_catalogue_and_two_proposals_idempotently():
    from redline.enumeration import demo
    from redline.registry.demo import load_registry

    load_registry()
    demo.load()
    counts = (CueEntry.objects.count(), CueEntryVersion.objects.count(), CueProposal.objects.count())
    demo.load()
    assert (CueEntry.objects.count(), CueEntryVersion.objects.count(), CueProposal.objects.count()) == counts
    assert CueEntry.objects.count() == len(core.load_catalogue().entries)
    assert sorted(CueProposal.objects.values_list("state", flat=True)) == ["open", "rejected"]
    assert CueProposal.objects.get(state="rejected").decision_reason


def test_demo_loader_is_discovered():
    from redline.demo import app_loaders
    from redline.enumeration import demo

    assert demo.load in app_loaders()


def test_post_migrate_syncs_a_database_holding_an_older_release():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    CueEntry.objects.update(catalogue_version="0.9.0")
    CueEntry.objects.filter(cue_id="CUE-0001").update(name="Old name")
    config = apps.get_app_config("enumeration")
    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default",
                      plan=[], apps=apps)
    shipped = core.load_catalogue()
    entry = CueEntry.objects.get(cue_id="CUE-0001")
    assert (entry.name, entry.version, entry.catalogue_version) == (shipped.entries[0].name, 2, shipped.version)
    assert CueEntry.objects.get(cue_id="CUE-0002").version == 1  # unchanged entries get no new version
    assert set(CueEntry.objects.values_list("catalogue_version", flat=True)) == {shipped.version}
