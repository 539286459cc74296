"""The access log is append-only in the database itself: UPDATE and DELETE are refused by a
trigger (PostgreSQL and SQLite), whatever the application does (PERMISSIONS.md, "Always")."""

from django.db import migrations

from casework.core import db_triggers


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(db_triggers.POSTGRES_ACCESS_LOG)
    elif vendor == "sqlite":
        schema_editor.execute(db_triggers.SQLITE_NO_UPDATE)
        schema_editor.execute(db_triggers.SQLITE_NO_DELETE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_accesslog_refuse_change()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accesslog_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_accesslog_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
