"""/api/v1/ routes of assessments (API.md "Assessments")."""

from assessments.api import urlpatterns as assessment_urlpatterns
from assessments.api_templates import urlpatterns as template_urlpatterns

urlpatterns = [*template_urlpatterns, *assessment_urlpatterns]
