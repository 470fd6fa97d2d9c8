"""The risk-run table, created, or adopted from the app's old name ``estimates``.

Before 0.2 this app was labelled ``estimates`` and kept its rows in ``estimates_riskrun``. On such a
database this migration renames the table (rows, ids and foreign keys kept), moves the content type
to the new label and forgets the old app's migration records; on a new database it creates the table.
Ledger entries written before the rename keep naming ``estimates.riskrun``; ``redline ledger verify``
maps old labels to new (``redline.ledger.services.LABEL_RENAMES``) and never rewrites an entry.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OLD_TABLE = "estimates_riskrun"


def create_or_adopt(apps, schema_editor):
    model = apps.get_model("risk_runs", "RiskRun")
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        schema_editor.create_model(model)
        return
    schema_editor.alter_db_table(model, OLD_TABLE, model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s", ["risk_runs", "estimates"])
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["estimates"])


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("risk_runs", "RiskRun"))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('commitments', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='RiskRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model_sha256', models.CharField(help_text="SHA-256 of the risk model's YAML text", max_length=64)),
                ('threshold', models.FloatField(help_text='Harm level N in P(outcome ≥ N)')),
                ('probability', models.FloatField(blank=True, help_text='The limit p, when judged', null=True)),
                ('samples', models.PositiveIntegerField()),
                ('seed', models.PositiveBigIntegerField(default=0)),
                ('outer', models.PositiveIntegerField(blank=True, null=True)),
                ('inner', models.PositiveIntegerField(blank=True, null=True)),
                ('result', models.JSONField(help_text='redline.risk RunResult.to_dict()')),
                ('verdict', models.JSONField(blank=True, help_text='redline.risk Verdict.to_dict()', null=True)),
                ('curve', models.JSONField(help_text='Exceedance curve: grid, mean, median and the 5–95% band')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='risk_runs', to='commitments.threatprofile')),
                ('threshold_version', models.ForeignKey(blank=True, help_text='The risk threshold this run was judged against', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='risk_runs', to='commitments.commitmentversion')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        )], database_operations=[]),
        migrations.RunPython(create_or_adopt, drop, elidable=False),
    ]
