"""The family's copy of an assessment: the print layout, and asking for its PDF."""

from django.urls import path

from assessments import views_print

urlpatterns = [
    path("assessments/<uuid:assessment_id>/print/", views_print.assessment_print, name="assessment_print"),
    path(
        "assessments/<uuid:assessment_id>/print/pdf/",
        views_print.assessment_print_export,
        name="assessment_print_export",
    ),
]
