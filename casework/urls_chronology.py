"""Pages for chronologies (namespace `chronology`): in the case domain, because they apply the
record's access rules from families (chronology itself imports only the core)."""

from django.urls import path

from casework.views import chronology as views

app_name = "chronology"

urlpatterns = [
    path("people/<uuid:person_id>/chronology/", views.person_chronology, name="person_chronology"),
    path("people/<uuid:person_id>/chronology/add/", views.manual_entry_add, name="manual_entry_add"),
    path("people/<uuid:person_id>/chronology/export/", views.person_chronology_export, name="person_export"),
    path("families/<uuid:family_id>/chronology/", views.family_chronology, name="family_chronology"),
    path("chronology/entries/<uuid:entry_id>/curate/", views.entry_curate, name="entry_curate"),
]
