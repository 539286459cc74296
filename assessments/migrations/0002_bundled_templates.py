"""The bundled assessment templates (Understanding Families, Signs of Safety), version 1 and
published, loaded through the same validation as an upload; and the rule that a published (or
retired) version never changes, enforced by the database itself so that no code path — a
service, the admin, a stray ``.save()`` — can alter what assessments were written against."""

from django.db import migrations
from django.utils import timezone

IMMUTABLE_MESSAGE = "A published assessment template version never changes: make a new version"

POSTGRES_IMMUTABLE = f"""
CREATE OR REPLACE FUNCTION assessments_template_refuse_change() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR NEW.key IS DISTINCT FROM OLD.key
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.name IS DISTINCT FROM OLD.name
        OR NEW.description IS DISTINCT FROM OLD.description
        OR NEW.sections IS DISTINCT FROM OLD.sections
    ) THEN
        RAISE EXCEPTION '{IMMUTABLE_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS assessments_template_immutable ON assessments_assessmenttemplate;
CREATE TRIGGER assessments_template_immutable BEFORE UPDATE ON assessments_assessmenttemplate
    FOR EACH ROW EXECUTE FUNCTION assessments_template_refuse_change();
"""

SQLITE_IMMUTABLE = f"""CREATE TRIGGER IF NOT EXISTS assessments_template_immutable
    BEFORE UPDATE ON assessments_assessmenttemplate
    WHEN OLD.status <> 'draft' AND (
        NEW.status = 'draft' OR NEW.key IS NOT OLD.key OR NEW.version IS NOT OLD.version
        OR NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description
        OR NEW.sections IS NOT OLD.sections
    )
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END"""


def load_bundled(apps, schema_editor):
    from assessments.schema import bundled_templates

    Template = apps.get_model("assessments", "AssessmentTemplate")
    now = timezone.now()
    for data in bundled_templates():
        if Template.objects.filter(key=data["key"]).exists():
            continue
        Template.objects.create(
            key=data["key"],
            name=data["name"],
            description=data["description"],
            sections=data["sections"],
            version=1,
            status="published",
            bundled=True,
            published_at=now,
        )


def unload_bundled(apps, schema_editor):
    Template = apps.get_model("assessments", "AssessmentTemplate")
    Template.objects.filter(bundled=True, version=1, assessments__isnull=True).delete()


def immutable(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_IMMUTABLE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_IMMUTABLE)


def mutable(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS assessments_template_immutable ON assessments_assessmenttemplate")
        schema_editor.execute("DROP FUNCTION IF EXISTS assessments_template_refuse_change()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS assessments_template_immutable")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_assessments")]
    operations = [
        migrations.RunPython(load_bundled, unload_bundled),
        migrations.RunPython(immutable, mutable),
    ]
