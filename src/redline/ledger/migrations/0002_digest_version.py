"""Entries carry the digest version that wrote them: 1 for every entry written before, 2 from now on."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgerentry',
            name='digest_version',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='digest_version',
            field=models.PositiveSmallIntegerField(default=2, help_text='The rules the digest and hash were made by (see docs/ledger.md)'),
        ),
    ]
