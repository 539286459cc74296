"""/api/v1/: every app's API routes in one place (API.md)."""

from django.urls import include, path

from casework import chronology_api
from casework.core import api_exports
from casework.core.api import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("", include("families.api")),
    path("", include("casework.api")),
    path("", include("assessments.api_urls")),
    path("exports/", api_exports.ExportListView.as_view(), name="api-exports"),
    path("exports/<uuid:job_id>/", api_exports.ExportDetailView.as_view(), name="api-export"),
    path("exports/<uuid:job_id>/rerun/", api_exports.ExportRerunView.as_view(), name="api-export-rerun"),
    path("exports/<uuid:job_id>/download/", api_exports.ExportDownloadView.as_view(), name="api-export-download"),
    path(
        "people/<uuid:person_id>/chronology/",
        chronology_api.PersonChronologyView.as_view(),
        name="api-person-chronology",
    ),
    path(
        "families/<uuid:family_id>/chronology/",
        chronology_api.FamilyChronologyView.as_view(),
        name="api-family-chronology",
    ),
    path("chronology-entries/", chronology_api.ChronologyEntryListView.as_view(), name="api-chronology-entries"),
    path(
        "chronology-entries/<uuid:entry_id>/",
        chronology_api.ChronologyEntryDetailView.as_view(),
        name="api-chronology-entry",
    ),
]
