"""Pages for people (/people/...) and families (/families/...), namespace `families`."""

from django.urls import path

from families import urls_drawings, views

app_name = "families"

urlpatterns = [
    path("people/", views.person_search, name="person_search"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:person_id>/history/", views.person_history, name="person_history"),
    path("people/<uuid:person_id>/restriction/", views.person_restriction, name="person_restriction"),
    path("people/<uuid:person_id>/families/", views.person_join_family, name="person_join_family"),
    path("people/<uuid:person_id>/warnings/new/", views.warning_add, name="warning_add"),
    path("people/<uuid:person_id>/warnings/<uuid:warning_id>/end/", views.warning_end, name="warning_end"),
    path("people/<uuid:person_id>/relationships/new/", views.relationship_choose, name="relationship_choose"),
    path(
        "people/<uuid:person_id>/relationships/new/<uuid:other_id>/",
        views.relationship_kind,
        name="relationship_kind",
    ),
    path(
        "people/<uuid:person_id>/relationships/new/<uuid:other_id>/details/",
        views.relationship_details,
        name="relationship_details",
    ),
    path(
        "people/<uuid:person_id>/relationships/<uuid:relationship_id>/edit/",
        views.relationship_edit,
        name="relationship_edit",
    ),
    path(
        "people/<uuid:person_id>/relationships/<uuid:relationship_id>/end/",
        views.relationship_end,
        name="relationship_end",
    ),
    path("people/<uuid:person_id>/connections/new/", views.connection_add, name="connection_add"),
    path(
        "people/<uuid:person_id>/connections/<uuid:connection_id>/edit/",
        views.connection_edit,
        name="connection_edit",
    ),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<uuid:family_id>/", views.family_detail, name="family_detail"),
    path("families/<uuid:family_id>/edit/", views.family_edit, name="family_edit"),
    path("families/<uuid:family_id>/move/", views.family_move, name="family_move"),
    path("families/<uuid:family_id>/members/add/", views.member_add, name="member_add"),
    path("families/<uuid:family_id>/members/<uuid:person_id>/edit/", views.member_edit, name="member_edit"),
    path("families/<uuid:family_id>/members/<uuid:person_id>/end/", views.member_end, name="member_end"),
    path("families/<uuid:family_id>/professionals/new/", views.professional_add, name="professional_add"),
    path(
        "families/<uuid:family_id>/professionals/<uuid:professional_id>/edit/",
        views.professional_edit,
        name="professional_edit",
    ),
]

urlpatterns += urls_drawings.urlpatterns
