from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "People and families"
    default_auto_field = "django.db.models.BigAutoField"
