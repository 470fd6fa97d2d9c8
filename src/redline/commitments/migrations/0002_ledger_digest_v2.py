"""Digest version 2 for the commitments app: a random salt on every row, and one re-digest entry per object.

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
        "threatprofile": lambda o: {
            "model": _full(o.model), "cue": o.cue_entry_id, "category": o.category, "threat_actor": o.threat_actor,
            "pathway": o.pathway, "impact_scale": o.impact_scale, "attempt_frequency": o.attempt_frequency,
            "uplift": o.uplift, "risk_model_yaml": o.risk_model_yaml},
        "commitment": lambda o: {"model": _full(o.model), "kind": o.kind, "name": o.name,
                                 "threat_profile": o.threat_profile_id, "required_approvals": o.required_approvals},
        "commitmentversion": lambda o: {"commitment": o.commitment_id, "number": o.number, "spec": o.spec,
                                        "state": o.state, "rationale": o.rationale,
                                        "comment_period_ends": o.comment_period_ends},
        "comment": lambda o: {"version": o.version_id, "author": o.author.email if o.author else o.author_name,
                              "body": o.body, "hidden": o.hidden, "hidden_reason": o.hidden_reason},
        "reviewerkey": lambda o: {"user": o.user.email, "organisation": o.organisation.slug,
                                  "public_key": o.public_key, "server_held": o.server_held,
                                  "revoked_at": o.revoked_at},
        "approval": lambda o: {"version": o.version_id, "reviewer": o.reviewer.email,
                               "organisation": o.organisation.slug, "key": o.key.fingerprint,
                               "signature": o.signature, "server_signed": o.server_signed},
    }


EXCLUDED = {}


def forwards(apps, schema_editor):
    redigest(apps, "commitments", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('commitments', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='approval',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='comment',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='commitment',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='commitmentversion',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='reviewerkey',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='threatprofile',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
