"""Digest version 2 for the evidence app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _full(m):
    return f"{m.organisation.slug}/{m.slug}"


def _alias(o):
    return {"source_model": o.source_model, "model_alias": o.model_alias} if o.model_alias else {}


def _v1(apps):
    return {
        "evaluation": lambda o: {
            "model": _full(o.model), "task": o.task, "metric": o.metric, "scorer": o.scorer, "n": o.n,
            "successes": o.successes, "unscored": o.unscored, "errored": o.errored, "estimate": o.estimate,
            "elicitation_level": o.elicitation_level, "sha256": o.sha256, "filename": o.filename,
            "valid_until": o.valid_until, **_alias(o)},
        "safeguardcampaign": lambda o: {
            "model": _full(o.model), "safeguard": o.safeguard, "tolerance": o.tolerance, "attempts": o.attempts,
            "attack_succeeded": o.attack_succeeded, "monitor_flagged": o.monitor_flagged, "passed": o.passed,
            "sha256": o.sha256, **_alias(o)},
        "storedverdict": None,  # recorded from now on: every row gets its first entry
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "evidence", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('evidence', '0002_source_model_and_alias'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluation',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='safeguardcampaign',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='storedverdict',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
