"""Genogram and eco-map SVG endpoints (API.md "Chronology, genogram, eco-map")."""

urlpatterns: list = []
