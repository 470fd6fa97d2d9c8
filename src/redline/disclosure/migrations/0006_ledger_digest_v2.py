"""Digest version 2 for the disclosure app: a random salt on every row, and one re-digest entry per object.

The version-1 snapshot rules below are frozen copies of what the models digested before, so the step
re-digests only rows that still match their latest entry (see redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _v1(apps):
    return {
        "safeharborterms": lambda o: {"version": o.version, "text": o.text, "in_force": o.in_force},
        "report": lambda o: {
            "kind": o.kind, "title": o.title, "severity": o.severity, "csam_path": o.csam_path,
            "safe_harbor": o.safe_harbor.version if o.safe_harbor_id else None,
            "duplicate_of": o.duplicate_of_id, "incident": o.incident_id, "field_visibility": o.field_visibility},
        "case": lambda o: {
            "report": o.report_id, "embargo_state": o.embargo_state, "embargo_starts_at": o.embargo_starts_at,
            "embargo_ends_at": o.embargo_ends_at, "embargo_proposed_end": o.embargo_proposed_end,
            "case_flags": o.case_flags, "public_at": o.public_at, "attacks_observed_at": o.attacks_observed_at},
        "participant": lambda o: {
            "case": o.case_id, "vendor": o.vendor.slug, "state": o.state, "duplicate_of": o.duplicate_of,
            "flags": o.flags, "severity": o.severity, "acknowledged_at": o.acknowledged_at,
            "triaged_at": o.triaged_at, "fix_ready_at": o.fix_ready_at, "fix_deployed_at": o.fix_deployed_at},
        "escalation": lambda o: {"case": o.case_id, "vendor": o.vendor.slug if o.vendor_id else None,
                                 "deadline": o.deadline, "due": o.due, "resolved_at": o.resolved_at},
        "attachment": lambda o: {"report": o.report_id, "name": o.name, "sha256": o.sha256, "size": o.size,
                                 "sensitivity": o.sensitivity},
        "message": lambda o: {"report": o.report_id, "author": o.author_label, "audience": o.audience,
                              "body": o.body},
        "dispute": lambda o: {"report": o.report_id, "vendor": o.vendor.slug, "state": o.state,
                              "grounds": o.grounds, "vendor_answer": o.vendor_answer, "decisions": o.decisions},
        "advisory": lambda o: {"public_id": o.public_id, "report": o.report_id, "state": o.state,
                               "published_at": o.published_at, "reason": o.reason, "redirect_to": o.redirect_to,
                               "public": o.public},
        "incident": lambda o: {
            "title": o.title, "summary": o.summary, "grouping": o.grouping, "source_id": o.source_id,
            "public": o.public, "timeline": o.timeline, "impact": o.impact, "root_cause": o.root_cause,
            "mitigations": o.mitigations, "lessons_learned": o.lessons_learned},
        "duplicatelink": lambda o: {"report": o.report_id, "original": o.original_id, "score": o.score,
                                    "confirmed": o.confirmed, "confirmed_by": o.confirmed_by},
        "webhook": lambda o: {"organisation": o.organisation.slug, "url": o.url, "active": o.active},
    }


EXCLUDED = {"report": frozenset({"signature"}), "advisory": frozenset({"search_text", "search_vector"}),
            "webhook": frozenset({"last_status"})}


def forwards(apps, schema_editor):
    redigest(apps, "disclosure", _v1(apps), EXCLUDED)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('disclosure', '0005_embargo_proposed_by'),
    ]

    operations = [
        migrations.AddField(
            model_name='advisory',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='attachment',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='case',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='dispute',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='duplicatelink',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='escalation',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='incident',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='message',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='participant',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='report',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='safeharborterms',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='webhook',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
