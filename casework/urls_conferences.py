"""Pages for child protection conferences and core groups (namespace `casework`)."""

from django.urls import path

from casework.views import conferences

urlpatterns = [
    path("cases/<uuid:case_id>/conferences/new/", conferences.conference_new, name="conference_new"),
    path("conferences/<uuid:conference_id>/", conferences.conference_detail, name="conference_detail"),
    path("plans/<uuid:plan_id>/core-groups/new/", conferences.core_group_new, name="core_group_new"),
]
