"""Pages of the case domain (namespace `casework`)."""

from django.urls import path

from casework import (
    urls_actions,
    urls_conferences,
    urls_glance,
    urls_plans,
    urls_story,
    urls_strategy,
    urls_supervision,
    urls_visits,
    views,
)
from casework.views import cases, episodes, teams
from casework.views import frontdoor as front_door

app_name = "casework"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    # Cases and child episodes
    path("cases/<uuid:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/allocate/", cases.case_allocate, name="case_allocate"),
    path("cases/<uuid:case_id>/transfer/", cases.case_transfer, name="case_transfer"),
    path("cases/<uuid:case_id>/transfer/decision/", cases.case_transfer_decide, name="case_transfer_decide"),
    path("cases/<uuid:case_id>/decisions/new/", cases.decision_add, name="decision_add"),
    path("episodes/<uuid:episode_id>/", episodes.episode_detail, name="episode_detail"),
    path("episodes/<uuid:episode_id>/close/", episodes.episode_close, name="episode_close"),
    path("episodes/<uuid:episode_id>/closure/", episodes.episode_closure_decide, name="episode_closure_decide"),
    path("episodes/<uuid:episode_id>/primary-need/", episodes.episode_primary_need, name="episode_primary_need"),
    path("teams/<uuid:team_id>/", teams.team_caseload, name="team_caseload"),
    # The front door
    path("front-door/", front_door.frontdoor_queue, name="frontdoor_queue"),
    path("front-door/contacts/new/", front_door.contact_new, name="contact_new"),
    path("front-door/contacts/new/<uuid:token>/", front_door.contact_new_details, name="contact_new_details"),
    path(
        "front-door/contacts/new/<uuid:token>/children/", front_door.contact_new_children, name="contact_new_children"
    ),
    path(
        "front-door/contacts/new/<uuid:token>/children/new/",
        front_door.contact_new_child_create,
        name="contact_new_child_create",
    ),
    path("front-door/contacts/new/<uuid:token>/family/", front_door.contact_new_family, name="contact_new_family"),
    path(
        "front-door/contacts/new/<uuid:token>/concerns/", front_door.contact_new_concerns, name="contact_new_concerns"
    ),
    path("front-door/contacts/new/<uuid:token>/check/", front_door.contact_new_check, name="contact_new_check"),
    path("front-door/contacts/new/<uuid:token>/discard/", front_door.contact_new_discard, name="contact_new_discard"),
    path("front-door/contacts/<uuid:contact_id>/", front_door.contact_detail, name="contact_detail"),
    path("front-door/contacts/<uuid:contact_id>/recorded/", front_door.contact_recorded, name="contact_recorded"),
    path("front-door/contacts/<uuid:contact_id>/decide/", front_door.contact_decide, name="contact_decide"),
    path("front-door/contacts/<uuid:contact_id>/endorse/", front_door.contact_endorse, name="contact_endorse"),
    path(
        "front-door/contacts/<uuid:contact_id>/referrer-told/",
        front_door.contact_referrer_informed,
        name="contact_referrer_informed",
    ),
]

urlpatterns += (
    urls_visits.urlpatterns
    + urls_story.urlpatterns
    + urls_glance.urlpatterns
    + urls_plans.urlpatterns
    + urls_supervision.urlpatterns
    + urls_actions.urlpatterns
    + urls_strategy.urlpatterns
    + urls_conferences.urlpatterns
)
