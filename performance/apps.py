from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance and returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.core import navigation
        from performance.annex_a.exports import register_annex_a_export
        from performance.case_file import register_case_file_export
        from performance.census.exports import register_census_export
        from performance.views import may_see_performance

        navigation.register(
            order=50,
            label="Performance",
            url_name="performance:home",
            section="performance",
            visible_to=may_see_performance,
        )
        register_census_export()
        register_annex_a_export()
        register_case_file_export()
