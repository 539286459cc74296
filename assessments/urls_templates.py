"""Pages where performance officers manage assessment templates (namespace `assessments`).

A version is named by its template's key and its number: /assessment-templates/KEY/versions/N/."""

from django.urls import path

from assessments import views_templates as views

VERSION = "assessment-templates/<slug:key>/versions/<int:version>/"

urlpatterns = [
    path("assessment-templates/", views.template_list, name="template_list"),
    path("assessment-templates/new/", views.template_new, name="template_new"),
    path(VERSION, views.template_detail, name="template_detail"),
    path(f"{VERSION}edit/", views.template_edit, name="template_edit"),
    path(f"{VERSION}json/", views.template_download, name="template_download"),
    path(f"{VERSION}publish/", views.template_publish_view, name="template_publish"),
    path(f"{VERSION}retire/", views.template_retire_view, name="template_retire"),
    path(f"{VERSION}discard/", views.template_discard_view, name="template_discard"),
    path(f"{VERSION}new-version/", views.template_new_version_view, name="template_new_version"),
]
