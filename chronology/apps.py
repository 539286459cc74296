"""Chronologies built from every recorded event and curated by people (models, selectors and
services; the pages and exports are in the case domain, which applies the record's access rules)."""

from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "chronology"
    verbose_name = "Chronology"
    default_auto_field = "django.db.models.BigAutoField"
