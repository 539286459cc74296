"""The assessment's pages (namespace `assessments`): starting one on a case, the assessment, its
sections, time frame, delay reason and workflow steps."""

from django.urls import path

from assessments import views

urlpatterns = [
    path("cases/<uuid:case_id>/assessments/new/", views.assessment_start, name="assessment_start"),
    path("assessments/<uuid:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<uuid:assessment_id>/sections/<slug:key>/", views.assessment_section, name="assessment_section"),
    path("assessments/<uuid:assessment_id>/timeframe/", views.assessment_timeframe, name="assessment_timeframe"),
    path(
        "assessments/<uuid:assessment_id>/agree-timeframe/",
        views.assessment_agree_timeframe,
        name="assessment_agree_timeframe",
    ),
    path("assessments/<uuid:assessment_id>/delay/", views.assessment_delay, name="assessment_delay"),
    path("assessments/<uuid:assessment_id>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<uuid:assessment_id>/return/", views.assessment_return, name="assessment_return"),
    path("assessments/<uuid:assessment_id>/authorise/", views.assessment_authorise, name="assessment_authorise"),
]
