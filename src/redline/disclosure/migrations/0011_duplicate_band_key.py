"""The duplicate index keyed by (band, report): no surrogate ``id``, so no sequence value and no
second index entry per band row. The rows are copied across in SQL (each pair once), not recomputed."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
