import django.db.models.deletion
from django.db import migrations, models


def bands_from_signatures(apps, schema_editor):
    """Index every stored signature: the bands used to live only in each process's memory."""
    from redline.core.dedup import MinHasher

    Report = apps.get_model("disclosure", "Report")
    DuplicateBand = apps.get_model("disclosure", "DuplicateBand")
    db = schema_editor.connection.alias
    hasher = MinHasher()
    rows = []
    for pk, sig in (Report.objects.using(db).filter(signature__isnull=False).order_by("pk")
                    .values_list("pk", "signature").iterator(chunk_size=2000)):
        rows += [DuplicateBand(band=key, report_id=pk) for key in hasher.band_keys(bytes(sig))]
        if len(rows) >= 20_000:
            DuplicateBand.objects.using(db).bulk_create(rows, batch_size=2000)
            rows = []
    DuplicateBand.objects.using(db).bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0005_embargo_proposed_by'),
    ]

    operations = [
        migrations.CreateModel(
            name='DuplicateBand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('band', models.BigIntegerField()),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosure.report')),
            ],
            options={
                'indexes': [models.Index(fields=['band', 'report'], name='disclosure_dupband_lookup')],
            },
        ),
        migrations.RunPython(bands_from_signatures, migrations.RunPython.noop),
    ]
