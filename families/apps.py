from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "People and families"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers demo data, the chronology rebuilder and the people_csv export kind, and the
        # pages' entry in the primary navigation.
        from casework.core import navigation
        from casework.core.record_parts import register_record_part
        from families import demo, events, exports  # noqa: F401
        from families.views.drawings import record_drawings_part

        navigation.register(
            order=30, label="Families and children", url_name="families:person_search", section="people"
        )
        # The child's record shows their eco-map and their families' genograms (links with thumbnails).
        register_record_part("drawings", 40, "families/drawings/_record_drawings.html", record_drawings_part)
