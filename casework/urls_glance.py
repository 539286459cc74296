"""Pages behind the child at a glance: the worker's current summary (namespace `casework`)."""

from django.urls import path

from casework.views import glance

urlpatterns = [
    path("people/<uuid:person_id>/summary/", glance.summary_edit, name="summary_edit"),
]
