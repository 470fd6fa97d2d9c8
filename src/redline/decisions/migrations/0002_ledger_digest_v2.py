"""Digest version 2 for the decisions app: a random salt on every row, and one re-digest entry per object.

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
        "decisionrecord": lambda o: {"model": _full(o.model), "mode": o.mode, "outcome": o.outcome,
                                     "rationale": o.rationale, "snapshot_sha256": o.snapshot_sha256},
        "dedeploymentprotocol": lambda o: {"deployment": o.deployment_id, "name": o.name, "triggers": o.triggers,
                                           "steps": o.steps},
        "drill": lambda o: {"protocol": o.protocol_id, "held_at": o.held_at, "timings": o.timings,
                            "notes": o.notes},
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "decisions", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('decisions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='decisionrecord',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='dedeploymentprotocol',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='drill',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
