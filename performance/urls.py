"""Pages of performance and returns (namespace `performance`)."""

from django.urls import path

from performance import views

app_name = "performance"

urlpatterns = [
    path("performance/", views.home, name="home"),
    path("performance/exports/", views.export_start, name="export_start"),
]
