"""Full-text search: an FTS5 table on SQLite, a GIN expression index on PostgreSQL (replaced in 0004).

Both index ``disclosure_advisory.search_text``, which holds only the redacted
public record; the service layer keeps the FTS5 table in step (rowid = advisory id).
"""

from django.db import migrations

PG_INDEX = ("CREATE INDEX IF NOT EXISTS disclosure_advisory_search_gin ON disclosure_advisory "
            "USING GIN (to_tsvector('english'::regconfig, COALESCE(search_text, '')))")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS disclosure_advisory_fts "
                              "USING fts5(search_text, tokenize='porter unicode61')")
    elif vendor == "postgresql":
        schema_editor.execute(PG_INDEX)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS disclosure_advisory_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_advisory_search_gin")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
