"""The duplicate index keyed by (band, report): no surrogate ``id``, so no sequence value and no
second index entry per band row. The rows are copied across in SQL (each pair once), not recomputed."""

import django.db.models.deletion
from django.db import migrations, models


def _name_the_key(apps, schema_editor):
    """PostgreSQL named the key after the table it was created as; give it the table's name."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE disclosure_duplicateband RENAME CONSTRAINT "
                              "disclosure_duplicatebandkeyed_pkey TO disclosure_duplicateband_pkey")


def _unname_the_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE disclosure_duplicateband RENAME CONSTRAINT "
                              "disclosure_duplicateband_pkey TO disclosure_duplicatebandkeyed_pkey")


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0010_incident_facets'),
    ]

    operations = [
        migrations.CreateModel(
            name='DuplicateBandKeyed',
            fields=[
                ('pk', models.CompositePrimaryKey('band', 'report', blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ('band', models.BigIntegerField()),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                             to='disclosure.report')),
            ],
        ),
        migrations.RunSQL(
            'INSERT INTO disclosure_duplicatebandkeyed (band, report_id) '
            'SELECT DISTINCT band, report_id FROM disclosure_duplicateband',
            'INSERT INTO disclosure_duplicateband (band, report_id) '
            'SELECT band, report_id FROM disclosure_duplicatebandkeyed',
        ),
        migrations.DeleteModel(name='DuplicateBand'),
        migrations.RenameModel(old_name='DuplicateBandKeyed', new_name='DuplicateBand'),
        migrations.RunPython(_name_the_key, _unname_the_key),
    ]
