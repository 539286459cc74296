"""Pages for genograms and eco-maps (namespace `families`)."""

from django.urls import path

from families.views import drawings

urlpatterns: list = [
    path("families/<uuid:family_id>/genogram/", drawings.family_genogram, name="family_genogram"),
    path("families/<uuid:family_id>/eco-map/", drawings.family_ecomap, name="family_ecomap"),
    path("people/<uuid:person_id>/eco-map/", drawings.person_ecomap, name="person_ecomap"),
]
