from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The case domain: front door, cases and episodes, visits, plans, supervision."""

    name = "casework"
    label = "casework"
    verbose_name = "Casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.core import navigation

        navigation.register(order=10, label="My work", url_name="casework:my_work", section="")
