"""Digest version 2 for the registry app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _full(m):
    return f"{m.organisation.slug}/{m.slug}"


def _v1(apps):
    return {
        "aimodel": lambda o: {
            "organisation": o.organisation.slug, "slug": o.slug, "name": o.name, "version": o.version,
            "base_model": o.base_model, "modality": o.modality, "licence": o.licence,
            "parameter_count": o.parameter_count, "release_date": o.release_date, "summary": o.summary,
            "links": o.links, "tags": o.tags, "visibility": o.visibility, "audiences": o.audiences,
            "card_sha256": o.card_sha256},
        "scopestatement": lambda o: {"model": _full(o.model), "version": o.version, "intended_use": o.intended_use,
                                     "stated_limits": o.stated_limits, "claims": o.claims},
        "deployment": lambda o: {"model": _full(o.model), "mode": o.mode, "channels": o.channels,
                                 "start_date": o.start_date, "status": o.status, "notes": o.notes},
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "registry", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='aimodel',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='deployment',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='scopestatement',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
