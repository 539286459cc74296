"""Pages of performance and returns (namespace `performance`)."""

from django.urls import path

from performance import case_file, views, views_census, views_dashboard
from performance.annex_a.views import annex_a_start

app_name = "performance"

urlpatterns = [
    # The Performance page: the exports a user may start, the census form, their recent jobs.
    path("performance/", views_census.home, name="home"),
    path("performance/exports/", views.export_start, name="export_start"),
    path("performance/census/", views_census.census_start, name="census_start"),
    path("performance/annex-a/", annex_a_start, name="annex_a_start"),
    path("performance/census/validation/", views_census.census_validation, name="census_validation"),
    path("performance/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("performance/dashboard/csv/", views_dashboard.dashboard_csv, name="dashboard_csv"),
    path("people/<uuid:person_id>/case-file/", case_file.case_file_start, name="case_file_start"),
]
