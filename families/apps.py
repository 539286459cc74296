from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "People and families"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers demo data, the chronology rebuilder and the people_csv export kind, and the
        # pages' entry in the primary navigation.
        from casework.core import navigation
        from families import demo, events, exports  # noqa: F401

        navigation.register(
            order=30, label="Families and children", url_name="families:person_search", section="people"
        )
