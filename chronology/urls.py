"""Pages for chronologies (namespace `chronology`)."""

from django.urls import path  # noqa: F401

app_name = "chronology"

urlpatterns: list = []
