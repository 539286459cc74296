"""Pages for genograms and eco-maps (namespace `families`)."""

urlpatterns: list = []
