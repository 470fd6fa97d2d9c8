"""Digest version 2 for the accounts app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _v1(apps):
    return {
        "user": lambda o: {"email": o.email, "display_name": o.display_name, "is_staff": o.is_staff,
                           "is_active": o.is_active},
        "organisation": lambda o: {"slug": o.slug, "name": o.name, "kind": o.kind, "description": o.description,
                                   "website": o.website},
        "membership": lambda o: {"user": o.user.email, "organisation": o.organisation.slug, "role": o.role},
        "invitation": lambda o: {"organisation": o.organisation.slug, "email": o.email, "role": o.role,
                                 "accepted_at": o.accepted_at},
        "apitoken": lambda o: {"user": o.user.email, "name": o.name, "prefix": o.prefix, "scope": o.scope,
                               "revoked_at": o.revoked_at},
    }


EXCLUDED = {"user": frozenset({"last_login"}), "apitoken": frozenset({"last_used_at"})}


def forwards(apps, schema_editor):
    redigest(apps, "accounts", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='invitation',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='membership',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='organisation',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='user',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
