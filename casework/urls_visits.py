"""Pages for visits and case notes (namespace `casework`)."""

urlpatterns: list = []
