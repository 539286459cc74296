"""Pages for visits and case notes (namespace `casework`)."""

from django.urls import path

from casework.views import visits

urlpatterns = [
    path("cases/<uuid:case_id>/records/", visits.case_records, name="case_records"),
    path("cases/<uuid:case_id>/visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<uuid:visit_id>/", visits.visit_detail, name="visit_detail"),
    path("visits/<uuid:visit_id>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<uuid:visit_id>/finish/", visits.visit_finish, name="visit_finish"),
    path("visits/<uuid:visit_id>/corrections/new/", visits.visit_amend, name="visit_amend"),
    path("cases/<uuid:case_id>/notes/new/", visits.note_new, name="note_new"),
    path("notes/<uuid:note_id>/", visits.note_detail, name="note_detail"),
    path("notes/<uuid:note_id>/edit/", visits.note_edit, name="note_edit"),
    path("notes/<uuid:note_id>/finish/", visits.note_finish, name="note_finish"),
    path("notes/<uuid:note_id>/corrections/new/", visits.note_amend, name="note_amend"),
]
