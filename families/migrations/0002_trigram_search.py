"""Misspelling-tolerant name search on PostgreSQL: pg_trgm and a GIN trigram index.

SQLite has no trigram support; search there degrades to substring matching (selectors).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS families_personname_name_trgm "
        "ON families_personname USING gin (lower(name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS families_personname_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("families", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
