"""Digest version 2 for the enumeration app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _v1(apps):
    return {
        "cueentry": lambda o: {
            "cue_id": o.cue_id, "name": o.name, "category": o.category, "description": o.description,
            "threat_actors": o.threat_actors, "harm_tiers": o.harm_tiers, "atlas": o.atlas, "avid": o.avid,
            "owasp": o.owasp, "aiid": o.aiid, "catalogue_version": o.catalogue_version, "version": o.version,
            "status": o.status},
        "cueproposal": lambda o: {
            "kind": o.kind, "target": o.target_id, "fields": o.fields, "proposer": o.proposer.email,
            "rationale": o.rationale, "state": o.state, "decided_by": o.decided_by.email if o.decided_by else None,
            "decision_reason": o.decision_reason, "result": o.result_id, "decided_at": o.decided_at},
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "enumeration", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('enumeration', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='cueentry',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='cueproposal',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
