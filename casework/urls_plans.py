"""Pages for CIN plans (namespace `casework`)."""

from django.urls import path

from casework.views import plans

urlpatterns = [
    path("cases/<uuid:case_id>/plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<uuid:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<uuid:plan_id>/authorise/", plans.plan_authorise, name="plan_authorise"),
    path("plans/<uuid:plan_id>/reviews/new/", plans.plan_review_new, name="plan_review_new"),
    path("plans/<uuid:plan_id>/end/", plans.plan_end, name="plan_end"),
    path("plans/<uuid:plan_id>/actions/new/", plans.plan_action_add, name="plan_action_add"),
]
