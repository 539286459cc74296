"""Pages for strategy discussions and Section 47 enquiries (namespace `casework`)."""

from django.urls import path

from casework.views import strategy

urlpatterns = [
    path("cases/<uuid:case_id>/strategy-discussions/new/", strategy.discussion_new, name="strategy_discussion_new"),
    path("strategy-discussions/<uuid:discussion_id>/", strategy.discussion_detail, name="strategy_discussion_detail"),
    path("strategy-discussions/<uuid:discussion_id>/edit/", strategy.discussion_edit, name="strategy_discussion_edit"),
    path("section47/<uuid:s47_id>/", strategy.section47_detail, name="section47_detail"),
    path("section47/<uuid:s47_id>/complete/", strategy.section47_complete, name="section47_complete"),
]
