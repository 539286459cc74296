"""Visits and case notes API (API.md "Visits and notes"): /api/v1/visits/ and /api/v1/notes/."""

urlpatterns: list = []
