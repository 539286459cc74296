"""/api/v1/: every app's API routes in one place (API.md)."""

from django.urls import path

from casework.core.api import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
]
