from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Assessment templates kept as data, and the Understanding Families assessment."""

    name = "assessments"
    verbose_name = "Assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assessments import events  # noqa: F401  (registers the chronology rebuilder)
        from assessments.exports import register_exports
        from assessments.integrations import register_integrations
        from assessments.selectors import episodes_with_an_assessment, open_assessments
        from assessments.views_templates import register_navigation
        from casework.core.open_work import register_open_work
        from casework.registries import register_assessment_probe

        register_open_work("assessments", open_assessments)
        register_assessment_probe(episodes_with_an_assessment, name="assessments")
        register_exports()
        register_integrations()
        register_navigation()
