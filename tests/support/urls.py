"""The project's URLs plus test-only pages: use with @pytest.mark.urls("tests.support.urls")."""

from django.urls import path

from casework.urls import handler400, handler403, handler404, handler500  # noqa: F401  (kept for the test URLconf)
from casework.urls import urlpatterns as project_urlpatterns
from tests.support import views

urlpatterns = [
    path("test-support/notes/<slug:record_key>/", views.note_form, name="test_note_form"),
    *project_urlpatterns,
]
