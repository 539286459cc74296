"""Pages of performance and returns (namespace `performance`)."""

from django.urls import path

from performance import views, views_census

app_name = "performance"

urlpatterns = [
    # The Performance page: the exports a user may start, the census form, their recent jobs.
    path("performance/", views_census.home, name="home"),
    path("performance/exports/", views.export_start, name="export_start"),
    path("performance/census/", views_census.census_start, name="census_start"),
    path("performance/census/validation/", views_census.census_validation, name="census_validation"),
]
