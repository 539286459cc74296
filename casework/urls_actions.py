"""Pages for actions (namespace `casework`)."""

from django.urls import path

from casework.views import actions

urlpatterns = [
    path("cases/<uuid:case_id>/actions/", actions.case_actions, name="case_actions"),
    path("cases/<uuid:case_id>/actions/new/", actions.action_new, name="action_new"),
    path("actions/<uuid:action_id>/", actions.action_detail, name="action_detail"),
    path("actions/<uuid:action_id>/complete/", actions.action_complete, name="action_complete"),
]
