"""Pages of assessments (namespace `assessments`): templates, assessments, the family's print."""

from assessments.urls_pages import urlpatterns as page_urlpatterns
from assessments.urls_print import urlpatterns as print_urlpatterns
from assessments.urls_templates import urlpatterns as template_urlpatterns

app_name = "assessments"

urlpatterns = [*template_urlpatterns, *page_urlpatterns, *print_urlpatterns]
