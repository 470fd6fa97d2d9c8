"""Digest version 2 for safety cases: a random salt on every row, and one re-digest entry per object.

The app recorded hand-picked snapshot fields until it moved onto ``Recorded``; those rules are
frozen below, so only rows that still match their latest entry are re-digested (see
redline.ledger.upgrade).
"""

from django.db import migrations, models

import redline.ledger.models
from redline.ledger.upgrade import redigest


def _full(m):
    return f"{m.organisation.slug}/{m.slug}"


def _before(apps):
    return {
        "safetycase": lambda o: {"model": _full(o.model), "slug": o.slug, "title": o.title, "modes": o.modes,
                                 "sha256": o.sha256, "revision": o.revision, "state": o.state, "status": o.status,
                                 "gaps": o.status_summary.get("gap_count")},
        "solutionbinding": lambda o: {"case": o.case_id, "element": o.element, "kind": o.kind,
                                      "commitment": o.commitment_id, "safeguard": o.safeguard,
                                      "decision": o.decision_id, "protocol": o.protocol_id,
                                      "modification": o.modification},
        "assessment": lambda o: {"case": o.case_id, "revision": o.revision, "verdict": o.verdict,
                                 "document_sha256": o.document_sha256, "assessor": o.assessor.email,
                                 "organisation": o.organisation.slug, "key": o.key.fingerprint,
                                 "signature": o.signature, "server_signed": o.server_signed},
        "assessmentcondition": lambda o: {"assessment": o.assessment_id, "position": o.position, "text": o.text,
                                          "met_at": o.met_at, "met_note": o.met_note},
    }


def forwards(apps, schema_editor):
    redigest(apps, "safety_cases", _before(apps), {})


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_digest_version'),
        ('safety_cases', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='assessmentcondition',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='safetycase',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.AddField(
            model_name='solutionbinding',
            name='ledger_salt',
            field=models.CharField(default=redline.ledger.models.new_salt, editable=False, help_text='Random, per object; part of its ledger digest', max_length=32),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
