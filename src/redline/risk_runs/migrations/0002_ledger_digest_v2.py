"""Digest version 2 for the risk_runs app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _v1(apps):
    return {
        "riskrun": lambda o: {
            "profile": o.profile_id, "threshold_version": o.threshold_version_id, "model_sha256": o.model_sha256,
            "threshold": o.threshold, "probability": o.probability, "samples": o.samples, "seed": o.seed,
            "outer": o.outer, "inner": o.inner, "result": o.result, "verdict": o.verdict},
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "risk_runs", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('risk_runs', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='riskrun',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
